import type { Express, Request } from 'express';
import type { KeyObject } from 'node:crypto';
import { buildExport } from '../audit/exportFile.js';
import { exportableTo, readableHistory } from '../audit/readable.js';
import { publishedKey } from '../audit/signing.js';
import type { BlobStore } from '../blobStore/blobStore.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { Viewer } from '../access/viewer.js';
import { fail } from './errors.js';
import type { RequestLimits } from '../access/limits.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/;

/**
 * The auditor's files over HTTP: `GET /audit/signing-key` (the public half of the key exports are
 * signed with, and its fingerprint), and `GET /audit/export/:collaborationId` — the signed,
 * self-verifying export `npm run audit:export` writes, for whoever may read that history: arbitrators
 * and auditors always; a party only once nothing in it is withheld from that party (the other side's
 * rating not yet revealed, a review text arbitration removed, a report on its own review: redaction.ts),
 * since a signed file cannot be redacted without breaking its hash chain.
 * Anyone else is answered as if the collaboration did not exist.
 */
export const auditRoutes = (
  app: Express,
  options: {
    readonly eventStore: EventStore;
    readonly blobs: BlobStore;
    readonly signingKey: KeyObject;
    readonly now: () => string;
    readonly limits: Pick<RequestLimits, 'user'>;
    readonly authenticate: (request: Request) => Promise<Viewer | null>;
  },
): void => {
  const key = publishedKey(options.signingKey);
  app.get('/audit/signing-key', (_request, response) => {
    response.json(key);
  });

  app.get(
    '/audit/export/:collaborationId',
    async (request: Request<{ collaborationId: string }>, response, next) => {
      let viewer: Viewer | null;
      try {
        viewer = await options.authenticate(request);
      } catch (error) {
        return fail(response, 401, 'UNAUTHENTICATED', (error as Error).message);
      }
      if (!viewer)
        return fail(response, 401, 'UNAUTHENTICATED', 'Sign in: send "Authorization: Bearer <token>"');
      try {
        await options.limits.user(`${viewer.role}:${viewer.userId}`);
        const { collaborationId } = request.params;
        if (!ID.test(collaborationId)) {
          return fail(
            response,
            400,
            'BAD_USER_INPUT',
            'A collaboration id is 1–80 letters, digits, -, _, ., :',
          );
        }
        const missing = () => fail(response, 404, 'NOT_FOUND', `No collaboration ${collaborationId}`);
        // Who may read it, as the history query decides (from the log as stored, damage included).
        const history = await readableHistory(options.eventStore, viewer, collaborationId);
        if (!history) return missing();
        if (!exportableTo(history)) {
          // An unreadable event first: what it holds cannot be told, whatever else is withheld.
          return history.steps.every((step) => step.event)
            ? fail(
                response,
                403,
                'EXPORT_WITHHELD',
                'This history holds what is withheld from you (a rating not yet revealed, a removed review text, a report): its signed export is not yours while it does',
              )
            : fail(
                response,
                403,
                'EXPORT_WITHHELD_DAMAGED',
                'An event of this history can no longer be read, and what it holds may be hidden from you: an arbitrator or an auditor can export it',
              );
        }
        const file = await buildExport(options.eventStore, collaborationId, {
          blobs: options.blobs,
          now: options.now(),
          signingKey: options.signingKey,
          // What was read and replayed to decide who may have it is what the file holds.
          history,
        });
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.setHeader('content-disposition', `attachment; filename="${collaborationId}.audit.json"`);
        response.setHeader('cache-control', 'no-store');
        response.send(`${JSON.stringify(file, null, 2)}\n`);
      } catch (error) {
        next(error);
      }
    },
  );
};

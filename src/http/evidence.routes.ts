import express, { type Express, type Request, type Response } from 'express';
import { DISPUTES } from '../../projections/disputes/disputes.projection.js';
import { SHA256, uploaderKey, type BlobStore } from '../blobStore/blobStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { fail, parseBody } from './errors.js';
import type { RequestLimits } from '../access/limits.js';
import type { Viewer } from '../access/viewer.js';
import { isParty, partyIdOf, seesEverything } from '../access/rules.js';

const uploaderOf = (viewer: Viewer): string =>
  uploaderKey(viewer.role, partyIdOf(viewer) ?? `user:${viewer.userId}`);

/** What evidence files may be: pictures, documents, exports, short videos. */
export const EVIDENCE_TYPES = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'video/mp4',
] as const;

export interface EvidenceRouteOptions {
  readonly blobs: BlobStore;
  readonly readStore: ReadStore;
  readonly maxBytes: number;
  readonly now: () => string;
  readonly logger: { error(fields: object, message: string): void };
  /**
   * Waits, bounded, until the disputes read model has caught up with the log: a party reading a file
   * right after `addEvidence` cited it is not refused for the projection's lag.
   */
  readonly catchUp?: () => Promise<void>;
  /** The upload quota per party (and the request rates of its user). */
  readonly limits: Pick<RequestLimits, 'uploads' | 'user'>;
}

/**
 * Evidence files (DOMAIN.md § Dispute): `POST /evidence` stores a file under its SHA-256 (the hash
 * `addEvidence` then records; only the party that uploaded it may cite it); `GET /evidence/:sha256`
 * serves it to its uploaders, the parties of a dispute citing it, arbitrators and auditors — anyone
 * else is told it does not exist — hashing it again on every read: a file changed on disk is
 * reported (409 EVIDENCE_TAMPERED), never served as genuine.
 */
export const evidenceRoutes =
  (options: EvidenceRouteOptions) =>
  (app: Express, authenticate: (request: Request) => Promise<Viewer | null>) => {
    const viewerOf = async (request: Request, response: Response): Promise<Viewer | undefined> => {
      try {
        const viewer = await authenticate(request);
        if (viewer) return viewer;
        fail(response, 401, 'UNAUTHENTICATED', 'Sign in: send "Authorization: Bearer <token>"');
      } catch (error) {
        fail(response, 401, 'UNAUTHENTICATED', (error as Error).message);
      }
      return undefined;
    };

    /** Who asks, before a byte of the body is read: an anonymous 10 MB upload costs one header. */
    const signedIn = async (request: Request, response: Response, next: (error?: unknown) => void) => {
      const viewer = await viewerOf(request, response);
      if (!viewer) return;
      response.locals.viewer = viewer;
      next();
    };

    app.post(
      '/evidence',
      signedIn,
      (request, response, next) => {
        const viewer = response.locals.viewer as Viewer;
        if (viewer.role === 'AUDITOR')
          return fail(response, 403, 'FORBIDDEN', 'Auditors read; they never write');
        const contentType = (request.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (!(EVIDENCE_TYPES as readonly string[]).includes(contentType)) {
          return fail(
            response,
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            `Evidence may be ${EVIDENCE_TYPES.join(', ')}`,
            { contentType },
          );
        }
        // What the party may still upload today, from the size it declares, before reading a byte.
        const declared = Number(request.header('content-length') ?? 0);
        Promise.all([
          options.limits.user(`${viewer.role}:${viewer.userId}`),
          options.limits.uploads.check(uploaderOf(viewer), Number.isFinite(declared) ? declared : 0),
        ]).then(() => next(), next);
      },
      parseBody(express.raw({ type: () => true, limit: options.maxBytes }), (status) =>
        status === 413
          ? `Evidence files are at most ${options.maxBytes} bytes`
          : 'The file could not be read: its content encoding is unknown or corrupt',
      ),
      async (request, response, next) => {
        const viewer = response.locals.viewer as Viewer;
        const contentType = (request.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        const bytes = request.body as Buffer;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0)
          return fail(response, 400, 'BAD_USER_INPUT', 'The file is empty');
        try {
          await options.limits.uploads.consume(uploaderOf(viewer), bytes.length);
        } catch (error) {
          return next(error);
        }
        const info = await options.blobs.put(bytes, {
          contentType,
          uploadedBy: viewer.userId,
          uploader: uploaderOf(viewer),
          now: options.now(),
        });
        response.status(201).json({ sha256: info.sha256, size: info.size, contentType: info.contentType });
      },
    );

    app.get('/evidence/:sha256', async (request: Request<{ sha256: string }>, response, next) => {
      const viewer = await viewerOf(request, response);
      if (!viewer) return;
      try {
        await options.limits.user(`${viewer.role}:${viewer.userId}`);
      } catch (error) {
        return next(error);
      }
      const { sha256 } = request.params;
      if (!SHA256.test(sha256))
        return fail(response, 400, 'BAD_USER_INPUT', 'A SHA-256 is 64 lowercase hex digits');
      const blob = await options.blobs.get(sha256);
      // A file the viewer may not read is answered as one that does not exist: its hash tells nothing.
      const missing = () => fail(response, 404, 'NOT_FOUND', `No evidence file ${sha256}`);
      if (!blob) return missing();
      if (!seesEverything(viewer) && !(await options.blobs.uploadedBy(sha256, uploaderOf(viewer)))) {
        const isCitingParty = async () =>
          (
            await options.readStore.query(DISPUTES.name, {
              where: [{ field: 'evidenceHashes', op: 'eq', value: sha256 }],
              first: 100,
            })
          ).items.some((item) => isParty(viewer, item.doc));
        let allowed = await isCitingParty();
        if (!allowed && options.catchUp) {
          // Refused on what the read model shows now: ask again once it has caught up with the log
          // (bounded, and at once when it has).
          await options.catchUp();
          allowed = await isCitingParty();
        }
        if (!allowed) return missing();
      }
      if (blob.actualSha256 !== sha256) {
        options.logger.error({ sha256, actual: blob.actualSha256 }, 'evidence file changed on disk');
        return fail(
          response,
          409,
          'EVIDENCE_TAMPERED',
          'The stored file no longer matches its SHA-256: it was changed after upload',
          {
            sha256,
            actualSha256: blob.actualSha256,
          },
        );
      }
      response.setHeader('content-type', blob.info.contentType);
      response.setHeader('content-length', String(blob.bytes.length));
      response.setHeader('etag', `"${sha256}"`);
      response.setHeader('x-content-sha256', sha256);
      response.setHeader('x-content-type-options', 'nosniff');
      response.setHeader('content-security-policy', "default-src 'none'");
      response.setHeader('content-disposition', `attachment; filename="${sha256}"`);
      response.end(blob.bytes);
    });
  };

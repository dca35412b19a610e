import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import { DISPUTES } from '../../projections/disputes/disputes.projection.js';
import {
  BRIEF_TEMPLATES,
  LIBRARY_ENTRIES,
  entryId,
} from '../../projections/sellerLibrary/sellerLibrary.projection.js';
import { SELLERS } from '../../projections/sellers/sellers.projection.js';
import { CREATORS } from '../../projections/creators/creators.projection.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { addDays } from '../../src/contexts/shared.js';
import {
  createWriteSide,
  type CollaborationCommandBody,
  type WriteSide,
} from '../../src/contexts/writeSide.js';
import { DomainError } from '../../src/core/errors.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { completeCollaboration, creatorActor, registerParties, sellerActor } from '../support/drive.js';

/**
 * Two tenants (a seller and a creator each) who choose the same ids for everything they may name —
 * template, note, snapshot, message, ratings, dispute, evidence, statement — in any interleaving,
 * never see or change each other's documents: no document of any read model holds both tenants,
 * each keeps exactly what it wrote, and a dispute id goes to whoever claimed it first; the other is
 * refused with DISPUTE_ID_TAKEN.
 */

const TENANTS = ['tenant-A', 'tenant-B'] as const;
type Tenant = (typeof TENANTS)[number];
const START = '2026-03-01T00:00:00.000Z';
const ids = (t: Tenant) => ({ seller: `s-${t}`, creator: `c-${t}`, collaboration: `k-${t}` });
/** A's seller rates its creator 5 everywhere, B's 3; A's creator rates its seller 5, B's 2. */
const scoreOf = (t: Tenant, side: 'SELLER' | 'CREATOR') => (t === 'tenant-A' ? 5 : side === 'SELLER' ? 3 : 2);

/** One tenant's commands, in order, each refused or not; what was refused is noted. */
const script = (write: WriteSide, t: Tenant, refused: Map<string, string>) => {
  const { seller, creator, collaboration } = ids(t);
  const S = sellerActor(seller);
  const C = creatorActor(creator);
  const after = addDays(START, 30);
  const collab = (actor: typeof S, body: CollaborationCommandBody) =>
    write.collaboration({ ...body, collaborationId: collaboration, actor, now: after } as Parameters<
      WriteSide['collaboration']
    >[0]);
  const step = (name: string, run: () => Promise<unknown>) => async () => {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused.set(`${t} ${name}`, error.code);
    }
  };
  return [
    step('template', () =>
      write.sellerLibrary({
        type: 'SaveBriefTemplate',
        sellerId: seller,
        templateId: 'same-template',
        name: `template of ${t}`,
        brief: { contentFormat: 'UNBOXING' },
        actor: S,
        now: START,
      }),
    ),
    step('note', () =>
      write.sellerLibrary({
        type: 'AddCreatorNote',
        sellerId: seller,
        creatorId: creator,
        noteId: 'same-note',
        text: `note of ${t}`,
        actor: S,
        now: START,
      }),
    ),
    step('collaboration', () =>
      completeCollaboration(write, {
        collaborationId: collaboration,
        sellerId: seller,
        creatorId: creator,
        start: START,
      }),
    ),
    step('message', () =>
      collab(S, { type: 'PostMessage', messageId: 'same-message', body: `message of ${t}`, attachments: [] }),
    ),
    step('seller rates', () =>
      collab(S, {
        type: 'RateCollaboration',
        ratingId: 'same-rating',
        scores: Object.fromEntries(
          ['CONTENT_QUALITY', 'TIMELINESS', 'COMMUNICATION', 'COMPLIANCE', 'BRAND_FIT'].map((d) => [
            d,
            scoreOf(t, 'SELLER'),
          ]),
        ),
        comment: `rating of ${t}: a specific comment`,
        tags: [],
      }),
    ),
    step('creator rates', () =>
      collab(C, {
        type: 'RateCollaboration',
        ratingId: 'same-rating-2',
        scores: Object.fromEntries(
          ['BRIEF_CLARITY', 'FEEDBACK_QUALITY', 'PAYMENT_RELIABILITY', 'COMMUNICATION'].map((d) => [
            d,
            scoreOf(t, 'CREATOR'),
          ]),
        ),
        comment: `rating of ${t}: a specific comment`,
        tags: [],
      }),
    ),
    step('dispute', () =>
      collab(C, {
        type: 'OpenDispute',
        disputeId: 'same-dispute',
        reason: 'OTHER',
        statement: `dispute of ${t}`,
      }),
    ),
    step('evidence', () =>
      collab(C, {
        type: 'AddEvidence',
        disputeId: 'same-dispute',
        evidenceId: 'same-evidence',
        kind: 'CHAT_LOG',
        description: `evidence of ${t}`,
        sha256: 'a'.repeat(64),
        file: { contentType: 'text/plain', sizeBytes: 10 },
      }),
    ),
    step('statement', () =>
      collab(S, {
        type: 'AddStatement',
        disputeId: 'same-dispute',
        statementId: 'same-statement',
        text: `statement of ${t}`,
      }),
    ),
  ];
};

describe('two tenants choosing the same ids', () => {
  it('never see or change each other’s documents, in any interleaving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 18, maxLength: 18 }), async (order) => {
        const catalog = createEventCatalog();
        const store = getInMemoryEventStore({ catalog });
        const write = createWriteSide({ store, catalog });
        await registerParties(write, START, {
          sellers: TENANTS.map((t) => ids(t).seller),
          creators: TENANTS.map((t) => ids(t).creator),
        });
        const refused = new Map<string, string>();
        const queues = TENANTS.map((t) => script(write, t, refused));
        // Each boolean says whose next command goes next; what is left runs at the end.
        for (const pickB of order) {
          const queue = queues[pickB ? 1 : 0]!;
          await queue.shift()?.();
        }
        for (const queue of queues) for (const run of queue) await run();

        const events = await store.readAll();
        const models = await Promise.all(projections.map((p) => replayProjection(p, events)));
        // No document of any read model holds both tenants.
        for (const [i, projection] of projections.entries()) {
          for (const collection of projection.collections) {
            for (const [id, doc] of models[i]!.all(collection.name)) {
              const text = JSON.stringify({ id, doc });
              expect(
                TENANTS.every((t) => text.includes(t)),
                `${collection.name}/${id} holds both tenants`,
              ).toBe(false);
            }
          }
        }
        const model = (name: string) => models[projections.findIndex((p) => p.name === name)]!;
        // The dispute id went to one of them; the other was told, and its dispute commands found no dispute.
        const disputes = [...model('disputes').all(DISPUTES.name).values()];
        expect(disputes).toHaveLength(1);
        const winner = TENANTS.find((t) => disputes[0]!.collaborationId === ids(t).collaboration)!;
        const loser = TENANTS.find((t) => t !== winner)!;
        expect(refused.get(`${loser} dispute`)).toBe('DISPUTE_ID_TAKEN');
        expect(refused.get(`${winner} dispute`)).toBeUndefined();
        expect(JSON.stringify(disputes[0])).toContain(`statement of ${winner}`);

        for (const t of TENANTS) {
          const { seller, creator } = ids(t);
          const templates = [...model('sellerLibrary').all(BRIEF_TEMPLATES.name).values()].filter(
            (d) => d.sellerId === seller,
          );
          expect(templates.map((d) => [d.templateId, d.name])).toEqual([
            ['same-template', `template of ${t}`],
          ]);
          const entry = model('sellerLibrary').get(LIBRARY_ENTRIES, entryId(seller, creator))!;
          expect(entry.notes.map((n) => [n.noteId, n.text])).toEqual([['same-note', `note of ${t}`]]);
          // Each one's ratings count where they belong, once, with their own scores.
          const sellerDoc = model('sellers').get(SELLERS, seller);
          expect(sellerDoc).toMatchObject({ ratingsRevealed: 1, overall: scoreOf(t, 'CREATOR') });
          const creatorDoc = model('creators').get(CREATORS, creator)!;
          expect(creatorDoc.reputation.ratingsCounted).toBe(1);
          expect(creatorDoc.reputation.dimensions.BRAND_FIT!.mean).toBe((5 * 3.5 + scoreOf(t, 'SELLER')) / 6);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});

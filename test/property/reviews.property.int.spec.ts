import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREATORS, creatorsProjection } from '../../projections/creators/creators.projection.js';
import { starsOf } from '../../projections/reviews/review.js';
import { REVIEW_SUMMARIES, REVIEWS, type ReviewDoc } from '../../projections/reviews/reviews.documents.js';
import { reviewsProjection } from '../../projections/reviews/reviews.projection.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import {
  collaborationDecider,
  collaborationIdOfStream,
  isCollaborationStream,
} from '../../src/contexts/collaboration/collaboration.decide.js';
import type {
  CollaborationEvent,
  CollaborationEventOfType,
} from '../../src/contexts/collaboration/collaboration.events.js';
import type { CollaborationState } from '../../src/contexts/collaboration/collaboration.state.js';
import { PLATFORM_ACTOR, addDays, type Actor } from '../../src/contexts/shared.js';
import {
  createWriteSide,
  type CollaborationCommandBody,
  type WriteSide,
} from '../../src/contexts/writeSide.js';
import { DomainError } from '../../src/core/errors.js';
import type { RecordedEvent } from '../../src/core/event.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { ARBITRATOR, T0 } from '../support/collaborationFixtures.js';
import { completeCollaboration, creatorActor, registerParties, sellerActor } from '../support/drive.js';

/**
 * DOMAIN.md § Public reviews, over random histories written through the real command path: the
 * public reviews are exactly the revealed ratings that rating review neither holds nor removed (never
 * a hidden one), each shows the log's last stable snapshot of its collaboration and no text
 * arbitration removed, and each party's summary and review count are its reviews' figures.
 */

const SELLERS = ['s1', 's2'];
const CREATORS_ = ['c1', 'c2'];

/** One collaboration's story after completion, from random numbers. */
const storyArb = fc.record({
  seller: fc.nat(SELLERS.length - 1),
  creator: fc.nat(CREATORS_.length - 1),
  lateHours: fc.integer({ min: 0, max: 80 }),
  sellerRates: fc.boolean(),
  creatorRates: fc.boolean(),
  scores: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 9, maxLength: 9 }),
  ratedAfterDays: fc.array(fc.integer({ min: 0, max: 13 }), { minLength: 2, maxLength: 2 }),
  /** Snapshots recorded after completion: days after it, and a factor on the final views. */
  snapshots: fc.array(
    fc.record({
      day: fc.integer({ min: -9, max: 20 }),
      factor: fc.double({ min: 0.5, max: 3, noNaN: true }),
    }),
    {
      maxLength: 3,
    },
  ),
  closeWindow: fc.boolean(),
  flag: fc.constantFrom('none', 'held', 'upheld', 'removed'),
  reply: fc.boolean(),
  report: fc.constantFrom('none', 'open', 'dismissed', 'removed', 'escalated'),
});

const DIMS = {
  SELLER_TO_CREATOR: ['CONTENT_QUALITY', 'TIMELINESS', 'COMMUNICATION', 'COMPLIANCE', 'BRAND_FIT'],
  CREATOR_TO_SELLER: ['BRIEF_CLARITY', 'FEEDBACK_QUALITY', 'PAYMENT_RELIABILITY', 'COMMUNICATION'],
};

type Story = typeof storyArb extends fc.Arbitrary<infer T> ? T : never;

const play = async (write: WriteSide, stories: Story[]) => {
  const tried = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };
  for (const [i, story] of stories.entries()) {
    const id = `k${i}`;
    const sellerId = SELLERS[story.seller]!;
    const creatorId = CREATORS_[story.creator]!;
    const seller = sellerActor(sellerId);
    const creator = creatorActor(creatorId);
    const send = (actor: Actor, now: string, body: CollaborationCommandBody) =>
      tried(() => write.collaboration({ ...body, collaborationId: id, actor, now } as never));
    const { completedAt } = await completeCollaboration(write, {
      collaborationId: id,
      sellerId,
      creatorId,
      start: addDays(T0, i * 60),
      lateHours: story.lateHours,
    });
    for (const [k, s] of story.snapshots.entries()) {
      const views = Math.round(20_000 * s.factor);
      await send(k % 2 ? creator : seller, addDays(completedAt, s.day), {
        type: 'RecordMetricsSnapshot',
        snapshotId: `extra-${k}`,
        capturedAt: addDays(completedAt, s.day),
        views,
        likes: Math.round(views * 0.05),
        comments: 100,
        shares: 50,
        clicks: Math.round(views * 0.02),
        orders: Math.round(views * 0.002),
        gmv: { amountMinor: 50_000, currency: 'USD' },
      });
    }
    const rate = (actor: Actor, direction: 'SELLER_TO_CREATOR' | 'CREATOR_TO_SELLER', day: number) =>
      send(actor, addDays(completedAt, day), {
        type: 'RateCollaboration',
        ratingId: direction === 'SELLER_TO_CREATOR' ? 'r-s' : 'r-c',
        scores: Object.fromEntries(
          DIMS[direction].map((d, k) => [d, story.scores[k + (direction === 'SELLER_TO_CREATOR' ? 0 : 5)]!]),
        ),
        comment: `Specific words about collaboration ${id}, written by the ${direction}`,
        tags: [direction === 'SELLER_TO_CREATOR' ? 'CREATIVE_SCRIPT' : 'FAST_RESPONSE'],
      });
    if (story.sellerRates) await rate(seller, 'SELLER_TO_CREATOR', story.ratedAfterDays[0]!);
    if (story.creatorRates) await rate(creator, 'CREATOR_TO_SELLER', story.ratedAfterDays[1]!);
    // Left open, a window with one rating keeps it hidden (DOMAIN.md § The collaboration 9).
    if (story.closeWindow) {
      await send(PLATFORM_ACTOR, addDays(completedAt, 14), {
        type: 'FireDeadline',
        rule: 'RATING_WINDOW_CLOSED',
      });
    }
    if (story.flag !== 'none') {
      await send(PLATFORM_ACTOR, addDays(completedAt, 15), {
        type: 'FlagRating',
        ratingId: 'r-s',
        rule: 'RATING_BURST',
        detail: 'A burst of low ratings',
      });
      if (story.flag !== 'held') {
        await send(ARBITRATOR, addDays(completedAt, 16), {
          type: 'ReviewRating',
          ratingId: 'r-s',
          decision: story.flag === 'upheld' ? 'UPHOLD' : 'REMOVE',
          note: 'Checked',
        });
      }
    }
    if (story.reply) {
      await send(creator, addDays(completedAt, 17), {
        type: 'ReplyToReview',
        ratingId: 'r-s',
        text: `Reply in ${id}`,
      });
    }
    if (story.report !== 'none') {
      await send(creator, addDays(completedAt, 18), {
        type: 'ReportReview',
        reportId: 'rep',
        ratingId: 'r-s',
        reason: 'FALSE_ACCUSATION',
        statement: 'Not what happened',
        evidence: [],
      });
      if (story.report === 'escalated') {
        await send(PLATFORM_ACTOR, addDays(completedAt, 28), {
          type: 'FireDeadline',
          rule: 'REPORT_ESCALATED',
        });
      }
      if (story.report === 'dismissed' || story.report === 'removed' || story.report === 'escalated') {
        await send(ARBITRATOR, addDays(completedAt, 29), {
          type: 'DecideReviewReport',
          reportId: 'rep',
          decision: story.report === 'dismissed' ? 'DISMISS' : 'REMOVE_TEXT',
          note: 'Decided on the chat log',
        });
      }
    }
  }
};

type Snapshot = CollaborationEventOfType<'MetricsSnapshotRecorded'>['data'];

/** The last stable snapshot, found in the log on its own terms: final, consistent, captured last. */
const lastStable = (events: readonly RecordedEvent[]) =>
  events
    .filter((e) => e.type === 'MetricsSnapshotRecorded')
    .filter((e) => (e.data as Snapshot).final && !(e.data as Snapshot).inconsistent)
    .sort((a, b) => {
      const at = (e: RecordedEvent) => Date.parse((e.data as Snapshot).capturedAt);
      return at(a) - at(b) || Number(a.position - b.position);
    })
    .at(-1);

describe('public reviews over random histories', () => {
  it('are exactly the revealed ratings rating review neither holds nor removed, with the log’s last stable snapshot', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(storyArb, { minLength: 1, maxLength: 5 }), async (stories) => {
        const catalog = createEventCatalog();
        const store = getInMemoryEventStore({ catalog });
        const write = createWriteSide({ store, catalog });
        await registerParties(write, T0, { sellers: SELLERS, creators: CREATORS_ });
        await play(write, stories);
        const log = await store.readAll();
        const [reviews, creators] = await Promise.all([
          replayProjection(reviewsProjection, log),
          replayProjection(creatorsProjection, log),
        ]);
        const docs = [...reviews.all(REVIEWS.name).values()];

        // What the log says, stream by stream, with the write side's own fold.
        const streams = new Map<string, RecordedEvent[]>();
        for (const e of log.filter((e) => isCollaborationStream(e.streamId))) {
          streams.set(e.streamId, [...(streams.get(e.streamId) ?? []), e]);
        }
        const expected: string[] = [];
        for (const [streamId, events] of streams) {
          const state = events.reduce(
            (s: CollaborationState, e) =>
              collaborationDecider.evolve(s, e as unknown as CollaborationEvent, e.metadata),
            collaborationDecider.initialState(),
          );
          const stable = lastStable(events);
          for (const rating of state.ratings) {
            const key = `${collaborationIdOfStream(streamId)}/${rating.ratingId}`;
            const isReview = rating.revealed && (rating.review === 'NONE' || rating.review === 'UPHELD');
            seen.add(
              isReview
                ? rating.removal
                  ? 'removed text'
                  : 'review'
                : rating.revealed
                  ? 'held or removed'
                  : 'hidden',
            );
            if (!isReview) continue;
            expected.push(key);
            const doc = docs.find((d) => `${d.collaborationId}/${d.ratingId}` === key);
            expect(doc, key).toBeDefined();
            // Its verified results: the log's last stable snapshot, at its position.
            expect(
              doc!.outcome && {
                views: doc!.outcome.views,
                clicks: doc!.outcome.clicks,
                position: doc!.outcome.position,
              },
              key,
            ).toEqual(
              stable
                ? {
                    views: (stable.data as Snapshot).views,
                    clicks: (stable.data as Snapshot).clicks,
                    position: Number(stable.position),
                  }
                : null,
            );
            if (stable) seen.add('results');
            // No text arbitration removed; the text as written otherwise.
            expect(doc!.comment, key).toBe(rating.removal ? null : rating.comment);
            expect(doc!.reply?.text ?? null, key).toBe(rating.removal ? null : (rating.reply?.text ?? null));
            expect(doc!.scores).toEqual(rating.scores);
          }
        }
        expect(docs.map((d) => `${d.collaborationId}/${d.ratingId}`).sort()).toEqual(expected.sort());

        // Each party's summary and the directory's review count are its reviews' figures.
        const byParty = new Map<string, ReviewDoc[]>();
        for (const d of docs) byParty.set(d.rateeKey, [...(byParty.get(d.rateeKey) ?? []), d]);
        for (const key of [...SELLERS.map((s) => `SELLER:${s}`), ...CREATORS_.map((c) => `CREATOR:${c}`)]) {
          const mine = byParty.get(key) ?? [];
          const summary = reviews.get(REVIEW_SUMMARIES, key);
          expect(summary?.count ?? 0, key).toBe(mine.length);
          expect(summary?.stars ?? [0, 0, 0, 0, 0], key).toEqual(
            [1, 2, 3, 4, 5].map((star) => mine.filter((d) => starsOf(d.mean) === star).length),
          );
          const tags = mine.flatMap((d) => d.tags);
          expect(summary?.tags ?? {}, key).toEqual(
            Object.fromEntries([...new Set(tags)].map((t) => [t, tags.filter((x) => x === t).length])),
          );
          if (key.startsWith('CREATOR:')) {
            expect(creators.get(CREATORS, key.slice('CREATOR:'.length))?.reviewCount ?? 0, key).toBe(
              mine.length,
            );
          }
        }
      }),
      { numRuns: 60, seed: Number(process.env.FC_SEED ?? 20261213) },
    );
    // The generator must reach every kind of rating for the property to mean something.
    expect([...seen].sort()).toEqual(['held or removed', 'hidden', 'removed text', 'results', 'review']);
  }, 240_000);
});

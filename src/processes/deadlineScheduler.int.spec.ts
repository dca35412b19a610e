import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../contexts/catalog.js';
import { collaborationStreamId } from '../contexts/collaboration/collaboration.decide.js';
import { addDays } from '../contexts/shared.js';
import { createWriteSide, type WriteSide } from '../contexts/writeSide.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { getInMemoryEventStore } from '../eventStore/memory/inMemoryEventStore.js';
import { CREATOR, SELLER, T0, aBrief, day } from '../../test/support/collaborationFixtures.js';
import { collaborationsProjection } from '../../projections/collaborations/collaborations.projection.js';
import { createProjectionRunner, type ProjectionRunner } from '../projectionRunner/projectionRunner.js';
import { getInMemoryReadStore } from '../readStore/memory/inMemoryReadStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { createDeadlineScheduler, type DeadlineScheduler } from './deadlineScheduler.js';

/**
 * The scheduler reads which deadlines are due from the collaborations read model (the runner keeps
 * it up to date), and fires each through the decider.
 */
describe('deadline scheduler', () => {
  let store: EventStore;
  let write: WriteSide;
  let scheduler: DeadlineScheduler;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  let clock = T0;
  let swept: Record<string, number>[] = [];

  beforeEach(async () => {
    const catalog = createEventCatalog();
    store = getInMemoryEventStore({ catalog });
    write = createWriteSide({ store, catalog });
    clock = T0;
    swept = [];
    readStore = getInMemoryReadStore();
    runner = createProjectionRunner({
      eventStore: store,
      readStore,
      projections: [collaborationsProjection],
    });
    await runner.start();
    scheduler = createDeadlineScheduler({
      readStore,
      write,
      runner,
      now: () => clock,
      tickMs: 60_000,
      onSwept: (fired) => swept.push({ ...fired }),
    });
    scheduler.start();
    await write.seller({
      type: 'RegisterSeller',
      sellerId: 's1',
      profile: { name: 'Glow Labs', country: 'CN' },
      actor: SELLER,
      now: T0,
    });
    await write.creator({
      type: 'RegisterCreator',
      creatorId: 'c1',
      profile: {
        displayName: 'Mia',
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle: '@mia', followers: 5000 }],
      },
      actor: CREATOR,
      now: T0,
    });
  });
  afterEach(async () => {
    await scheduler.stop();
    await runner.stop();
    await store.close();
  });

  const propose = (id: string) =>
    write.collaboration({
      type: 'ProposeCollaboration',
      collaborationId: id,
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief(),
      actor: SELLER,
      now: T0,
    });
  const settle = async () => scheduler.caughtUpTo(await store.headPosition());
  const typesOf = async (id: string) =>
    (await store.readStream(collaborationStreamId(id))).map((e) => e.type);

  it('expires a proposal nobody answered, once, as the platform, saying which rule fired', async () => {
    await propose('k1');
    await settle();
    expect((await scheduler.pending()).get(collaborationStreamId('k1'))).toEqual([
      { rule: 'PROPOSAL_EXPIRED', dueAt: day(5) },
    ]);
    clock = day(4);
    expect(await scheduler.fireDue()).toBe(0);
    clock = day(5);
    expect(await scheduler.fireDue()).toBe(1);
    await settle();
    expect(await scheduler.fireDue()).toBe(0);
    // One summary per look that fired something.
    expect(swept).toEqual([{ PROPOSAL_EXPIRED: 1 }]);
    const events = await store.readStream(collaborationStreamId('k1'));
    expect(events.at(-1)).toMatchObject({
      type: 'ProposalExpired',
      data: { rule: 'PROPOSAL_EXPIRED', dueAt: day(5), firedAt: day(5) },
      metadata: { actor: 'platform', role: 'PLATFORM' },
    });
    expect((await scheduler.pending()).has(collaborationStreamId('k1'))).toBe(false);
  });

  it('auto-approves a script, auto-accepts content and closes the rating window', async () => {
    await propose('k1');
    const at = (now: string) => ({ collaborationId: 'k1', now });
    await write.collaboration({ type: 'AcceptProposal', actor: CREATOR, ...at(day(1)) });
    await write.collaboration({ type: 'SubmitScript', text: 'draft', actor: CREATOR, ...at(day(2)) });
    await settle();
    clock = day(9);
    await scheduler.fireDue();
    expect(await typesOf('k1')).toContain('ScriptAutoApproved');
    await write.collaboration({
      type: 'PublishContent',
      platform: 'TIKTOK',
      url: 'https://t.tk/v/1',
      publishedAt: day(9),
      actor: CREATOR,
      ...at(day(9)),
    });
    await settle();
    clock = day(16);
    await scheduler.fireDue();
    expect(await typesOf('k1')).toContain('ContentAutoAccepted');
    await write.collaboration({ type: 'CompleteCollaboration', actor: SELLER, ...at(day(17)) });
    await write.collaboration({
      type: 'RateCollaboration',
      ratingId: 'r1',
      scores: { BRIEF_CLARITY: 5, FEEDBACK_QUALITY: 5, PAYMENT_RELIABILITY: 4, COMMUNICATION: 5 },
      comment: 'Clear brief, deposit paid on the day of acceptance',
      actor: CREATOR,
      ...at(day(18)),
    });
    await settle();
    clock = addDays(day(17), 14);
    await scheduler.fireDue();
    expect((await typesOf('k1')).slice(-2)).toEqual(['RatingWindowClosed', 'RatingsRevealed']);
    await settle();
    // What runs on: the end of the usage rights, 6 months after publish.
    expect((await scheduler.pending()).get(collaborationStreamId('k1'))).toEqual([
      { rule: 'USAGE_RIGHTS_ENDED', dueAt: '2026-09-10T00:00:00.000Z' },
    ]);
  });

  it('fires each deadline of the lifecycle once, however many schedulers look at once', async () => {
    const second = createDeadlineScheduler({ readStore, write, runner, now: () => clock, tickMs: 60_000 });
    await propose('k3');
    const at = (now: string) => ({ collaborationId: 'k3', now });
    await write.collaboration({
      type: 'CounterOffer',
      fee: { amountMinor: 120_000, currency: 'USD' },
      actor: CREATOR,
      ...at(day(1)),
    });
    await write.collaboration({ type: 'AcceptCounterOffer', actor: SELLER, ...at(day(1)) });
    await write.collaboration({ type: 'SubmitScript', text: 'draft', actor: CREATOR, ...at(day(2)) });
    await write.collaboration({ type: 'ApproveScript', actor: SELLER, ...at(day(3)) });
    await write.collaboration({
      type: 'PublishContent',
      platform: 'TIKTOK',
      url: 'https://t.tk/v/3',
      publishedAt: day(9),
      actor: CREATOR,
      ...at(day(9)),
    });
    await write.collaboration({
      type: 'ReviewContent',
      accepted: false,
      issues: ['OFF_BRIEF'],
      actor: SELLER,
      ...at(day(10)),
    });
    await write.collaboration({
      type: 'OpenDispute',
      disputeId: 'd3',
      reason: 'CONTENT_MISMATCH',
      statement: 'No demo in the video',
      actor: SELLER,
      ...at(day(11)),
    });
    const look = async (now: string) => {
      clock = now;
      await settle();
      await Promise.all([scheduler.fireDue(), second.fireDue()]);
      await settle();
      await Promise.all([scheduler.fireDue(), second.fireDue()]);
    };
    // The fix was due on day 15, the other side's answer on day 16, the arbitrator's decision on day 41.
    await look(day(16));
    await look(day(41));
    await write.collaboration({ type: 'WithdrawDispute', disputeId: 'd3', actor: SELLER, ...at(day(42)) });
    // Completed 3 days after the dispute was resolved; the rights end 6 months after publish.
    await look(day(45));
    await look('2026-09-10T00:00:00.000Z');
    const types = await typesOf('k3');
    const count = (type: string) => types.filter((t) => t === type).length;
    for (const type of [
      'ContentFixOverdue',
      'DisputeResponseMissed',
      'DisputeEscalated',
      'CollaborationAutoCompleted',
      'UsageRightsEnded',
    ]) {
      expect(count(type), type).toBe(1);
    }
    expect(count('CollaborationCompleted')).toBe(1);
    // The FINAL milestone waits for the content, which was never fixed nor accepted.
    const events = await store.readStream(collaborationStreamId('k3'));
    expect(events.filter((e) => e.type === 'MilestoneHeld').at(-1)!.data).toMatchObject({
      name: 'FINAL',
      reason: 'CONTENT_NOT_ACCEPTED',
    });
    expect(events.find((e) => e.type === 'CollaborationAutoCompleted')).toMatchObject({
      data: { rule: 'COLLABORATION_AUTO_COMPLETED', dueAt: day(45), firedAt: day(45) },
      metadata: { actor: 'platform', role: 'PLATFORM' },
    });
    await second.stop();
  });

  it('reads back a collaboration it had dropped when it gets a new deadline', async () => {
    await propose('k2');
    await write.collaboration({ type: 'AcceptProposal', collaborationId: 'k2', actor: CREATOR, now: day(1) });
    await settle();
    expect((await scheduler.pending()).has(collaborationStreamId('k2'))).toBe(false);
    await write.collaboration({
      type: 'SubmitScript',
      collaborationId: 'k2',
      text: 'draft',
      actor: CREATOR,
      now: day(2),
    });
    await settle();
    expect((await scheduler.pending()).get(collaborationStreamId('k2'))).toEqual([
      { rule: 'SCRIPT_AUTO_APPROVED', dueAt: day(9) },
    ]);
  });
});

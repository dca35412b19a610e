import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collaborationsProjection } from '../../projections/collaborations/collaborations.projection.js';
import { CREATOR, SELLER, T0, aBrief, day } from '../../test/support/collaborationFixtures.js';
import { registerParties } from '../../test/support/drive.js';
import { createEventCatalog } from '../contexts/catalog.js';
import { collaborationStreamId } from '../contexts/collaboration/collaboration.decide.js';
import type { Reminder } from '../contexts/collaboration/reminders.js';
import { HOUR_MS } from '../contexts/shared.js';
import { createWriteSide, type WriteSide } from '../contexts/writeSide.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { getInMemoryEventStore } from '../eventStore/memory/inMemoryEventStore.js';
import { createProjectionRunner, type ProjectionRunner } from '../projectionRunner/projectionRunner.js';
import { getInMemoryReadStore } from '../readStore/memory/inMemoryReadStore.js';
import { createDeadlineScheduler, type DeadlineScheduler } from './deadlineScheduler.js';

const before = (instant: string, hours: number) =>
  new Date(Date.parse(instant) - hours * HOUR_MS).toISOString();

/**
 * DOMAIN.md § Deadlines: the scheduler reminds the sides a deadline acts for, 48 h and 24 h before,
 * from the same index it fires deadlines from; the decider checks each reminder again.
 */
describe('deadline scheduler: reminders', () => {
  let store: EventStore;
  let write: WriteSide;
  let runner: ProjectionRunner;
  let schedulers: DeadlineScheduler[];
  let clock = T0;
  let reminded: Reminder[];

  beforeEach(async () => {
    const catalog = createEventCatalog();
    store = getInMemoryEventStore({ catalog });
    write = createWriteSide({ store, catalog });
    const readStore = getInMemoryReadStore();
    runner = createProjectionRunner({
      eventStore: store,
      readStore,
      projections: [collaborationsProjection],
    });
    await runner.start();
    clock = T0;
    reminded = [];
    // Two schedulers on one log, as two processes would be: each reminder is sent once all the same.
    schedulers = [0, 1].map(() =>
      createDeadlineScheduler({
        readStore,
        write,
        runner,
        now: () => clock,
        tickMs: 60_000,
        onReminded: (_id, reminder) => reminded.push(reminder),
      }),
    );
    await registerParties(write, T0, { sellers: ['s1'], creators: ['c1'] });
  });
  afterEach(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
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
      actor: { ...SELLER, userId: 'user-s1' },
      now: T0,
    });
  const settle = async () => schedulers[0]!.caughtUpTo(await store.headPosition());
  const sweep = async () => {
    await settle();
    await Promise.all(schedulers.map((s) => s.fireDue()));
    await settle();
  };
  const remindersOf = async (id: string) =>
    (await store.readStream(collaborationStreamId(id)))
      .filter((e) => e.type === 'DeadlineReminderSent')
      .map((e) => e.data);

  it('reminds the creator 48 h and 24 h before an unanswered proposal expires, each once', async () => {
    await propose('k1');
    clock = before(day(5), 49);
    await sweep();
    expect(await remindersOf('k1')).toEqual([]);
    clock = before(day(5), 48);
    await sweep();
    await sweep();
    clock = before(day(5), 24);
    await sweep();
    expect(await remindersOf('k1')).toEqual([
      { rule: 'PROPOSAL_EXPIRED', dueAt: day(5), hoursBefore: 48, sides: ['CREATOR'] },
      { rule: 'PROPOSAL_EXPIRED', dueAt: day(5), hoursBefore: 24, sides: ['CREATOR'] },
    ]);
    expect(reminded.map((r) => r.hoursBefore)).toEqual([48, 24]);
    clock = day(5);
    await sweep();
    expect((await store.readStream(collaborationStreamId('k1'))).at(-1)?.type).toBe('ProposalExpired');
  });

  it('never sends a reminder for a deadline met in the meantime', async () => {
    await propose('k1');
    await write.collaboration({
      type: 'AcceptProposal',
      collaborationId: 'k1',
      actor: { ...CREATOR, userId: 'user-c1' },
      now: day(1),
    });
    clock = before(day(5), 24);
    await sweep();
    expect(await remindersOf('k1')).toEqual([]);
    expect(await schedulers[0]!.pending()).toEqual(new Map());
  });
});

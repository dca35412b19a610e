import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collaborationsProjection } from '../../projections/collaborations/collaborations.projection.js';
import { CREATOR, SELLER, T0, aBrief, day } from '../../test/support/collaborationFixtures.js';
import { createEventCatalog } from '../contexts/catalog.js';
import { collaborationStreamId } from '../contexts/collaboration/collaboration.decide.js';
import { createWriteSide, type WriteSide } from '../contexts/writeSide.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { getSQLiteEventStore } from '../eventStore/sqlite/sqliteEventStore.js';
import { createProjectionRunner, type ProjectionRunner } from '../projectionRunner/projectionRunner.js';
import { getInMemoryReadStore } from '../readStore/memory/inMemoryReadStore.js';
import type { ReadStore } from '../readStore/readStore.js';
import { createDeadlineScheduler } from './deadlineScheduler.js';

/**
 * A backlog of due deadlines (after downtime, or a log seeded in the past): the scheduler fires them
 * with their appends sharing commits, at the pace the read model it reads follows, and only from a
 * read model that has caught up with the log.
 */
const dir = mkdtempSync(join(tmpdir(), 'ledger-scheduler-backlog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('deadline scheduler, a backlog', () => {
  let store: EventStore;
  let write: WriteSide;
  let readStore: ReadStore;
  let runner: ProjectionRunner;
  let commits: number[];
  let n = 0;

  beforeEach(async () => {
    const catalog = createEventCatalog();
    commits = [];
    store = getSQLiteEventStore({
      path: join(dir, `events-${n++}.db`),
      catalog,
      onCommit: (stats) => commits.push(stats.appends),
    });
    write = createWriteSide({ store, catalog });
    readStore = getInMemoryReadStore();
    runner = createProjectionRunner({
      eventStore: store,
      readStore,
      projections: [collaborationsProjection],
    });
    await runner.start();
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
  const caughtUp = async () => runner.waitFor(await store.headPosition(), 10_000, ['collaborations']);

  it('fires a backlog with its appends sharing commits, not a commit each', async () => {
    for (let i = 0; i < 96; i++) await propose(`k${i}`);
    await caughtUp();
    const scheduler = createDeadlineScheduler({
      readStore,
      write,
      runner,
      head: () => store.headPosition(),
      now: () => day(5),
    });
    commits = [];
    expect(await scheduler.fireDue()).toBe(96);
    // One commit per proposal expired, one after the other, were it fired a deadline at a time.
    expect(commits.reduce((a, b) => a + b, 0)).toBe(96);
    expect(commits.length).toBeLessThanOrEqual(12);
    for (let i = 0; i < 96; i++) {
      const events = await store.readStream(collaborationStreamId(`k${i}`));
      expect(events.filter((e) => e.type === 'ProposalExpired')).toHaveLength(1);
    }
    await scheduler.stop();
  });

  it('stops within the page at hand, leaving the rest of a backlog to the next holder', async () => {
    for (let i = 0; i < 96; i++) await propose(`k${i}`);
    await caughtUp();
    let stopping: Promise<void> | undefined;
    const scheduler = createDeadlineScheduler({
      readStore,
      write,
      runner,
      head: () => store.headPosition(),
      now: () => day(5),
      // Stopped as the first deadline is fired (a SIGTERM during a backlog).
      onFired: () => void (stopping ??= scheduler.stop()),
    });
    const firing = scheduler.fireDue();
    const fired = await firing;
    await stopping;
    expect(fired).toBeGreaterThan(0);
    expect(fired).toBeLessThan(96);
    // The next holder fires the rest, each deadline once.
    const next = createDeadlineScheduler({
      readStore,
      write,
      runner,
      head: () => store.headPosition(),
      now: () => day(5),
    });
    await caughtUp();
    expect(await next.fireDue()).toBe(96 - fired);
    for (let i = 0; i < 96; i++) {
      const events = await store.readStream(collaborationStreamId(`k${i}`));
      expect(events.filter((e) => e.type === 'ProposalExpired')).toHaveLength(1);
    }
    await next.stop();
  });

  it('puts a look off while its read model is behind the log, sending nothing from it', async () => {
    await propose('k1');
    await caughtUp();
    // The read model stops following: it still shows the proposal waiting for an answer.
    await runner.stop();
    await write.collaboration({ type: 'AcceptProposal', collaborationId: 'k1', actor: CREATOR, now: day(1) });
    let sent = 0;
    const counted: WriteSide = {
      ...write,
      collaboration: (command, options) => {
        sent++;
        return write.collaboration(command, options);
      },
    };
    const scheduler = createDeadlineScheduler({
      readStore,
      write: counted,
      runner,
      head: () => store.headPosition(),
      now: () => day(5),
    });
    expect(await scheduler.fireDue()).toBe(0);
    expect(sent).toBe(0);
    // Following again, and caught up: nothing is due any more.
    runner = createProjectionRunner({
      eventStore: store,
      readStore,
      projections: [collaborationsProjection],
    });
    await runner.start();
    await caughtUp();
    const after = createDeadlineScheduler({
      readStore,
      write: counted,
      runner,
      head: () => store.headPosition(),
      now: () => day(5),
    });
    expect(await after.fireDue()).toBe(0);
    expect(sent).toBe(0);
    await scheduler.stop();
    await after.stop();
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collaborationLinksReactor } from '../../projections/collaborationLinks/collaborationLinks.reactor.js';
import { ratingReviewReactor } from '../../projections/ratingReview/ratingReview.reactor.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { createReactions } from '../../src/app/reactions.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { linkedCollaborations } from '../../src/contexts/links/collaborationLinks.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import { getInMemoryReadStore } from '../../src/readStore/memory/inMemoryReadStore.js';

/**
 * What reactors decide is carried out a batch at a time (src/projectionRunner/react.ts): the appends
 * of a batch's reactions share commits, and a reaction that would only repeat what the log holds
 * (a link already there, a rating already flagged) writes nothing at all.
 */
const dir = mkdtempSync(join(tmpdir(), 'ledger-reactions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A seeded history in a SQLite log, whose commits (and the appends each carried) are counted. */
const seededLog = async (name: string, options: { withoutLinks?: boolean } = {}) => {
  const catalog = createEventCatalog();
  const seeded = getInMemoryEventStore({ catalog });
  await seedHistory(
    createWriteSide({ store: seeded, catalog }),
    { creators: 12, sellers: 5, collaborations: 150 },
    { seed: 4 },
  );
  const commits: number[] = [];
  const store = getSQLiteEventStore({
    path: join(dir, `${name}.db`),
    catalog,
    onCommit: (stats) => commits.push(stats.appends),
  });
  // A log from before links existed has none.
  const events = (await seeded.readAll()).filter(
    (e) => !options.withoutLinks || !e.streamId.startsWith('creatorCollaborations-'),
  );
  // Copied in order, many appends to a commit.
  for (let i = 0; i < events.length; i += 500)
    await Promise.all(events.slice(i, i + 500).map((e) => store.append(e.streamId, [e])));
  commits.length = 0;
  return { store, seeded, catalog, commits };
};

/** Counts the appends asked of a store. */
const counting = (store: EventStore) => {
  let appends = 0;
  const counted: EventStore = Object.create(store) as EventStore;
  Object.assign(counted, {
    append: (...args: Parameters<EventStore['append']>) => {
      appends++;
      return store.append(...args);
    },
    appendToStreams: (...args: Parameters<EventStore['appendToStreams']>) => {
      appends++;
      return store.appendToStreams(...args);
    },
  });
  return { store: counted, appends: () => appends };
};

const reactFromStart = async (
  store: EventStore,
  catalog: ReturnType<typeof createEventCatalog>,
  projections = [collaborationLinksReactor, ratingReviewReactor],
) => {
  const runner = createProjectionRunner({
    eventStore: store,
    readStore: getInMemoryReadStore(),
    projections,
    batchSize: 1000,
    react: createReactions({
      eventStore: store,
      catalog,
      write: createWriteSide({ store, catalog }),
      now: () => new Date().toISOString(),
    }),
  });
  await runner.start();
  expect(await runner.waitFor(await store.headPosition(), 30_000)).toBe(true);
  await runner.stop();
};

describe('reactions', () => {
  it('of a batch are carried out together: their appends share commits', async () => {
    const { store, seeded, catalog, commits } = await seededLog('unlinked', { withoutLinks: true });
    await reactFromStart(store, catalog, [collaborationLinksReactor]);
    // Every proposal linked (150 links), in far fewer commits than one each.
    const links = commits.reduce((a, b) => a + b, 0);
    expect(links).toBe(150);
    expect(commits.length).toBeLessThanOrEqual(10);
    for (const creatorId of ['c-00001', 'c-00004', 'c-00009']) {
      // In the order the proposals were made.
      expect(await linkedCollaborations(store, creatorId)).toEqual(
        await linkedCollaborations(seeded, creatorId),
      );
    }
    await store.close();
  });

  it('that would only repeat what the log holds write nothing', async () => {
    const { store, catalog, commits } = await seededLog('linked');
    // The reactors have followed this log once (the seed itself flags nothing).
    await reactFromStart(store, catalog);
    commits.length = 0;
    const flagged = (await store.readAll({ filter: { eventTypes: ['RatingFlagged'] } })).length;
    expect(flagged).toBeGreaterThan(0);
    const { store: counted, appends } = counting(store);
    // Followed again from its start, as by a new read store: every link is there, every finding flagged.
    await reactFromStart(counted, catalog);
    expect(appends()).toBe(0);
    expect(commits).toEqual([]);
    expect((await store.readAll({ filter: { eventTypes: ['RatingFlagged'] } })).length).toBe(flagged);
    await store.close();
  });
});

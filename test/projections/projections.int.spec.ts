import { beforeAll, describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import type { RecordedEvent } from '../../src/core/event.js';
import { DocumentCache, applyEvent } from '../../src/projectionRunner/documentCache.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import { getInMemoryReadStore } from '../../src/readStore/memory/inMemoryReadStore.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import type { StoredDoc } from '../../src/readStore/readStore.js';
import { allDocs, seededStore } from '../support/history.js';

let events: RecordedEvent[];
beforeAll(async () => {
  ({ events } = await seededStore());
  const types = new Set(events.map((e) => e.type));
  // The history must hold every kind of fact the read models deal with.
  for (const type of [
    'DisputeResolved',
    'RatingsRevealed',
    'MetricsSnapshotRecorded',
    'CreatorTagged',
    'MilestoneRefunded',
    'ReviewReplied',
    'ReviewTextRemoved',
    'ReviewReportEscalated',
    'SellerVerificationApproved',
    'CreatorAccountVerified',
    'CounterOfferAccepted',
    'ContentFixed',
    'ContentFixOverdue',
    'CollaborationAutoCompleted',
    'DisputeEscalated',
    'UsageRightsExtended',
    'UsageRightsEnded',
  ]) {
    expect(types.has(type), type).toBe(true);
  }
}, 60_000);

describe.each(projections.map((p) => [p.name, p] as const))('projection %s', (_, projection) => {
  it('is idempotent when run twice over the same events', async () => {
    const once = await replayProjection(projection, events);
    // Every event applied twice, through one cache: the second application must change nothing.
    const store = new Map<string, Map<string, StoredDoc>>();
    const cache = new DocumentCache((collection, ids) =>
      Promise.resolve(
        new Map(
          ids.flatMap((id) =>
            store.get(collection)?.has(id) ? [[id, store.get(collection)!.get(id)!] as const] : [],
          ),
        ),
      ),
    );
    for (const event of events.filter((e) => projection.eventTypes.includes(e.type))) {
      await applyEvent(projection, event, cache);
      await applyEvent(projection, event, cache);
    }
    for (const collection of projection.collections) {
      const twice = new Map(
        cache
          .changes()
          .filter((c) => c.collection === collection.name && c.doc)
          .map((c) => [c.id, c.doc]),
      );
      expect(twice, collection.name).toEqual(once.all(collection.name));
    }
  });
});

describe('projection runner', () => {
  it('builds, incrementally and in small batches, the same documents as a replay from scratch', async () => {
    const readStore = getSQLiteReadStore({ path: ':memory:' });
    const { store, events: all } = await seededStore();
    const runner = createProjectionRunner({ eventStore: store, readStore, projections, batchSize: 37 });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 20_000)).toBe(true);
    for (const projection of projections) {
      const replayed = await replayProjection(projection, all);
      for (const collection of projection.collections) {
        expect(await allDocs(readStore, collection.name), `${projection.name}/${collection.name}`).toEqual(
          replayed.all(collection.name),
        );
      }
    }
    const status = await runner.status();
    expect(status.every((s) => s.state === 'running' && s.lag === 0n)).toBe(true);
    await runner.stop();
    await readStore.close();
  }, 60_000);

  it('rebuilds with a cache far smaller than the documents, writing them out as they leave it, to the same documents', async () => {
    const readStore = getSQLiteReadStore({ path: ':memory:' });
    const { store, events: all } = await seededStore();
    const runner = createProjectionRunner({
      eventStore: store,
      readStore,
      projections,
      rebuildCacheChars: 1_500,
    });
    const result = await runner.rebuild(projections.map((p) => p.name));
    // The events some projection handles are read; the others are skipped before they are decoded.
    const handled = new Set(projections.flatMap((p) => p.eventTypes));
    expect(result.events).toBe(all.filter((e) => handled.has(e.type)).length);
    for (const projection of projections) {
      const replayed = await replayProjection(projection, all);
      for (const collection of projection.collections) {
        expect(await allDocs(readStore, collection.name), `${projection.name}/${collection.name}`).toEqual(
          replayed.all(collection.name),
        );
      }
    }
    await runner.stop();
    await readStore.close();
  }, 60_000);
});

it('keeps an in-memory read store and SQLite in step', async () => {
  const { store } = await seededStore({ creators: 10, sellers: 3, collaborations: 40 }, 11);
  const stores = [getInMemoryReadStore(), getSQLiteReadStore({ path: ':memory:' })];
  for (const readStore of stores) {
    const runner = createProjectionRunner({ eventStore: store, readStore, projections });
    await runner.start();
    await runner.waitFor(await store.headPosition(), 10_000);
    await runner.stop();
  }
  for (const projection of projections) {
    for (const collection of projection.collections) {
      expect(await allDocs(stores[1]!, collection.name)).toEqual(await allDocs(stores[0]!, collection.name));
    }
  }
}, 60_000);

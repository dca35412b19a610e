import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { rebuildThreadsFor } from '../../src/app/rebuildContext.js';
import type { StoreConfig } from '../../src/app/stores.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import type { RecordedEvent } from '../../src/core/event.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import { shareProjections } from '../../src/projectionRunner/rebuildThreads.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { TEST_SIZE, allDocs } from '../support/history.js';

let dir: string;
let stores: StoreConfig;
let eventStore: EventStore;
let events: RecordedEvent[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-threads-'));
  stores = {
    eventStorePath: join(dir, 'events.db'),
    readStorePath: join(dir, 'read.db'),
    blobDir: join(dir, 'blobs'),
    eventStoreUrl: undefined,
    readStoreUrl: undefined,
    blobStoreUrl: undefined,
  };
  const catalog = createEventCatalog();
  eventStore = getSQLiteEventStore({ path: stores.eventStorePath, catalog });
  await seedHistory(createWriteSide({ store: eventStore, catalog }), TEST_SIZE, { seed: 11 });
  events = await eventStore.readAll();
}, 60_000);

afterAll(async () => {
  await eventStore.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a rebuild shared between threads', () => {
  it('shares the projections out by cost, each once', () => {
    const shares = shareProjections(projections, 2);
    expect(shares).toHaveLength(2);
    expect(
      shares
        .flat()
        .map((p) => p.name)
        .sort(),
    ).toEqual(projections.map((p) => p.name).sort());
    const cost = (share: typeof projections) =>
      share.reduce((sum, p) => sum + (p.rebuildCost ?? p.eventTypes.length), 0);
    const [a, b] = shares.map(cost) as [number, number];
    expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(...projections.map((p) => cost([p]))));
  });

  it('builds, in two worker threads, the same documents as a replay from scratch', async () => {
    const readStore = getSQLiteReadStore({ path: stores.readStorePath });
    const runner = createProjectionRunner({
      eventStore,
      readStore,
      projections,
      live: false,
      // Far fewer documents than the history makes: every share writes out and loads back.
      rebuildCacheChars: 8_000,
      rebuildThreads: rebuildThreadsFor(stores, 2, false),
    });
    const seen: bigint[] = [];
    const result = await runner.rebuild(
      projections.map((p) => p.name),
      (progress) => seen.push(progress.position),
    );
    // Each share reads only the events its projections handle: the most any share read.
    const read = (share: typeof projections) => {
      const types = new Set(share.flatMap((p) => p.eventTypes));
      return events.filter((e) => types.has(e.type)).length;
    };
    expect(result.events).toBe(Math.max(...shareProjections(projections, 2).map(read)));
    expect(result.events).toBeLessThan(events.length);
    // Progress is the share furthest behind: it never goes back.
    expect(seen.every((p, i) => i === 0 || p >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(events.at(-1)!.position);
    for (const projection of projections) {
      const replayed = await replayProjection(projection, events);
      for (const collection of projection.collections) {
        expect(await allDocs(readStore, collection.name), `${projection.name}/${collection.name}`).toEqual(
          replayed.all(collection.name),
        );
      }
    }
    await runner.stop();
    await readStore.close();
  }, 120_000);

  it("reports a worker's failure once every share has finished, its projections left as they were", async () => {
    const readStore = getSQLiteReadStore({ path: stores.readStorePath });
    const before = new Map(
      await Promise.all(
        projections.map(async (p) => [p.name, (await readStore.projection(p.name)).activeVersion] as const),
      ),
    );
    const [passing = [], failing = []] = shareProjections(projections, 2);
    // The second worker's read store cannot prepare its versions: its share fails, the first's does not.
    const runner = createProjectionRunner({
      eventStore,
      readStore,
      projections,
      live: false,
      rebuildThreads: {
        threads: 2,
        module: new URL('../support/failingRebuildContext.ts', import.meta.url).href,
        data: { stores, react: false, failing: failing.map((p) => p.name) },
      },
    });
    await expect(runner.rebuild(projections.map((p) => p.name))).rejects.toThrow(/can be prepared/);
    for (const p of failing)
      expect((await readStore.projection(p.name)).activeVersion).toBe(before.get(p.name));
    // The other share went through: a new version of each is active.
    for (const p of passing)
      expect((await readStore.projection(p.name)).activeVersion).not.toBe(before.get(p.name));
    expect(await readStore.leases.list()).toSatisfy((leases: { name: string; expiresAt: number }[]) =>
      leases.filter((l) => l.name.startsWith('rebuild:')).every((l) => l.expiresAt <= Date.now()),
    );
    await runner.stop();
    await readStore.close();
  }, 120_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import { COLLABORATIONS } from '../../projections/collaborations/collaborations.projection.js';
import { loadConfig } from '../../src/app/config.js';
import { createServices } from '../../src/app/services.js';
import { GENERATIONS_PER_VERSION, put, type Projection } from '../../src/projectionRunner/projection.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { collection } from '../../src/readStore/collection.js';
import { getInMemoryReadStore } from '../../src/readStore/memory/inMemoryReadStore.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { allDocs, seededStore } from '../support/history.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('projection runner', () => {
  it('reports lag and waits, bounded, for a position (read-your-writes)', async () => {
    const { store } = await seededStore({ creators: 5, sellers: 2, collaborations: 10 });
    const readStore = getInMemoryReadStore();
    const runner = createProjectionRunner({ eventStore: store, readStore, projections });
    const head = await store.headPosition();
    expect(await runner.waitFor(head + 1n, 50)).toBe(false);
    await runner.start();
    expect(await runner.waitFor(head, 10_000)).toBe(true);
    expect((await runner.status()).map((s) => s.lag)).toEqual(projections.map(() => 0n));
    await runner.stop();
  });

  it('stops while its projectors are still setting up their versions (a store slow to answer)', async () => {
    const { store } = await seededStore({ creators: 5, sellers: 2, collaborations: 10 });
    const readStore = getInMemoryReadStore();
    let answer!: () => void;
    const held = new Promise<void>((resolve) => (answer = resolve));
    const slow = new Proxy(readStore, {
      get(target, property) {
        if (property === 'dropRetired') {
          return async (projection: string, graceMs: number) => {
            await held;
            return target.dropRetired(projection, graceMs);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const runner = createProjectionRunner({ eventStore: store, readStore: slow, projections });
    await runner.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = runner.stop().then(() => 'stopped');
    answer();
    const late = new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000).unref());
    expect(await Promise.race([stopped, late])).toBe('stopped');
  });

  it('stops only the projection that throws, logging where, and resumes it from its checkpoint once fixed', async () => {
    const { store, events } = await seededStore({ creators: 5, sellers: 2, collaborations: 20 });
    let broken = true;
    const FRAGILE_DOCS = collection<{ type: string }>('fragileDocs');
    const fragile: Projection = {
      ...projections[0]!,
      name: 'fragile',
      collections: [FRAGILE_DOCS],
      eventTypes: ['ContentPublished', 'CollaborationProposed'],
      touches: (event) => [{ collection: FRAGILE_DOCS, id: event.streamId }],
      evolve: (event) => {
        if (broken && event.type === 'ContentPublished') throw new Error('boom');
        return [put(FRAGILE_DOCS, event.streamId, { type: event.type })];
      },
    };
    const logged: object[] = [];
    const readStore = getInMemoryReadStore();
    const runner = createProjectionRunner({
      eventStore: store,
      readStore,
      projections: [fragile, projections[0]!],
      logger: { info: () => {}, warn: () => {}, error: (fields) => logged.push(fields) },
      batchSize: 10,
    });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10_000, ['collaborations'])).toBe(true);
    const failed = (await runner.status()).find((s) => s.name === 'fragile')!;
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatchObject({ message: 'boom', eventType: 'ContentPublished' });
    expect(logged[0]).toMatchObject({ projection: 'fragile', eventType: 'ContentPublished' });
    expect(failed.lag).toBeGreaterThan(0n);
    broken = false;
    await runner.restart('fragile');
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    const docs = await allDocs(readStore, FRAGILE_DOCS.name);
    expect(docs.size).toBe(
      new Set(events.filter((e) => e.type === 'CollaborationProposed').map((e) => e.streamId)).size,
    );
    await runner.stop();
  });

  it('stands down and resumes, not failed, when its store cannot load documents for a while', async () => {
    const { store, events } = await seededStore({ creators: 5, sellers: 2, collaborations: 20 });
    const readStore = getInMemoryReadStore();
    // The database away (a restart of the server): the first loads of documents fail.
    let failures = 3;
    const flaky = new Proxy(readStore, {
      get(target, property) {
        if (property === 'load') {
          return (...args: Parameters<typeof readStore.load>) =>
            failures-- > 0
              ? Promise.reject(new Error('Connection terminated unexpectedly'))
              : target.load(...args);
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const logged: object[] = [];
    const runner = createProjectionRunner({
      eventStore: store,
      readStore: flaky,
      projections: [projections[0]!],
      logger: { info: () => {}, warn: () => {}, error: (fields) => logged.push(fields) },
      batchSize: 10,
      standbyPollMs: 20,
    });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    expect(failures).toBeLessThan(0);
    expect((await runner.status()).map((s) => s.state)).toEqual(['running']);
    expect(logged).toEqual([]);
    const clean = await replayProjection(projections[0]!, events);
    for (const { name } of projections[0]!.collections) {
      expect(await allDocs(readStore, name)).toEqual(clean.all(name));
    }
    await runner.stop();
  });

  it('leaves the live version whole when a rebuild fails, dropping only what it wrote', async () => {
    const { store } = await seededStore({ creators: 5, sellers: 2, collaborations: 20 });
    const readStore = getInMemoryReadStore();
    const live = projections[0]!;
    const runner = createProjectionRunner({ eventStore: store, readStore, projections: [live] });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 10_000)).toBe(true);
    const before = await allDocs(readStore, COLLABORATIONS.name);
    const record = await readStore.projection(live.name);
    // The same projection, at a next version whose evolve breaks half way through the log.
    let seen = 0;
    const breaking: Projection = {
      ...live,
      version: live.version + 1,
      evolve: (event, docs) => {
        if (++seen > 40) throw new Error('broken release');
        return live.evolve(event, docs);
      },
    };
    const rebuilder = createProjectionRunner({
      eventStore: store,
      readStore,
      projections: [breaking],
      live: false,
    });
    await expect(rebuilder.rebuild([live.name])).rejects.toThrow(/failed on/);
    const after = await readStore.projection(live.name);
    expect(after.activeVersion).toBe(record.activeVersion);
    expect([...after.checkpoints.keys()]).toEqual([record.activeVersion]);
    expect(await allDocs(readStore, COLLABORATIONS.name)).toEqual(before);
    await runner.stop();
  });

  it('rebuilds beside the live version, serving reads all along, then swaps', async () => {
    const { store, write, events } = await seededStore({ creators: 8, sellers: 3, collaborations: 40 });
    const readStore = getInMemoryReadStore();
    const runner = createProjectionRunner({ eventStore: store, readStore, projections: [projections[0]!] });
    await runner.start();
    await runner.waitFor(await store.headPosition(), 10_000);
    const before = await allDocs(readStore, COLLABORATIONS.name);
    const reads: number[] = [];
    const rebuilding = runner.rebuild(['collaborations'], async () => {
      reads.push((await allDocs(readStore, COLLABORATIONS.name)).size);
    });
    // Appends during the rebuild land too.
    await seedHistory(
      write,
      { creators: 8, sellers: 3, collaborations: 3 },
      { seed: 99, start: '2026-09-01T00:00:00.000Z' },
    );
    await rebuilding;
    expect(reads.every((n) => n >= before.size)).toBe(true);
    await runner.waitFor(await store.headPosition(), 10_000);
    const replayed = await replayProjection(projections[0]!, await store.readAll());
    expect(await allDocs(readStore, COLLABORATIONS.name)).toEqual(replayed.all(COLLABORATIONS.name));
    expect((await readStore.projection('collaborations')).activeVersion).toBe(
      projections[0]!.version * GENERATIONS_PER_VERSION + 1,
    );
    expect(events.length).toBeGreaterThan(0);
    await runner.stop();
  });
});

describe('rating review policy through the runner', () => {
  it('flags each burst and collusion rating exactly once, across restarts and rebuilds', async () => {
    const path = join(dir, 'review');
    const config = { ...loadConfig({ LEDGER_DATA_DIR: path }), logLevel: 'silent' };
    const first = await createServices(config);
    await seedHistory(first.write, { creators: 30, sellers: 8, collaborations: 500 }, { seed: 3 });
    await first.runner.start();
    const settle = async (services: typeof first) => {
      // Flags are appended while projecting; wait until the log stops growing.
      for (let head = -1n; head !== (await services.eventStore.headPosition());) {
        head = await services.eventStore.headPosition();
        await services.runner.waitFor(head, 20_000);
      }
    };
    await settle(first);
    const flags = async (services: typeof first) =>
      (await services.eventStore.readAll({ filter: { eventTypes: ['RatingFlagged'] } })).map(
        (e) => `${(e.data as { ratingId: string }).ratingId}:${(e.data as { rule: string }).rule}`,
      );
    const found = await flags(first);
    const byPolicy = found.filter((f) => f.endsWith(':RATING_BURST') || f.endsWith(':POSSIBLE_COLLUSION'));
    expect(byPolicy.some((f) => f.endsWith(':RATING_BURST'))).toBe(true);
    expect(byPolicy.some((f) => f.endsWith(':POSSIBLE_COLLUSION'))).toBe(true);
    expect(new Set(found).size).toBe(found.length);
    await first.close();

    const second = await createServices(config);
    await second.runner.start();
    await settle(second);
    await second.runner.rebuild(['ratingReview']);
    await settle(second);
    expect(await flags(second)).toEqual(found);
    await second.close();
  }, 120_000);
});

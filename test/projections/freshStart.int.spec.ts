import { describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { getInMemoryReadStore } from '../../src/readStore/memory/inMemoryReadStore.js';
import { allDocs, seededStore } from '../support/history.js';

/**
 * A fresh read store on a long log: the projectors build every read model as a rebuild builds —
 * all of them together — and then follow the log live, with the read models those
 * of a replay of the whole log.
 */
describe('a fresh start on a long log', () => {
  it('builds every read model as a rebuild does, then goes live', async () => {
    const { store, events } = await seededStore({ creators: 8, sellers: 3, collaborations: 60 });
    const readStore = getInMemoryReadStore();
    const built: string[] = [];
    const rebuilt: string[] = [];
    const runner = createProjectionRunner({
      eventStore: store,
      readStore,
      projections,
      buildFromEvents: Math.floor(events.length / 2),
      logger: {
        info: (fields, message) => {
          const projection = (fields as { projection?: string }).projection;
          if (message.startsWith('no read model yet')) built.push(projection!);
          if (message === 'rebuilt version active') rebuilt.push(projection!);
        },
        warn: () => {},
        error: () => {},
      },
    });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 30_000)).toBe(true);
    const names = projections.map((p) => p.name).sort();
    expect(built.sort()).toEqual(names);
    expect(rebuilt.sort()).toEqual(names);
    // Live again: what is written next is applied.
    const status = await runner.status();
    expect(status.every((s) => s.state === 'running')).toBe(true);
    for (const projection of projections) {
      const clean = await replayProjection(projection, events);
      for (const collection of projection.collections) {
        expect(await allDocs(readStore, collection.name), `${projection.name}/${collection.name}`).toEqual(
          clean.all(collection.name),
        );
      }
    }
    await runner.stop();
  });

  it('applies a short log live, from its start', async () => {
    const { store } = await seededStore({ creators: 3, sellers: 2, collaborations: 5 });
    const built: string[] = [];
    const runner = createProjectionRunner({
      eventStore: store,
      readStore: getInMemoryReadStore(),
      projections,
      logger: {
        info: (_fields, message) => {
          if (message.startsWith('no read model yet')) built.push(message);
        },
        warn: () => {},
        error: () => {},
      },
    });
    await runner.start();
    expect(await runner.waitFor(await store.headPosition(), 30_000)).toBe(true);
    expect(built).toEqual([]);
    await runner.stop();
  });
});

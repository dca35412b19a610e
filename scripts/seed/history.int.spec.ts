import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { isCollaborationStream } from '../../src/contexts/collaboration/collaboration.decide.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { seedHistory } from './history.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seed history', () => {
  it('tells the same stories for the same seed, though they run concurrently on a real store', async () => {
    const size = { creators: 20, sellers: 6, collaborations: 120 };
    let run = 0;
    const stories = async (seed: number) => {
      const catalog = createEventCatalog();
      const store = getSQLiteEventStore({ path: join(dir, `seed-${run++}.db`), catalog });
      await seedHistory(createWriteSide({ store, catalog }), size, { seed });
      const events = await store.readAll();
      await store.close();
      // A collaboration's stream is one story, in its order; stories interleave in shared streams
      // (a seller's library), where only the set of events is the same.
      return events
        .map((e) =>
          isCollaborationStream(e.streamId)
            ? `${e.streamId}#${e.revision} ${e.type} ${JSON.stringify(e.data)}`
            : `${e.streamId} ${e.type} ${JSON.stringify(e.data)}`,
        )
        .sort();
    };
    const first = await stories(5);
    expect(first.length).toBeGreaterThan(1000);
    expect(await stories(5)).toEqual(first);
    expect(await stories(6)).not.toEqual(first);
  }, 60_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { collaborationsProjection, projections } from '../../projections/index.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { GENERATIONS_PER_VERSION } from '../../src/projectionRunner/projection.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { runProcess } from '../support/childProcess.js';
import { allDocs } from '../support/history.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-'));
/** The physical version the collaborations projection is first built in. */
const LIVE = collaborationsProjection.version * GENERATIONS_PER_VERSION;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('a projection process killed mid-batch (SIGKILL) and restarted ends with the documents of a clean rebuild', async () => {
  const catalog = createEventCatalog();
  const eventStore = getSQLiteEventStore({ path: join(dir, 'events.db'), catalog });
  await seedHistory(
    createWriteSide({ store: eventStore, catalog }),
    { creators: 40, sellers: 10, collaborations: 300 },
    { seed: 5 },
  );
  const head = await eventStore.headPosition();
  const events = await eventStore.readAll();
  await eventStore.close();

  // Start the projection process and kill it once it has committed some batches, but not all.
  const script = fileURLToPath(new URL('../support/processes/runProjections.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dir, '3'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const observer = getSQLiteReadStore({ path: join(dir, 'read.db') });
  for (;;) {
    const checkpoint = (await observer.projection('collaborations')).checkpoints.get(LIVE) ?? 0n;
    if (checkpoint > head / 10n) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const partial = (await observer.projection('collaborations')).checkpoints.get(LIVE)!;
  expect(partial).toBeLessThan(head);

  // Restarted, it resumes from its checkpoints and catches up.
  expect(await runProcess('runProjections.ts', [dir, '50'])).toContain('caught up');
  for (const projection of projections) {
    const clean = await replayProjection(projection, events);
    for (const collection of projection.collections) {
      expect(await allDocs(observer, collection.name), `${projection.name}/${collection.name}`).toEqual(
        clean.all(collection.name),
      );
    }
  }
  await observer.close();
}, 120_000);

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { aBrief } from '../support/collaborationFixtures.js';
import { sellerActor } from '../support/drive.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-crash-streams-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const catalog = createEventCatalog();

/**
 * What one command writes in several streams is there whole or not at all: every proposal has its
 * creator's link and every link its proposal; every dispute id claimed log-wide names a dispute
 * opened with it in the claiming collaboration, and every dispute opened has its claim.
 */
const expectWholeCommands = async (path: string) => {
  const store = getSQLiteEventStore({ path, catalog });
  const events = await store.readAll();
  await store.close();
  const proposed = events.filter((e) => e.type === 'CollaborationProposed').map((e) => e.streamId);
  const linked = events
    .filter((e) => e.type === 'CollaborationLinked')
    .map((e) => `collaboration-${(e.data as { collaborationId: string }).collaborationId}`);
  expect(new Set(linked)).toEqual(new Set(proposed));
  const claimed = events
    .filter((e) => e.type === 'IdClaimed')
    .map((e) => {
      const { id, owner } = e.data as { id: string; owner: string };
      return `${owner}/${id}`;
    });
  const opened = events
    .filter((e) => e.type === 'DisputeOpened')
    .map((e) => `${e.streamId}/${(e.data as { disputeId: string }).disputeId}`);
  expect(new Set(claimed)).toEqual(new Set(opened));
  return { proposals: proposed.length, disputes: opened.length };
};

it('a process killed (SIGKILL) while it runs commands across streams leaves each command whole or absent; a retry answers with the first result', async () => {
  const path = join(dir, 'events.db');
  const script = fileURLToPath(new URL('../support/processes/commandsAcrossStreams.ts', import.meta.url));
  let last = '';
  for (let round = 0; round < 8; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', script, path, `r${round}`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (data: Buffer) => {
        last = String(data).trim().split('\n').at(-1)!;
        resolve();
      }),
    );
    // Somewhere in the middle of its next commands.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 60));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await expectWholeCommands(path);
  }
  const { proposals, disputes } = await expectWholeCommands(path);
  expect(proposals).toBeGreaterThanOrEqual(8);
  expect(disputes).toBeGreaterThanOrEqual(8);

  // The command after the last one printed may or may not have been written: its retry with the same
  // idempotency key answers with the first result, or writes it now, once.
  const store = getSQLiteEventStore({ path, catalog });
  const write = createWriteSide({ store, catalog });
  const [, label, index] = /^k-(r\d+)-(\d+)$/.exec(last)!;
  const next = `k-${label}-${Number(index) + 1}`;
  const propose = () =>
    write.collaboration(
      {
        type: 'ProposeCollaboration',
        collaborationId: next,
        sellerId: 's1',
        creatorId: 'c1',
        brief: aBrief(),
        actor: sellerActor('s1'),
        now: '2026-03-01T00:00:00.000Z',
      },
      { idempotencyKey: `propose-${next}` },
    );
  const first = await propose();
  const again = await propose();
  expect(again.deduplicated).toBe(true);
  expect(again.position).toBe(first.position);
  await store.close();
  await expectWholeCommands(path);
}, 180_000);

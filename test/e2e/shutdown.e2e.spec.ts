import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signToken } from '../../src/access/tokens.js';

/**
 * SIGTERM, as an orchestrator sends it, stops the real service in order and within its bound: the
 * WebSockets close (1001), the process exits 0 after saying so, and the stores were closed — the
 * event store merged its stream index into its table on the way out.
 */

const dir = mkdtempSync(join(tmpdir(), 'ledger-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = async (): Promise<{ child: ChildProcess; url: string; output: () => string }> => {
  const main = fileURLToPath(new URL('../../src/app/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, NODE_ENV: 'development', LEDGER_DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${output}`)), 60_000);
    const look = () => {
      const match = /listening on (http:\/\/\S+\/graphql)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      } else setTimeout(look, 50);
    };
    look();
  });
  return { child, url, output: () => output };
};

it('stops in order on SIGTERM: sockets closed, projections stopped, stores closed, exit 0', async () => {
  const { child, url, output } = await start();
  const secret = readFileSync(join(dir, 'dev-jwt-secret'), 'utf8').trim();
  const token = await signToken(secret, { sub: 'user-s1', role: 'SELLER', sellerId: 's1' });
  const written = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation { registerSeller(input: { name: "S1", country: "CN" }) { position } }',
    }),
  });
  expect(((await written.json()) as { data: unknown }).data).toBeTruthy();

  const socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws');
  const socketClosed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.on('open', resolve));
  socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  await new Promise((resolve) => socket.on('message', resolve));

  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stopped = performance.now();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(performance.now() - stopped).toBeLessThan(10_000);
  expect(await socketClosed).toBe(1001);
  expect(output()).toMatch(/"storesClosed":true[^\n]*"msg":"stopped"/);

  // The event store closed: its stream index was merged up to the last event.
  const db = new Database(join(dir, 'events.db'), { readonly: true });
  try {
    const head = db.prepare('SELECT max(position) FROM events').pluck().get() as number;
    const indexed = db
      .prepare("SELECT value FROM store_state WHERE key = 'indexed_to'")
      .pluck()
      .get() as number;
    expect(head).toBeGreaterThan(0);
    expect(indexed).toBe(head);
  } finally {
    db.close();
  }
}, 90_000);

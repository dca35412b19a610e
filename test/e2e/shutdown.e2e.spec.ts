import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
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

/** One registration, over a connection of its own or a kept-alive one; when it was sent, and what came back. */
interface Fired {
  readonly sellerId: string;
  sentAt: number;
  outcome?: { status: number; code?: string; data?: unknown } | { error: string };
}

const register = (url: URL, token: string, fired: Fired, agent: http.Agent | false): Promise<void> =>
  new Promise((resolve) => {
    const body = JSON.stringify({
      query: `mutation { registerSeller(input: { name: "${fired.sellerId}", country: "CN" }) { position } }`,
    });
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          const answer = JSON.parse(text) as {
            data?: unknown;
            errors?: { extensions?: { code?: string } }[];
          };
          fired.outcome = {
            status: response.statusCode!,
            code: answer.errors?.[0]?.extensions?.code,
            data: answer.data,
          };
          resolve();
        });
        response.on('error', (error) => {
          fired.outcome = { error: (error as NodeJS.ErrnoException).code ?? error.message };
          resolve();
        });
      },
    );
    request.on('error', (error) => {
      fired.outcome = { error: (error as NodeJS.ErrnoException).code ?? error.message };
      resolve();
    });
    // Sent: the whole request handed to the system, which delivers it to the service's socket (a
    // request on a connection still being made is held until it is made).
    request.on('finish', () => {
      const socket = request.socket;
      if (socket?.connecting) socket.once('connect', () => (fired.sentAt = performance.now()));
      else fired.sentAt = performance.now();
    });
    request.end(body);
  });

it('answers every request sent before SIGTERM, and refuses those after it cleanly, writing nothing for them', async () => {
  const { child, url } = await start();
  const secret = readFileSync(join(dir, 'dev-jwt-secret'), 'utf8').trim();
  const address = new URL(url);
  const keptAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const fired: Fired[] = [];
  const sent: Promise<void>[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let signalledAt = Infinity;
  // Every 5 ms, from 250 ms before the signal to 250 ms after it: half on a connection of their own,
  // half on connections kept alive between requests.
  for (let i = 0; i < 100; i++) {
    const sellerId = `s-stop-${String(i).padStart(3, '0')}`;
    const token = await signToken(secret, { sub: `user-${sellerId}`, role: 'SELLER', sellerId });
    const one: Fired = { sellerId, sentAt: Infinity };
    fired.push(one);
    sent.push(register(address, token, one, i % 2 === 0 ? false : keptAlive));
    if (i === 50) {
      signalledAt = performance.now();
      child.kill('SIGTERM');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await Promise.all(sent);
  expect(await exited).toBe(0);
  keptAlive.destroy();

  const db = new Database(join(dir, 'events.db'), { readonly: true });
  const registered = new Set(
    db
      .prepare("SELECT stream_id FROM events WHERE type = 'SellerRegistered'")
      .pluck()
      .all()
      .map((streamId) => String(streamId).slice('seller-'.length)),
  );
  db.close();

  const problems: string[] = [];
  for (const one of fired) {
    const { outcome, sellerId } = one;
    const before = one.sentAt < signalledAt;
    const answered = outcome && 'status' in outcome && outcome.status === 200 && outcome.data;
    if (answered) {
      if (!registered.has(sellerId)) problems.push(`${sellerId}: answered but not in the log`);
      continue;
    }
    if (before) problems.push(`${sellerId}, sent before the signal: ${JSON.stringify(outcome)}`);
    if (registered.has(sellerId)) problems.push(`${sellerId}: refused but in the log`);
    // Refused cleanly: 503 saying the service stops, or no connection at all.
    const clean =
      outcome &&
      ('status' in outcome
        ? outcome.status === 503 && outcome.code === 'SHUTTING_DOWN'
        : ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(outcome.error));
    if (!clean) problems.push(`${sellerId}: refused as ${JSON.stringify(outcome)}`);
  }
  expect(problems).toEqual([]);
  // The signal fell among the requests: some were answered before it, some refused after.
  expect(fired.filter((one) => one.sentAt < signalledAt).length).toBeGreaterThan(20);
}, 90_000);

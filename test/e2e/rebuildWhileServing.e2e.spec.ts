import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { projections } from '../../projections/index.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { ValidationError } from '../../src/core/errors.js';
import { getSQLiteEventStore } from '../../src/eventStore/sqlite/sqliteEventStore.js';
import { GENERATIONS_PER_VERSION } from '../../src/projectionRunner/projection.js';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { allDocs } from '../support/history.js';
import {
  PROCESS_SECRET,
  eventually,
  gql,
  processToken,
  readiness,
  startServiceProcess,
  type ServiceProcess,
} from '../support/serviceProcess.js';

/**
 * Rebuilds and upgrades while the service serves (README § Running several processes): `npm run
 * rebuild` beside a running service fails no request and stalls no event loop, then every process
 * serves the new version; a release whose projection changed (a new index) starts, serves the old
 * version, and switches when its rebuild is done; a rebuild killed at any point leaves the live
 * version serving, and a rerun completes.
 */

const dirs: string[] = [];
const running: ServiceProcess[] = [];
afterAll(async () => {
  for (const process of running) await process.kill().catch(() => undefined);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const seeded = async (collaborations = 150) => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
  dirs.push(dir);
  const catalog = createEventCatalog();
  const store = getSQLiteEventStore({ path: join(dir, 'events.db'), catalog });
  await seedHistory(
    createWriteSide({ store, catalog }),
    { creators: 30, sellers: 8, collaborations },
    { seed: 11 },
  );
  await store.close();
  return dir;
};
const start = async (dir: string, options: Parameters<typeof startServiceProcess>[1] = {}) => {
  const started = await startServiceProcess(dir, options);
  running.push(started);
  return started;
};
const rebuildScript = fileURLToPath(new URL('../../scripts/rebuild.ts', import.meta.url));
const rebuild = (dir: string, names: string[] = []) =>
  spawn(process.execPath, ['--import', 'tsx', rebuildScript, ...names], {
    env: {
      ...process.env,
      LEDGER_DATA_DIR: dir,
      LEDGER_JWT_SECRET: PROCESS_SECRET,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
const exitOf = (child: ReturnType<typeof rebuild>) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
const ready = async (service: ServiceProcess) =>
  eventually(async () => (await readiness(service.base)).status === 'ready', 60_000, 'readiness');
const versions = async (service: ServiceProcess) =>
  Object.fromEntries((await readiness(service.base)).projections.map((p) => [p.name, p.version]));
const lagMax = async (service: ServiceProcess): Promise<number> => {
  const text = await (await fetch(`${service.base}/metrics`)).text();
  return Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)![1]);
};

describe('rebuilds and upgrades while serving', () => {
  it('npm run rebuild beside the running service: no request fails, no stall, then all serve the new version', async () => {
    const dir = await seeded();
    const service = await start(dir);
    const api = await start(dir, { roles: 'api' });
    await ready(service);
    const before = await versions(service);
    const auditor = await processToken('AUDITOR');
    const creator = await processToken('CREATOR', 'c-reb');
    await gql(
      service.url,
      creator,
      'mutation { registerCreator(input: { displayName: "R", country: "US", languages: ["en"], categories: [BEAUTY], platformAccounts: [{ platform: TIKTOK, handle: "@r", followers: 10 }] }) { position } }',
    );
    await lagMax(service);

    // Readers and a writer hit both processes for the whole rebuild.
    let done = false;
    const failures: string[] = [];
    let slowest = 0;
    let requests = 0;
    const traffic = (url: string, n: number) =>
      (async () => {
        for (let i = 0; !done; i++) {
          const started = performance.now();
          const response =
            i % 5 === 4
              ? await gql(
                  url,
                  creator,
                  `mutation { updateCreatorProfile(input: { displayName: "R ${n}-${i}" }) { position } }`,
                )
              : await gql(
                  url,
                  auditor,
                  '{ creators(first: 20) { totalCount edges { node { id reputation { overall } } } } collaborations(first: 10) { totalCount } }',
                );
          slowest = Math.max(slowest, performance.now() - started);
          requests++;
          if (response.status !== 200 || response.errors) failures.push(JSON.stringify(response));
        }
      })();
    const clients = [traffic(service.url, 1), traffic(api.url, 2)];
    const child = rebuild(dir);
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    expect(await exitOf(child), output).toBe(0);
    done = true;
    await Promise.all(clients);

    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(20);
    // The longest stall of the serving process's event loop during the rebuild, and the slowest request.
    expect(await lagMax(service)).toBeLessThan(0.5);
    expect(slowest).toBeLessThan(3000);
    // Both processes now read the new versions.
    const after = await eventually(
      async () => {
        const [one, two] = [await versions(service), await versions(api)];
        return JSON.stringify(one) === JSON.stringify(two) && one.collaborations !== before.collaborations
          ? one
          : false;
      },
      20_000,
      'every process to serve the new versions',
    );
    for (const projection of projections) expect(after[projection.name]).toBe(before[projection.name]! + 1);
    await ready(service);
  }, 180_000);

  it('starts a release whose projection gained an index: serves the old version, then switches', async () => {
    const dir = await seeded(300);
    const old = await start(dir);
    await ready(old);
    expect(await old.stop()).toBe(0);

    const observer = getSQLiteReadStore({ path: join(dir, 'read.db') });
    const byRevision = () =>
      observer.query('collaborations', { where: [{ field: 'revision', op: 'gte', value: 0 }], first: 1 });
    await expect(byRevision()).rejects.toBeInstanceOf(ValidationError);
    const upgraded = await start(dir, { script: 'serveUpgraded.ts' });
    // It started (the new index did not stop it) and serves the old version meanwhile.
    const auditor = await processToken('AUDITOR');
    const served = await gql(upgraded.url, auditor, '{ collaborations(first: 5) { totalCount } }');
    expect(served.errors).toBeUndefined();
    expect((served.data!.collaborations as { totalCount: number }).totalCount).toBeGreaterThan(0);
    const version =
      (projections.find((p) => p.name === 'collaborations')!.version + 1) * GENERATIONS_PER_VERSION;
    await eventually(
      async () =>
        (await readiness(upgraded.base)).projections.find((p) => p.name === 'collaborations')?.version ===
        version,
      120_000,
      'the upgraded version to be active',
    );
    await ready(upgraded);
    expect((await byRevision()).items).toHaveLength(1);
    await observer.close();
  }, 240_000);

  it('leaves the live version serving when a rebuild is killed at any point; a rerun completes', async () => {
    const dir = await seeded();
    const service = await start(dir);
    await ready(service);
    const before = await versions(service);
    const auditor = await processToken('AUDITOR');
    for (const delay of [150, 600, 1500, 3000]) {
      const child = rebuild(dir);
      const exited = exitOf(child);
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      // Whatever it had done, the service reads on, from the same versions or, if it got that far, the new ones.
      const answer = await gql(service.url, auditor, '{ collaborations(first: 3) { totalCount } }');
      expect(answer.errors, `killed after ${delay} ms`).toBeUndefined();
      await ready(service);
    }
    const child = rebuild(dir);
    let output = '';
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    expect(await exitOf(child), output).toBe(0);
    const after = await versions(service);
    for (const projection of projections)
      expect(after[projection.name]).toBeGreaterThan(before[projection.name]!);
    await ready(service);
    // Its scheduler closes the seeded history's past rating windows, as it finds them: stopped,
    // nothing moves while the read models are compared with the log.
    expect(await service.stop()).toBe(0);

    // What the rebuilt versions hold is what the log gives, up to where each one is.
    const catalog = createEventCatalog();
    const store = getSQLiteEventStore({ path: join(dir, 'events.db'), catalog });
    const events = await store.readAll();
    await store.close();
    const observer = getSQLiteReadStore({ path: join(dir, 'read.db') });
    const checkpoints = await observer.activeCheckpoints();
    for (const projection of projections) {
      const upTo = checkpoints.get(projection.name)!.checkpoint;
      const clean = await replayProjection(
        projection,
        events.filter((event) => event.position <= upTo),
      );
      for (const collection of projection.collections) {
        expect(await allDocs(observer, collection.name), collection.name).toEqual(clean.all(collection.name));
      }
    }
    await observer.close();
  }, 240_000);
});

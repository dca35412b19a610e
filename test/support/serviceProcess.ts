import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signToken } from '../../src/access/tokens.js';
import type { TokenRole } from '../../src/access/viewer.js';

/** The secret every spawned service of a test shares (LEDGER_JWT_SECRET). */
export const PROCESS_SECRET = 'process-test-secret-long-enough-for-hs256';

export interface ServiceProcess {
  readonly child: ChildProcess;
  /** The GraphQL URL (or, without the API, the base of the operator's routes + /graphql). */
  readonly url: string;
  readonly base: string;
  output(): string;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no goodbye, leases left to expire. */
  kill(): Promise<void>;
  readonly exited: Promise<number | null>;
}

/**
 * Starts the real service as its own process (through tsx) on a data folder, with the roles given,
 * and waits for its banner. `script` runs another entry (test/support/processes/…) for services
 * built differently (an upgraded projection).
 */
export const startServiceProcess = async (
  dir: string,
  options: { roles?: string; env?: Record<string, string>; script?: string; args?: string[] } = {},
): Promise<ServiceProcess> => {
  const entry = options.script
    ? fileURLToPath(new URL(`./processes/${options.script}`, import.meta.url))
    : fileURLToPath(new URL('../../src/app/main.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', entry, ...(options.roles ? ['--roles', options.roles] : []), ...(options.args ?? [])],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LEDGER_DATA_DIR: dir,
        LEDGER_JWT_SECRET: PROCESS_SECRET,
        PORT: '0',
        LOG_LEVEL: 'warn',
        LEDGER_LEASE_TTL_MS: '1500',
        LEDGER_SCHEDULER_TICK_MS: '200',
        LEDGER_RETIRED_VERSION_GRACE_MS: '0',
        LEDGER_RATE_LIMIT_IP_PER_MINUTE: '0',
        LEDGER_RATE_LIMIT_USER_PER_MINUTE: '0',
        LEDGER_RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${output}`)), 60_000);
    void exited.then((code) => reject(new Error(`exited ${code} before starting: ${output}`)));
    const look = () => {
      const api = /listening on (http:\/\/\S+\/graphql)/.exec(output);
      const ops = /\/healthz, \/readyz, \/metrics on (http:\/\/\S+)/.exec(output);
      const found = api?.[1] ?? (ops ? `${ops[1]}/graphql` : undefined);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      } else setTimeout(look, 25);
    };
    look();
  });
  return {
    child,
    url,
    base: url.replace(/\/graphql$/, ''),
    output: () => output,
    exited,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
};

export const processToken = (role: TokenRole, id?: string): Promise<string> =>
  signToken(PROCESS_SECRET, {
    sub: `user-${id ?? role.toLowerCase()}`,
    role,
    ...(role === 'SELLER' ? { sellerId: id! } : {}),
    ...(role === 'CREATOR' ? { creatorId: id! } : {}),
  });

/** POST a GraphQL document to a spawned service. */
export const gql = async (
  url: string,
  token: string | null,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as object) };
};

export interface Readiness {
  status: string;
  projections: {
    name: string;
    version: number | null;
    state: string;
    lag: number;
    heldBy: { name: string; status: string } | null;
  }[];
  leases: { name: string; holder: string; status: string }[];
}

export const readiness = async (base: string): Promise<Readiness> =>
  (await (await fetch(`${base}/readyz`)).json()) as Readiness;

/** Polls until `check` holds (or fails the test after `timeoutMs`). */
export const eventually = async <T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

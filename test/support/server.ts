import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { loadConfig, type Config } from '../../src/app/config.js';
import { createServices, serve, type Services } from '../../src/app/services.js';
import { signToken } from '../../src/access/tokens.js';
import type { TokenRole } from '../../src/access/viewer.js';
import type { LedgerServer } from '../../src/http/server.js';
import { getSQLiteReadStore } from '../../src/readStore/sqlite/sqliteReadStore.js';
import type { Resolve } from '../../src/processes/webhooks/addresses.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256';

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string } & Record<string, unknown>;
  }[];
}

export type Token = string | null;

/** A test clock: starts now, moves only when told. */
export const testClock = (start = new Date()) => {
  let current = start.getTime();
  return {
    now: () => new Date(current).toISOString(),
    advance: (ms: number) => {
      current += ms;
    },
    advanceDays: (days: number) => {
      current += days * 86_400_000;
    },
  };
};

/**
 * The service as a user meets it: real SQLite files in a temporary folder, projections running,
 * the real HTTP and WebSocket server on a free port.
 */
export const startTestServer = async (
  options: {
    env?: Record<string, string>;
    clock?: ReturnType<typeof testClock>;
    onReadStoreQuery?: (collection: string) => void;
    dir?: string;
    /** How webhook hosts resolve (a name that resolves to 127.0.0.1). */
    resolve?: Resolve;
  } = {},
) => {
  // A given folder is kept on close (a test restarts the service on it); a fresh one is removed.
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
  const config: Config = loadConfig({
    NODE_ENV: 'test',
    LEDGER_DATA_DIR: dir,
    LEDGER_JWT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'silent',
    LEDGER_SCHEDULER_TICK_MS: '3600000',
    // Tests send many requests from one address at once: the limits have their own tests.
    LEDGER_RATE_LIMIT_IP_PER_MINUTE: '0',
    LEDGER_RATE_LIMIT_USER_PER_MINUTE: '0',
    LEDGER_RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    ...options.env,
  });
  const clock = options.clock ?? testClock();
  const services: Services = await createServices(config, {
    now: clock.now,
    ...(options.resolve ? { resolve: options.resolve } : {}),
    ...(options.onReadStoreQuery
      ? { readStore: getSQLiteReadStore({ path: config.readStorePath, onQuery: options.onReadStoreQuery }) }
      : {}),
  });
  await services.start();
  const server: LedgerServer = await serve(services, { port: 0, host: '127.0.0.1' });
  const sockets: Client[] = [];

  const token = (
    role: TokenRole,
    id?: string,
    options: { expiresIn?: string | number } = {},
  ): Promise<string> =>
    signToken(
      TEST_SECRET,
      {
        sub: `user-${id ?? role.toLowerCase()}`,
        role,
        ...(role === 'SELLER' ? { sellerId: id! } : {}),
        ...(role === 'CREATOR' ? { creatorId: id! } : {}),
      },
      options,
    );

  const request = async <TData, TVariables>(
    token: Token,
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<TData>> => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse<TData>;
  };

  /** An operation as text (for tables of operations, and for malformed input). */
  const raw = async (
    token: Token,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<Record<string, unknown>>> => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: object;
    try {
      parsed = JSON.parse(text) as object;
    } catch {
      parsed = { errors: [{ message: text }] };
    }
    return { status: response.status, ...parsed } as GraphQLResponse<Record<string, unknown>>;
  };

  /** Like `request`, but fails the test on errors and returns the data. */
  const ok = async <TData, TVariables>(
    token: Token,
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
  ): Promise<TData> => {
    const response = await request(token, document, variables);
    if (response.errors?.length || !response.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    }
    return response.data;
  };

  /** POST /evidence: stores a file, answering its SHA-256 (or the error). */
  const upload = async (
    token: Token,
    bytes: Uint8Array | string,
    contentType = 'text/plain',
  ): Promise<{
    status: number;
    body: { sha256?: string; size?: number; errors?: GraphQLResponse<never>['errors'] };
  }> => {
    const response = await fetch(new URL('/evidence', server.url), {
      method: 'POST',
      headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
    });
    return { status: response.status, body: (await response.json()) as never };
  };

  /** Uploads a file and returns its SHA-256, failing the test otherwise. */
  const evidence = async (token: Token, text: string, contentType = 'text/plain'): Promise<string> => {
    const { status, body } = await upload(token, text, contentType);
    if (status !== 201 || !body.sha256) throw new Error(`Upload failed: ${status} ${JSON.stringify(body)}`);
    return body.sha256;
  };

  const ws = (token: Token): Client => {
    const client = createClient({
      url: server.url.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
    });
    sockets.push(client);
    return client;
  };

  return {
    dir,
    config,
    services,
    server,
    clock,
    url: server.url,
    token,
    request,
    raw,
    ok,
    upload,
    evidence,
    ws,
    async close() {
      for (const socket of sockets) await socket.dispose();
      await server.close();
      await services.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
};

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Collects what a subscription sends until `count` payloads or the timeout. */
export const collect = async <T>(
  iterator: AsyncIterableIterator<T>,
  count: number,
  timeoutMs = 10_000,
): Promise<T[]> => {
  const items: T[] = [];
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`timed out after ${items.length} of ${count} payloads`)),
      timeoutMs,
    ).unref(),
  );
  const read = (async () => {
    for await (const item of iterator) {
      items.push(item);
      if (items.length >= count) break;
    }
    return items;
  })();
  return Promise.race([read, timeout]);
};

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import type { RateLimitSettings } from '../access/limits.js';
import type { DocumentLimitSettings } from '../graphql/limits.js';

/**
 * Configuration from the environment, with defaults that run on a laptop (ARCHITECTURE.md §
 * Configuration): nothing set → embedded SQLite in ./data, a development auth secret.
 */
/** What a process of the service does (README § Running several processes). */
export const ROLES = ['api', 'projector', 'scheduler', 'notifier'] as const;
export type ProcessRole = (typeof ROLES)[number];

export interface Config {
  readonly production: boolean;
  /**
   * What this process does (`LEDGER_ROLES`, or `--roles`): `api` (HTTP and WebSocket), `projector`
   * (the read models and the rating review policy), `scheduler` (deadlines and their reminders),
   * `notifier` (webhook deliveries). Default: all four.
   */
  readonly roles: ReadonlySet<ProcessRole>;
  /** A lease's time to live: a dead projector or scheduler is replaced this long after it stopped renewing. */
  readonly leaseTtlMs: number;
  /** How long a retired read-model version stays for readers still on it before it is dropped. */
  readonly retiredGraceMs: number;
  /**
   * Worker threads a rebuild of several projections is shared among (`LEDGER_REBUILD_THREADS`):
   * default one per core, up to 4; 0 rebuilds in the process's own thread.
   */
  readonly rebuildThreads: number;
  readonly dataDir: string;
  readonly eventStorePath: string;
  readonly readStorePath: string;
  readonly blobDir: string;
  /**
   * The scale-out stores, by URL (docs/deploy.md): `LEDGER_EVENT_STORE_URL=kurrentdb://…` (KurrentDB
   * or EventStoreDB) or `postgres://…`, `LEDGER_READ_STORE_URL=postgres://…` or `mongodb://…` (a
   * replica set), `LEDGER_BLOB_STORE_URL` (GridFS or PostgreSQL; by default the read store's database
   * when it is one of those). Unset: SQLite and files in the data folder.
   */
  readonly eventStoreUrl: string | undefined;
  readonly readStoreUrl: string | undefined;
  readonly blobStoreUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /**
   * HS256 secret for bearer tokens (`LEDGER_JWT_SECRET`). Outside production, when neither it nor a
   * JWKS URL is set, a development secret kept in the data folder; in production only what is
   * configured: with only `LEDGER_JWKS_URL`, no HS256 token is accepted at all.
   */
  readonly jwtSecret: string | undefined;
  /** Where the development secret lives, when it is the one in use. */
  readonly devSecretFile: string | undefined;
  /**
   * Whether `POST /dev/token` mints development tokens for the browser apps: only with the
   * development secret, and only on a loopback address unless `LEDGER_DEV_TOKENS=1`.
   */
  readonly devTokens: boolean;
  /**
   * Whether `GET /graphql` from a browser serves the GraphQL explorer (and introspection is on):
   * always outside production; in production only with `LEDGER_EXPLORER=1`.
   */
  readonly explorer: boolean;
  readonly jwksUrl: string | undefined;
  /** When set, a token must carry exactly this `iss` / `aud`. */
  readonly jwtIssuer: string | undefined;
  readonly jwtAudience: string | undefined;
  /** Whether a token must carry `exp` (always in production; `LEDGER_JWT_REQUIRE_EXP=1` elsewhere). */
  readonly jwtRequireExp: boolean;
  /** The longest lifetime a token may have, `exp` − `iat` (or − now without `iat`), in seconds. */
  readonly jwtMaxLifetimeSeconds: number;
  /** Largest projection lag (log positions) at which /readyz still answers ready. */
  readonly readyMaxLag: number;
  /** How long a query asking for a minimum position may wait for the projections. */
  readonly freshnessTimeoutMs: number;
  readonly schedulerTickMs: number;
  /** Largest evidence file accepted by POST /evidence. */
  readonly evidenceMaxBytes: number;
  /** The Ed25519 key (PKCS#8 PEM) audit exports are signed with; made there on first use. */
  readonly auditSigningKeyFile: string;
  /**
   * The secret ids drawn for retried commands are derived under (`LEDGER_ID_SECRET`); by default
   * derived from the audit signing key, which every process of one service shares.
   */
  readonly idSecret: string | undefined;
  /** Express's `trust proxy` (`LEDGER_TRUST_PROXY`): whom to believe about the client's address. */
  readonly trustProxy: boolean | number | string;
  /** Abuse limits (README § Security); 0 turns a rate or a cap off. */
  readonly limits: Limits;
  /** Bearer token `/metrics` asks for (`LEDGER_METRICS_TOKEN`); without it, open outside production only. */
  readonly metricsToken: string | undefined;
  /** How long a stop (SIGTERM, SIGINT) may take before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** Webhooks (README § Webhooks). */
  readonly webhooks: WebhookSettings;
}

/** Where webhooks may go and how much of them (README § Webhooks; 0 turns a cap off). */
export interface WebhookSettings {
  /** `http` URLs too (`LEDGER_WEBHOOK_ALLOW_HTTP=1`): development and tests only. */
  readonly allowHttp: boolean;
  /** Loopback, private and link-local addresses too (`LEDGER_WEBHOOK_ALLOW_PRIVATE=1`): tests only. */
  readonly allowPrivate: boolean;
  /** Endpoints one owner may have (`LEDGER_WEBHOOK_MAX_ENDPOINTS_PER_OWNER`, 10). */
  readonly maxEndpointsPerOwner: number;
  /** Deliveries per second to one owner's endpoints together (`…_DELIVERIES_PER_SECOND_PER_OWNER`, 100). */
  readonly deliveriesPerSecondPerOwner: number;
  /** One attempt, connection to last byte (`LEDGER_WEBHOOK_TIMEOUT_MS`, 10,000). */
  readonly timeoutMs: number;
  /** How often the notifier looks for endpoints and idle ones at the log (`LEDGER_NOTIFIER_TICK_MS`, 1,000). */
  readonly tickMs: number;
}

/** Every limit of the service (README § Security): on requests and sockets, and on GraphQL documents. */
export interface Limits extends RateLimitSettings, DocumentLimitSettings {}

const int = (value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`Not a non-negative integer: ${value}`);
  return parsed;
};

/** A store URL of one of the schemes an adapter takes, or a clear error at start. */
const storeUrl = (value: string | undefined, schemes: readonly string[]): string | undefined => {
  if (value === undefined || value === '') return undefined;
  if (!schemes.some((scheme) => value.startsWith(scheme))) {
    throw new Error(
      `Store URL ${value.split('@').pop()}: expected ${schemes.map((s) => `${s}//…`).join(' or ')}`,
    );
  }
  return value;
};

/** Where evidence files may be kept: GridFS in MongoDB, or PostgreSQL (src/blobStore). */
const BLOB_STORE_SCHEMES = ['mongodb:', 'mongodb+srv:', 'postgres:', 'postgresql:'];

/** `LEDGER_ROLES`: a comma-separated list of roles; all of them when unset. */
export const rolesOf = (value: string | undefined): ReadonlySet<ProcessRole> => {
  if (value === undefined || value.trim() === '') return new Set(ROLES);
  const roles = value.split(',').map((r) => r.trim().toLowerCase());
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0 || roles.length === 0) {
    throw new Error(`LEDGER_ROLES: unknown role(s) ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  }
  return new Set(roles as ProcessRole[]);
};

/** `LEDGER_TRUST_PROXY`: false (default), true, a hop count, or addresses/subnets (Express's forms). */
const trustProxyOf = (value: string | undefined): boolean | number | string => {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
};

/**
 * The development token secret: made once and kept in the data folder, so that `npm start` and
 * `npm run token` agree across restarts. Never used in production.
 */
const devSecret = (dataDir: string): string => {
  const file = join(dataDir, 'dev-jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return readFileSync(file, 'utf8').trim();
  }
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const flag = (value: string | undefined): boolean => value === '1' || value === 'true';

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.LEDGER_DATA_DIR ?? 'data');
  const secret = env.LEDGER_JWT_SECRET || undefined;
  const jwksUrl = env.LEDGER_JWKS_URL || undefined;
  if (production && !secret && !jwksUrl) {
    throw new Error('In production set LEDGER_JWT_SECRET (HS256) or LEDGER_JWKS_URL (RS256)');
  }
  if (secret !== undefined && Buffer.byteLength(secret) < 32) {
    throw new Error('LEDGER_JWT_SECRET must be at least 32 bytes (RFC 7518 § 3.2: HS256 keys of 256 bits)');
  }
  // The development secret exists only where nothing else is configured, and never in production.
  const useDevSecret = !production && !secret && !jwksUrl;
  return {
    production,
    roles: rolesOf(env.LEDGER_ROLES),
    leaseTtlMs: int(env.LEDGER_LEASE_TTL_MS, 5_000),
    retiredGraceMs: int(env.LEDGER_RETIRED_VERSION_GRACE_MS, 60_000),
    rebuildThreads: int(env.LEDGER_REBUILD_THREADS, Math.min(4, availableParallelism())),
    dataDir,
    eventStorePath: env.LEDGER_EVENT_STORE_PATH ?? join(dataDir, 'events.db'),
    readStorePath: env.LEDGER_READ_STORE_PATH ?? join(dataDir, 'read.db'),
    blobDir: env.LEDGER_BLOB_DIR ?? join(dataDir, 'blobs'),
    eventStoreUrl: storeUrl(env.LEDGER_EVENT_STORE_URL, [
      'kurrentdb:',
      'kurrentdb+discover:',
      'esdb:',
      'esdb+discover:',
      'postgres:',
      'postgresql:',
    ]),
    readStoreUrl: storeUrl(env.LEDGER_READ_STORE_URL, [
      'mongodb:',
      'mongodb+srv:',
      'postgres:',
      'postgresql:',
    ]),
    blobStoreUrl:
      storeUrl(env.LEDGER_BLOB_STORE_URL, BLOB_STORE_SCHEMES) ??
      storeUrl(env.LEDGER_READ_STORE_URL, BLOB_STORE_SCHEMES),
    port: int(env.PORT, 4000),
    host: env.HOST ?? '127.0.0.1',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    jwtSecret: useDevSecret ? devSecret(dataDir) : secret,
    devSecretFile: useDevSecret ? join(dataDir, 'dev-jwt-secret') : undefined,
    devTokens: useDevSecret && (LOOPBACK.has(env.HOST ?? '127.0.0.1') || flag(env.LEDGER_DEV_TOKENS)),
    explorer: !production || flag(env.LEDGER_EXPLORER),
    jwksUrl,
    jwtIssuer: env.LEDGER_JWT_ISSUER || undefined,
    jwtAudience: env.LEDGER_JWT_AUDIENCE || undefined,
    jwtRequireExp: production || env.LEDGER_JWT_REQUIRE_EXP === '1' || env.LEDGER_JWT_REQUIRE_EXP === 'true',
    jwtMaxLifetimeSeconds: int(env.LEDGER_JWT_MAX_LIFETIME_SECONDS, 24 * 3600),
    readyMaxLag: int(env.LEDGER_READY_MAX_LAG, 1000),
    freshnessTimeoutMs: int(env.LEDGER_FRESHNESS_TIMEOUT_MS, 5000),
    schedulerTickMs: int(env.LEDGER_SCHEDULER_TICK_MS, 5000),
    evidenceMaxBytes: int(env.LEDGER_EVIDENCE_MAX_BYTES, 10 * 1024 * 1024),
    auditSigningKeyFile: resolve(env.LEDGER_AUDIT_SIGNING_KEY_FILE ?? join(dataDir, 'audit-signing-key.pem')),
    idSecret: env.LEDGER_ID_SECRET || undefined,
    trustProxy: trustProxyOf(env.LEDGER_TRUST_PROXY),
    limits: {
      requestsPerMinutePerIp: int(env.LEDGER_RATE_LIMIT_IP_PER_MINUTE, 1200),
      requestsPerMinutePerUser: int(env.LEDGER_RATE_LIMIT_USER_PER_MINUTE, 600),
      mutationsPerMinutePerUser: int(env.LEDGER_RATE_LIMIT_MUTATIONS_PER_MINUTE, 120),
      socketsPerUser: int(env.LEDGER_WS_MAX_SOCKETS_PER_USER, 8),
      socketsPerIp: int(env.LEDGER_WS_MAX_SOCKETS_PER_IP, 64),
      subscriptionsPerUser: int(env.LEDGER_WS_MAX_SUBSCRIPTIONS_PER_USER, 50),
      uploadBytesPerDayPerParty: int(env.LEDGER_EVIDENCE_QUOTA_BYTES_PER_DAY, 200 * 1024 * 1024),
      queryTokens: int(env.LEDGER_MAX_QUERY_TOKENS, 3000),
      queryFragments: int(env.LEDGER_MAX_QUERY_FRAGMENTS, 50),
    },
    metricsToken: env.LEDGER_METRICS_TOKEN || undefined,
    shutdownTimeoutMs: int(env.LEDGER_SHUTDOWN_TIMEOUT_MS, 10_000),
    webhooks: {
      allowHttp: flag(env.LEDGER_WEBHOOK_ALLOW_HTTP),
      allowPrivate: flag(env.LEDGER_WEBHOOK_ALLOW_PRIVATE),
      maxEndpointsPerOwner: int(env.LEDGER_WEBHOOK_MAX_ENDPOINTS_PER_OWNER, 10),
      deliveriesPerSecondPerOwner: int(env.LEDGER_WEBHOOK_DELIVERIES_PER_SECOND_PER_OWNER, 100),
      timeoutMs: int(env.LEDGER_WEBHOOK_TIMEOUT_MS, 10_000),
      tickMs: int(env.LEDGER_NOTIFIER_TICK_MS, 1_000),
    },
  };
};

import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Configuration from the environment, with defaults that run on a laptop (ARCHITECTURE.md §
 * Configuration): nothing set → embedded SQLite in ./data, a development auth secret.
 */
export interface Config {
  readonly production: boolean;
  readonly dataDir: string;
  readonly eventStorePath: string;
  readonly readStorePath: string;
  readonly blobDir: string;
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  /** HS256 secret for bearer tokens. Outside production, when none is set, a development secret kept in the data folder. */
  readonly jwtSecret: string;
  /** Where the development secret lives, when it is the one in use. */
  readonly devSecretFile: string | undefined;
  readonly jwksUrl: string | undefined;
  readonly jwtIssuer: string | undefined;
  readonly jwtAudience: string | undefined;
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
}

const int = (value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`Not a non-negative integer: ${value}`);
  return parsed;
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

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.LEDGER_DATA_DIR ?? 'data');
  const secret = env.LEDGER_JWT_SECRET;
  if (production && !secret && !env.LEDGER_JWKS_URL) {
    throw new Error('In production set LEDGER_JWT_SECRET (HS256) or LEDGER_JWKS_URL (RS256)');
  }
  return {
    production,
    dataDir,
    eventStorePath: env.LEDGER_EVENT_STORE_PATH ?? join(dataDir, 'events.db'),
    readStorePath: env.LEDGER_READ_STORE_PATH ?? join(dataDir, 'read.db'),
    blobDir: env.LEDGER_BLOB_DIR ?? join(dataDir, 'blobs'),
    port: int(env.PORT, 4000),
    host: env.HOST ?? '127.0.0.1',
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    jwtSecret: secret ?? devSecret(dataDir),
    devSecretFile: secret ? undefined : join(dataDir, 'dev-jwt-secret'),
    jwksUrl: env.LEDGER_JWKS_URL,
    jwtIssuer: env.LEDGER_JWT_ISSUER,
    jwtAudience: env.LEDGER_JWT_AUDIENCE,
    readyMaxLag: int(env.LEDGER_READY_MAX_LAG, 1000),
    freshnessTimeoutMs: int(env.LEDGER_FRESHNESS_TIMEOUT_MS, 5000),
    schedulerTickMs: int(env.LEDGER_SCHEDULER_TICK_MS, 5000),
    evidenceMaxBytes: int(env.LEDGER_EVIDENCE_MAX_BYTES, 10 * 1024 * 1024),
    auditSigningKeyFile: resolve(env.LEDGER_AUDIT_SIGNING_KEY_FILE ?? join(dataDir, 'audit-signing-key.pem')),
    idSecret: env.LEDGER_ID_SECRET || undefined,
  };
};

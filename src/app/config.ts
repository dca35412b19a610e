import { randomBytes } from 'node:crypto';
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
  /** HS256 secret for bearer tokens; generated (and announced) when not set outside production. */
  readonly jwtSecret: string;
  readonly jwtSecretGenerated: boolean;
  readonly jwksUrl: string | undefined;
  readonly jwtIssuer: string | undefined;
  readonly jwtAudience: string | undefined;
  /** Largest projection lag (log positions) at which /readyz still answers ready. */
  readonly readyMaxLag: number;
  /** How long a query asking for a minimum position may wait for the projections. */
  readonly freshnessTimeoutMs: number;
  readonly schedulerTickMs: number;
}

const int = (value: string | undefined, fallback: number): number => {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`Not a non-negative integer: ${value}`);
  return parsed;
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
    jwtSecret: secret ?? randomBytes(32).toString('base64url'),
    jwtSecretGenerated: !secret,
    jwksUrl: env.LEDGER_JWKS_URL,
    jwtIssuer: env.LEDGER_JWT_ISSUER,
    jwtAudience: env.LEDGER_JWT_AUDIENCE,
    readyMaxLag: int(env.LEDGER_READY_MAX_LAG, 1000),
    freshnessTimeoutMs: int(env.LEDGER_FRESHNESS_TIMEOUT_MS, 5000),
    schedulerTickMs: int(env.LEDGER_SCHEDULER_TICK_MS, 5000),
  };
};

import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import { createPool } from '../../postgres/pool.js';
import type { Rate, RateCounters } from '../limits.js';

export interface PostgreSQLRateCountersOptions {
  /** `postgres://…`: the read store's database, which every API process reaches already. */
  readonly url: string;
  /** Connections: one per request being counted at that instant. Default 4. */
  readonly poolSize?: number;
  /** The table of counters (made when missing). Default `rate_limits`. */
  readonly tableName?: string;
  /** Called when an idle connection fails (the server restarted): the pool replaces it. */
  readonly onError?: (error: Error) => void;
}

/** The counter column is an `integer` (the library's table): a rate can count up to this. */
const MAX_POINTS = 2 ** 31 - 1;

/** What a CREATE TABLE IF NOT EXISTS that lost a race to another process answers. */
const ALREADY_MADE = new Set(['42P07', '42710']);

/**
 * Rate counters every API process shares, in PostgreSQL, with rate-limiter-flexible's own store
 * (`RateLimiterPostgres`: one upsert per request counted, deciding under the row's lock, so that
 * processes counting one key at once add up). Each rate keeps its keys under its name in one table.
 * While the database does not answer (a restart), each process counts in its own memory instead —
 * the library's insurance limiter — so requests are limited per process, not refused.
 */
export const getPostgreSQLRateCounters = async (
  options: PostgreSQLRateCountersOptions,
): Promise<RateCounters> => {
  const pool = createPool({
    url: options.url,
    max: options.poolSize ?? 4,
    applicationName: 'creator-ledger rate limits',
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const tableName = options.tableName ?? 'rate_limits';
  try {
    // The table, made once here: the library makes it from its constructor, telling only a callback
    // that it failed. Processes starting together race to make it: CREATE TABLE IF NOT EXISTS checks
    // before it writes the catalog, so the loser is told that the name is taken, as 23505 (which the
    // library takes for success), 42P07 (the relation) or 42710 (its row type), all meaning another
    // process made the table.
    await new Promise<void>((resolve, reject) => {
      new RateLimiterPostgres(
        {
          storeClient: pool,
          storeType: 'pool',
          tableName,
          clearExpiredByTimeout: false,
          points: 1,
          duration: 1,
        },
        (error?: Error & { code?: string }) =>
          error && !ALREADY_MADE.has(error.code ?? '') ? reject(error) : resolve(),
      );
    });
  } catch (error) {
    await pool.end();
    throw error;
  }
  let sweeping = false;
  let closing: Promise<void> | undefined;
  return {
    limiter(rate: Rate) {
      if (rate.points > MAX_POINTS) {
        throw new Error(
          `${rate.name}: at most ${MAX_POINTS} a window when the counters are kept in PostgreSQL`,
        );
      }
      const limits = { keyPrefix: rate.name, points: rate.points, duration: rate.durationSeconds };
      // One of them deletes the counters of every rate once expired (every 5 minutes, the library's pace).
      const sweeps = !sweeping;
      sweeping = true;
      return new RateLimiterPostgres({
        ...limits,
        storeClient: pool,
        storeType: 'pool',
        tableName,
        tableCreated: true,
        clearExpiredByTimeout: sweeps,
        insuranceLimiter: new RateLimiterMemory(limits),
      });
    },
    close: () => (closing ??= pool.end()),
  };
};

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase, postgresTestUrl } from '../../../test/support/postgres.js';
import {
  RateLimitedError,
  createRequestLimits,
  type RateCounters,
  type RateLimitSettings,
} from '../limits.js';
import { getPostgreSQLRateCounters } from './postgresRateCounters.js';

const server = postgresTestUrl('Rate limits shared in PostgreSQL');

const settings: RateLimitSettings = {
  requestsPerMinutePerIp: 0,
  requestsPerMinutePerUser: 5,
  mutationsPerMinutePerUser: 2,
  socketsPerUser: 8,
  socketsPerIp: 64,
  subscriptionsPerUser: 50,
  uploadBytesPerDayPerParty: 1_000,
};

/** How many of `attempts` calls, spread over the processes' limits in turn, were let through. */
const allowed = async (calls: readonly ((key: string) => Promise<void>)[], attempts: number, key: string) => {
  let passed = 0;
  for (let i = 0; i < attempts; i++) {
    try {
      await calls[i % calls.length]!(key);
      passed++;
    } catch (error) {
      expect(error).toBeInstanceOf(RateLimitedError);
    }
  }
  return passed;
};

describe.runIf(server)('Rate limits shared in PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let counters: RateCounters[];
  /** Two API processes' limits, each with counters of its own on one database. */
  let processes: ReturnType<typeof createRequestLimits>[];

  beforeEach(async () => {
    database = await freshDatabase(server!);
    counters = await Promise.all([1, 2].map(() => getPostgreSQLRateCounters({ url: database.url })));
    processes = counters.map((c) => createRequestLimits(settings, c));
  });
  afterEach(async () => {
    for (const c of counters) await c.close();
    await database.drop();
  });

  it('allows two processes together the configured rate, not twice it', async () => {
    expect(
      await allowed(
        processes.map((p) => p.user),
        12,
        'SELLER:s-1',
      ),
    ).toBe(5);
    expect(
      await allowed(
        processes.map((p) => p.mutation),
        6,
        'SELLER:s-1',
      ),
    ).toBe(2);
    // Each key and each rate counts apart.
    expect(
      await allowed(
        processes.map((p) => p.user),
        12,
        'SELLER:s-2',
      ),
    ).toBe(5);
  });

  it('counts requests made at the same instant in both processes', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => processes[i % 2]!.user('CREATOR:c-1')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('shares the evidence upload quota of a party', async () => {
    await processes[0]!.uploads.consume('seller:s-1', 700);
    await expect(processes[1]!.uploads.check('seller:s-1', 400)).rejects.toMatchObject({
      code: 'UPLOAD_QUOTA_EXCEEDED',
    });
    await processes[1]!.uploads.check('seller:s-1', 300);
  });

  it('limits each process on its own while the database does not answer', async () => {
    await database.drop();
    expect(await allowed([processes[0]!.user], 8, 'SELLER:s-1')).toBe(5);
    expect(await allowed([processes[1]!.user], 8, 'SELLER:s-1')).toBe(5);
  });

  it('starts in many processes at once on a database without its table', async () => {
    for (let round = 0; round < 5; round++) {
      const fresh = await freshDatabase(server!);
      try {
        const started = await Promise.allSettled(
          Array.from({ length: 8 }, () => getPostgreSQLRateCounters({ url: fresh.url, poolSize: 1 })),
        );
        for (const s of started) if (s.status === 'fulfilled') await s.value.close();
        expect(started.filter((s) => s.status === 'rejected').map((s) => String(s.reason))).toEqual([]);
      } finally {
        await fresh.drop();
      }
    }
  });

  it('refuses, at start, a rate its counters cannot hold', () => {
    expect(() =>
      createRequestLimits({ ...settings, uploadBytesPerDayPerParty: 2 ** 31 }, counters[0]!),
    ).toThrow(/at most 2147483647/);
  });
});

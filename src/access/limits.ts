import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../core/errors.js';

/** Refused for going too fast, or past a quota: 429 with Retry-After over HTTP (RFC 6585 § 4). */
export class RateLimitedError extends AppError {
  readonly code: string;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details: Record<string, unknown> = {},
    code = 'RATE_LIMITED',
  ) {
    super(message, { ...details, retryAfterSeconds });
    this.code = code;
  }
}

/** The settings of the limits below (README § Security); 0 turns a rate or a cap off. */
export interface RateLimitSettings {
  /** Requests per minute from one address, signed in or not (`LEDGER_RATE_LIMIT_IP_PER_MINUTE`). */
  readonly requestsPerMinutePerIp: number;
  /** Requests per minute of one user (`LEDGER_RATE_LIMIT_USER_PER_MINUTE`). */
  readonly requestsPerMinutePerUser: number;
  /** Mutations per minute of one user (`LEDGER_RATE_LIMIT_MUTATIONS_PER_MINUTE`). */
  readonly mutationsPerMinutePerUser: number;
  /** Open WebSockets of one user, and from one address (`LEDGER_WS_MAX_SOCKETS_PER_USER`, `…_PER_IP`). */
  readonly socketsPerUser: number;
  readonly socketsPerIp: number;
  /** Live subscriptions of one user, over all its sockets (`LEDGER_WS_MAX_SUBSCRIPTIONS_PER_USER`). */
  readonly subscriptionsPerUser: number;
  /** Bytes of evidence one party may upload per 24 h (`LEDGER_EVIDENCE_QUOTA_BYTES_PER_DAY`). */
  readonly uploadBytesPerDayPerParty: number;
}

/** One rate: `points` per `durationSeconds` for each key, its counters named `name`. */
export interface Rate {
  readonly name: string;
  readonly points: number;
  readonly durationSeconds: number;
}

/**
 * Where the counters of the rates are kept: in this process ({@link memoryCounters}, the default),
 * or in a database every API process shares (src/access/postgresql/), so that N processes allow
 * the configured rate and not N times it. Chosen by the composition root (src/app).
 */
export interface RateCounters {
  /** A rate-limiter-flexible limiter of the rate over these counters. */
  limiter(rate: Rate): RateLimiterAbstract;
  /** Lets go of what the counters hold (a pool of connections). */
  close(): Promise<void>;
}

/** Counters in this process: each API process counts its own requests. */
export const memoryCounters: RateCounters = {
  limiter: (rate) =>
    new RateLimiterMemory({ keyPrefix: rate.name, points: rate.points, duration: rate.durationSeconds }),
  close: () => Promise.resolve(),
};

/**
 * The service's abuse limits (README § Security), kept with rate-limiter-flexible: request rates per
 * address and per user, a mutation rate per user, an evidence upload quota per party — counted where
 * `counters` keeps them: per process, or shared by every API process — and caps on open WebSockets
 * and live subscriptions, always per process (what a process holds open is its own).
 */
export interface RequestLimits {
  /** Counts one request from an address (before anything else of it is read). */
  address(address: string): Promise<void>;
  /** Counts one request of a user; throws {@link RateLimitedError} past the rate. */
  user(userKey: string): Promise<void>;
  /** Counts one mutation of a user. */
  mutation(userKey: string): Promise<void>;
  readonly uploads: {
    /** Refuses at once an upload the party's remaining quota cannot take (from its declared size). */
    check(party: string, declaredBytes: number): Promise<void>;
    /** Takes a stored upload's bytes from the quota. */
    consume(party: string, bytes: number): Promise<void>;
  };
  /** Open WebSockets per user, and per address. */
  readonly sockets: ConcurrencyCap;
  readonly socketsByAddress: ConcurrencyCap;
  /** Live subscriptions per user. */
  readonly subscriptions: ConcurrencyCap;
}

/** How many things a key holds open at once: taken and given back. */
export interface ConcurrencyCap {
  /** Takes one for the key, or answers false when it holds its cap already. */
  take(key: string): boolean;
  give(key: string): void;
  count(key: string): number;
}

const capped = (cap: number): ConcurrencyCap => {
  const held = new Map<string, number>();
  return {
    take(key) {
      const n = held.get(key) ?? 0;
      if (cap > 0 && n >= cap) return false;
      held.set(key, n + 1);
      return true;
    },
    give(key) {
      const n = (held.get(key) ?? 0) - 1;
      if (n > 0) held.set(key, n);
      else held.delete(key);
    },
    count: (key) => held.get(key) ?? 0,
  };
};

/** A rate per minute (0: none) as a consume function. */
const perMinute = (counters: RateCounters, name: string, points: number, what: string) => {
  if (points <= 0) return () => Promise.resolve();
  const limiter = counters.limiter({ name, points, durationSeconds: 60 });
  return async (key: string, cost = 1): Promise<void> => {
    try {
      await limiter.consume(key, cost);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new RateLimitedError(
        `Too many ${what}: at most ${points} a minute`,
        Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
        { limit: points },
      );
    }
  };
};

export const createRequestLimits = (
  limits: RateLimitSettings,
  counters: RateCounters = memoryCounters,
): RequestLimits => {
  const address = perMinute(counters, 'address', limits.requestsPerMinutePerIp, 'requests from this address');
  const user = perMinute(counters, 'user', limits.requestsPerMinutePerUser, 'requests');
  const mutation = perMinute(counters, 'mutation', limits.mutationsPerMinutePerUser, 'mutations');
  const quota = limits.uploadBytesPerDayPerParty;
  const uploads =
    quota > 0 ? counters.limiter({ name: 'uploads', points: quota, durationSeconds: 24 * 3600 }) : undefined;
  const overQuota = (msBeforeNext: number) =>
    new RateLimitedError(
      `Your evidence uploads would pass the quota of ${quota} bytes a day`,
      Math.max(1, Math.ceil(msBeforeNext / 1000)),
      { quotaBytes: quota },
      'UPLOAD_QUOTA_EXCEEDED',
    );
  return {
    address,
    user,
    mutation,
    uploads: {
      async check(party, declaredBytes) {
        if (!uploads) return;
        const state = await uploads.get(party);
        const used = state?.consumedPoints ?? 0;
        if (used + declaredBytes > quota) throw overQuota(state?.msBeforeNext ?? 24 * 3600_000);
      },
      async consume(party, bytes) {
        if (!uploads) return;
        try {
          await uploads.consume(party, bytes);
        } catch (rejection) {
          if (!(rejection instanceof RateLimiterRes)) throw rejection;
          throw overQuota(rejection.msBeforeNext);
        }
      },
    },
    sockets: capped(limits.socketsPerUser),
    socketsByAddress: capped(limits.socketsPerIp),
    subscriptions: capped(limits.subscriptionsPerUser),
  };
};

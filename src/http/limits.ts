import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Limits } from '../app/config.js';
import { RateLimitedError } from './errors.js';

/**
 * The service's abuse limits (README § Security), kept with rate-limiter-flexible: request rates per
 * address and per user, a mutation rate per user, an evidence upload quota per party, and caps on
 * open WebSockets and live subscriptions. Counters are per process; behind several API processes
 * each enforces its share (a shared store — RateLimiterMongo, Redis — is the library's answer when
 * the limits must be global).
 */
export interface RequestLimits {
  /** Express middleware: requests per minute from one address (before anything else is read). */
  readonly perAddress: RequestHandler;
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
const perMinute = (points: number, what: string) => {
  if (points <= 0) return () => Promise.resolve();
  const limiter = new RateLimiterMemory({ points, duration: 60 });
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

export const createRequestLimits = (limits: Limits): RequestLimits => {
  const address = perMinute(limits.requestsPerMinutePerIp, 'requests from this address');
  const user = perMinute(limits.requestsPerMinutePerUser, 'requests');
  const mutation = perMinute(limits.mutationsPerMinutePerUser, 'mutations');
  const quota = limits.uploadBytesPerDayPerParty;
  const uploads = quota > 0 ? new RateLimiterMemory({ points: quota, duration: 24 * 3600 }) : undefined;
  const overQuota = (msBeforeNext: number) =>
    new RateLimitedError(
      `Your evidence uploads would pass the quota of ${quota} bytes a day`,
      Math.max(1, Math.ceil(msBeforeNext / 1000)),
      { quotaBytes: quota },
      'UPLOAD_QUOTA_EXCEEDED',
    );
  return {
    perAddress: (request, _response, next) => {
      address(request.ip ?? request.socket.remoteAddress ?? 'unknown').then(() => next(), next);
    },
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

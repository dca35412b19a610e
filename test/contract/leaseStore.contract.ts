import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RELEASED, type LeaseStore } from '../../src/leases/leaseStore.js';

/** What the suite runs on: a lease store, and how to close what holds it (its read store). */
export interface LeaseStoreFactory {
  readonly name: string;
  create(): Promise<{ readonly leases: LeaseStore; close(): Promise<void> }>;
}

const expire = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The lease store contract: every adapter passes the same suite. */
export const leaseStoreContract = (factory: LeaseStoreFactory): void => {
  describe(`lease store contract: ${factory.name}`, () => {
    let store: { readonly leases: LeaseStore; close(): Promise<void> };
    let leases: LeaseStore;

    beforeEach(async () => {
      store = await factory.create();
      leases = store.leases;
    });
    afterEach(async () => {
      await store.close();
    });

    it('hands a lease to one holder at a time; its holder taking it again keeps its token', async () => {
      const a = (await leases.acquire('work', 'a', 60_000))!;
      expect(a).toMatchObject({ name: 'work', holder: 'a', token: 1, status: 'running' });
      expect(a.expiresAt).toBeGreaterThan(Date.now());
      expect(await leases.acquire('work', 'b', 60_000)).toBeNull();
      expect(await leases.acquire('work', 'a', 60_000, { status: 'rebuilding' })).toMatchObject({
        holder: 'a',
        token: 1,
        status: 'rebuilding',
      });
    });

    it('is renewed by its holder only, saying what it does', async () => {
      const a = (await leases.acquire('work', 'a', 60_000))!;
      const renewed = (await leases.renew(a, 120_000, 'rebuilding'))!;
      expect(renewed).toMatchObject({ name: 'work', holder: 'a', token: 1, status: 'rebuilding' });
      expect(renewed.expiresAt).toBeGreaterThan(a.expiresAt);
      expect(await leases.renew({ ...a, holder: 'b' }, 60_000)).toBeNull();
      // Without a status, a renewal keeps the one it had.
      expect(await leases.renew(renewed, 60_000)).toMatchObject({ status: 'rebuilding' });
    });

    it('is taken over once expired, or stolen, its token raised: the old holder no longer renews it', async () => {
      const expired = (await leases.acquire('short', 'a', 1))!;
      await expire();
      const taken = (await leases.acquire('short', 'b', 60_000))!;
      expect(taken).toMatchObject({ holder: 'b', token: expired.token + 1 });
      expect(await leases.renew(expired, 60_000)).toBeNull();

      const held = (await leases.acquire('work', 'a', 60_000))!;
      const stolen = (await leases.acquire('work', 'c', 60_000, { steal: true }))!;
      expect(stolen).toMatchObject({ holder: 'c', token: 2 });
      expect(await leases.renew(held, 60_000)).toBeNull();
    });

    it('given back, is free at once; a renewal still on its way does not take it back', async () => {
      const a = (await leases.acquire('work', 'a', 60_000))!;
      await leases.release(a);
      // A renewal that waited (for a lock) while its holder let go finds it released, and leaves it so.
      expect(await leases.renew(a, 60_000)).toBeNull();
      // It stays at its token: the next holder raises it.
      expect(await leases.acquire('work', 'b', 60_000)).toMatchObject({ holder: 'b', token: 2 });
      // A release by a former holder changes nothing.
      await leases.release(a);
      expect(await leases.acquire('work', 'c', 60_000)).toBeNull();
    });

    it('lists every lease by name, held, expired or given back', async () => {
      await leases.acquire('work', 'a', 60_000);
      await leases.acquire('short', 'b', 1);
      await leases.release((await leases.acquire('done', 'c', 60_000))!);
      await expire();
      const listed = await leases.list();
      expect(listed.map((l) => [l.name, l.holder, l.token])).toEqual([
        ['done', 'c', 1],
        ['short', 'b', 1],
        ['work', 'a', 1],
      ]);
      const now = Date.now();
      expect(listed.map((l) => l.expiresAt > now)).toEqual([false, false, true]);
      expect(listed[0]!.status).toBe(RELEASED);
    });
  });
};

import { describe, expect, it } from 'vitest';
import { InMemoryLeaseStore } from '../readStore/memory/inMemoryLeaseStore.js';
import { holdLease } from './holdLease.js';
import { RELEASED } from './leaseStore.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('holding a lease', () => {
  it('keeps it renewed past its time to live, at its token, until released', async () => {
    const leases = new InMemoryLeaseStore();
    const held = (await holdLease(leases, 'work', 'a', { ttlMs: 90 }))!;
    expect(held.fence).toEqual({ lease: 'work', token: 1 });
    await sleep(250);
    expect(held.isLost()).toBe(false);
    expect(await leases.acquire('work', 'b', 1_000)).toBeNull();
    await held.release();
    const [lease] = await leases.list();
    expect(lease).toMatchObject({ holder: 'a', token: 1, status: RELEASED });
    // Released, it is renewed no more.
    await sleep(100);
    expect((await leases.list())[0]).toMatchObject({ status: RELEASED, expiresAt: 0 });
  });

  it('answers null when another holds it', async () => {
    const leases = new InMemoryLeaseStore();
    await leases.acquire('work', 'b', 60_000);
    expect(await holdLease(leases, 'work', 'a', { ttlMs: 1_000 })).toBeNull();
    // Unless told to take it.
    expect(await holdLease(leases, 'work', 'a', { ttlMs: 1_000, steal: true })).toMatchObject({
      fence: { lease: 'work', token: 2 },
    });
  });

  it('learns at its next renewal that another took it, and lets it be', async () => {
    const leases = new InMemoryLeaseStore();
    const held = (await holdLease(leases, 'work', 'a', { ttlMs: 90 }))!;
    const taken = (await leases.acquire('work', 'b', 60_000, { steal: true }))!;
    await held.lost;
    expect(held.isLost()).toBe(true);
    await held.release();
    expect((await leases.list())[0]).toEqual(taken);
  });

  it('says what its holder does, at once', async () => {
    const leases = new InMemoryLeaseStore();
    const held = (await holdLease(leases, 'work', 'a', { ttlMs: 60_000, status: 'starting' }))!;
    expect((await leases.list())[0]!.status).toBe('starting');
    held.setStatus('running');
    await sleep(0);
    expect((await leases.list())[0]!.status).toBe('running');
    await held.release();
  });
});

import { describe, expect, it } from 'vitest';
import { InMemoryLeaseStore } from '../readStore/memory/inMemoryLeaseStore.js';
import { describeLoss, holdLease } from './holdLease.js';
import { RELEASED, type Lease, type LeaseStore } from './leaseStore.js';

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

  it('says why it was lost: who took it, at which token', async () => {
    const leases = new InMemoryLeaseStore();
    const losses: unknown[] = [];
    const held = (await holdLease(leases, 'work', 'a', { ttlMs: 90, onLost: (loss) => losses.push(loss) }))!;
    await leases.acquire('work', 'b', 60_000, { steal: true });
    const loss = await held.lost;
    expect(loss).toMatchObject({
      name: 'work',
      holder: 'a',
      token: 1,
      reason: 'taken',
      heldBy: { holder: 'b', token: 2, status: 'running' },
    });
    expect(loss.expiredForMs).toBeUndefined();
    expect(losses).toEqual([loss]);
    expect(describeLoss(loss)).toMatch(
      /^lease work lost at token 1: it was taken before it expired .* now held by b at token 2/,
    );
  });

  it('says when it ran out because its holder renewed it late, and by how much', async () => {
    const leases = new InMemoryLeaseStore();
    const held = (await holdLease(leases, 'work', 'a', { ttlMs: 90 }))!;
    // The holder's thread is kept busy past the lease's time to live; another takes it meanwhile.
    const until = Date.now() + 200;
    while (Date.now() < until);
    await leases.acquire('work', 'b', 60_000);
    const loss = await held.lost;
    expect(loss.reason).toBe('taken');
    // Due 30 ms after it was taken, the renewal started 200 ms after.
    expect(loss.renewalLateMs).toBeGreaterThanOrEqual(150);
    expect(loss.expiredForMs).toBeGreaterThanOrEqual(100);
    expect(describeLoss(loss)).toMatch(
      /it ran out unrenewed \(its renewal came \d+ ms late, \d+ ms after it expired\); now held by b at token 2/,
    );
  });

  it('renews one renewal at a time, however slow the store', async () => {
    const inner = new InMemoryLeaseStore();
    let inFlight = 0;
    let most = 0;
    let renewals = 0;
    const slow: LeaseStore = {
      acquire: (...args) => inner.acquire(...args),
      release: (lease) => inner.release(lease),
      list: () => inner.list(),
      async renew(lease: Lease, ttlMs: number, status?: string) {
        inFlight++;
        renewals++;
        most = Math.max(most, inFlight);
        await sleep(60);
        inFlight--;
        return inner.renew(lease, ttlMs, status);
      },
    };
    const held = (await holdLease(slow, 'work', 'a', { ttlMs: 90 }))!;
    held.setStatus('one');
    held.setStatus('two');
    await sleep(300);
    expect(renewals).toBeGreaterThan(3);
    expect(most).toBe(1);
    expect(held.isLost()).toBe(false);
    expect((await inner.list())[0]!.status).toBe('two');
    await held.release();
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

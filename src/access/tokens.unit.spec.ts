import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier, signToken } from './tokens.js';

const secret = 'unit-secret-unit-secret-unit-secret-32';

describe('token verifier', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers a token it verified before with the same viewer, and refuses it once expired', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-02T10:00:00Z'));
    const verifier = createTokenVerifier({ secret, requireExp: true });
    const token = await signToken(
      secret,
      { sub: 'u-1', role: 'SELLER', sellerId: 's-1' },
      { expiresIn: '60s' },
    );
    const first = await verifier.verify(token);
    expect(first).toMatchObject({ userId: 'u-1', role: 'SELLER', sellerId: 's-1' });
    expect(await verifier.verify(token)).toBe(first);
    // Past its expiry and the tolerated clock skew: refused although it was verified before.
    vi.setSystemTime(new Date('2026-12-02T10:01:31Z'));
    await expect(verifier.verify(token)).rejects.toMatchObject({ details: { reason: 'expired' } });
    await expect(verifier.verify(token)).rejects.toMatchObject({ details: { reason: 'expired' } });
  });

  it('keeps nothing of a token it refused: a forged copy of a good one is refused every time', async () => {
    const verifier = createTokenVerifier({ secret });
    const good = await signToken(secret, { sub: 'u-1', role: 'AUDITOR' });
    await verifier.verify(good);
    const forged = await new SignJWT({ role: 'ARBITRATOR' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('u-1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-32'));
    for (let i = 0; i < 2; i++) {
      await expect(verifier.verify(forged)).rejects.toMatchObject({ details: { reason: 'invalid' } });
    }
    const [header, payload] = good.split('.');
    await expect(verifier.verify(`${header}.${payload}.${'A'.repeat(43)}`)).rejects.toMatchObject({
      details: { reason: 'invalid' },
    });
  });
});

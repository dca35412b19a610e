import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './event.js';
import {
  canonicalEventText,
  canonicalJson,
  eventHash,
  sha256Hex,
  verifyChain,
  type ChainLink,
} from './hash.js';

const fields = {
  streamId: 'collaboration-k1',
  revision: 12n,
  id: '6f1c2a3e-1b2c-4d5e-8f90-123456789abc',
  type: 'MessagePosted',
  version: 1,
  data: { side: 'SELLER', body: 'Ünïcødé "quoted" \n 发布时间', attachments: [], n: 1.5e-7 },
  metadata: { role: 'SELLER', actor: 'u-1', occurredAt: '2026-03-01T00:00:00.000Z' },
  prevHash: 'ab'.repeat(32),
};

describe('canonical encoding (RFC 8785)', () => {
  it('assembles the same bytes as canonicalising the whole envelope', () => {
    const assembled = canonicalEventText({
      ...fields,
      dataJson: canonicalJson(fields.data),
      metadataJson: canonicalJson(fields.metadata),
    });
    expect(assembled).toBe(canonicalJson({ ...fields, revision: '12' }));
  });
  it('orders keys and ignores their order in the input', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: 1, c: 2 }] })).toBe('{"a":[3,{"c":2,"d":1}],"b":1}');
  });
  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/canonically/);
    expect(() => canonicalJson('\ud800')).toThrow(/canonically/);
  });
  it('hashes with SHA-256', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('hash chain verification', () => {
  const chain = (n: number): ChainLink[] => {
    const links: ChainLink[] = [];
    let prevHash = GENESIS_HASH;
    for (let i = 0; i < n; i++) {
      const link = { ...fields, revision: BigInt(i), data: { ...fields.data, i }, prevHash };
      const hash = eventHash({
        ...link,
        dataJson: canonicalJson(link.data),
        metadataJson: canonicalJson(link.metadata),
      });
      links.push({ ...link, hash });
      prevHash = hash;
    }
    return links;
  };

  it('accepts an intact chain', () =>
    expect(verifyChain(chain(4), GENESIS_HASH)).toEqual({ valid: true, eventsChecked: 4 }));
  it('names the event whose content changed', () => {
    const links = chain(4);
    links[2] = { ...links[2]!, data: { ...fields.data, i: 99 } };
    expect(verifyChain(links, GENESIS_HASH)).toMatchObject({
      valid: false,
      firstBrokenRevision: 2n,
      eventsChecked: 3,
      code: 'CONTENT_CHANGED',
    });
  });
  it('names the revision of an event removed from the middle', () => {
    const links = chain(4);
    links.splice(1, 1);
    expect(verifyChain(links, GENESIS_HASH)).toEqual({
      valid: false,
      eventsChecked: 1,
      firstBrokenRevision: 1n,
      code: 'MISSING_REVISION',
      reason: 'revision 1 is missing from the log',
    });
  });
  it('names an event whose hash was recomputed but whose successor still links to the old one', () => {
    const links = chain(3);
    const changed = { ...links[1]!, data: { forged: true } };
    links[1] = {
      ...changed,
      hash: eventHash({
        ...changed,
        dataJson: canonicalJson(changed.data),
        metadataJson: canonicalJson(changed.metadata),
      }),
    };
    expect(verifyChain(links, GENESIS_HASH)).toMatchObject({
      valid: false,
      firstBrokenRevision: 2n,
      code: 'LINK_BROKEN',
    });
  });
  it('checks stored text byte for byte when given', () => {
    const links = chain(2);
    links[1] = { ...links[1]!, dataJson: canonicalJson(links[1]!.data).replace('"i":1', '"i":2') };
    expect(verifyChain(links, GENESIS_HASH)).toMatchObject({ valid: false, firstBrokenRevision: 1n });
  });
});

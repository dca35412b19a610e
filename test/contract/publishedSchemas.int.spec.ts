import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { seedHistory } from '../../scripts/seed/history.js';

/**
 * The log holds only what the schemas the service publishes (schema/events/) accept, formats
 * included: every event of a seeded log is checked against those files by a standard validator
 * (Ajv, draft 2020-12, ajv-formats) that knows nothing of the service's code.
 */
const folder = fileURLToPath(new URL('../../schema/events/', import.meta.url));
const published = () => {
  const ajv = new Ajv2020({ strict: false });
  addFormats.default(ajv);
  const byName = new Map<string, ReturnType<typeof ajv.compile>>();
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.json') && f !== 'index.json')) {
    byName.set(file, ajv.compile(JSON.parse(readFileSync(`${folder}/${file}`, 'utf8')) as object));
  }
  return byName;
};

describe('the published event schemas', () => {
  it('accept every event of a seeded log, data and metadata', async () => {
    const catalog = createEventCatalog();
    const store = getInMemoryEventStore({ catalog });
    await seedHistory(
      createWriteSide({ store, catalog }),
      { creators: 40, sellers: 10, collaborations: 300 },
      { seed: 3 },
    );
    const schemas = published();
    const events = await store.readAll();
    expect(events.length).toBeGreaterThan(3000);
    const types = new Set<string>();
    for (const event of events) {
      const validate = schemas.get(`${event.type}.v${event.version}.json`);
      expect(validate, `${event.type} v${event.version} is published`).toBeDefined();
      expect(
        validate!(event.data),
        `${event.type} at ${event.position}: ${JSON.stringify(validate!.errors)}`,
      ).toBe(true);
      const metadata = schemas.get('EventMetadata.json')!;
      expect(metadata(event.metadata), JSON.stringify(metadata.errors)).toBe(true);
      types.add(event.type);
    }
    expect(types.size).toBeGreaterThan(25);
  }, 60_000);

  it('are what the service checks: what they refuse is refused at append', async () => {
    const catalog = createEventCatalog();
    const store = getInMemoryEventStore({ catalog });
    const schemas = published();
    const published_ = (url: string) => ({
      platform: 'TIKTOK',
      url,
      publishedAt: '2026-03-10T00:00:00.000Z',
      publishDueAt: '2026-03-09T00:00:00.000Z',
      late: true,
      lateByHours: 24,
    });
    const check = schemas.get('ContentPublished.v1.json')!;
    expect(check(published_('https://www.tiktok.com/@c1/video/1'))).toBe(true);
    for (const bad of [
      'https://example.com/a b',
      'https://example.com/<x>',
      'ftp://example.com/x',
      'not a url',
    ]) {
      expect(check(published_(bad)), bad).toBe(false);
      await expect(
        store.append('collaboration-k1', [
          {
            id: '00000000-0000-4000-8000-000000000001',
            type: 'ContentPublished',
            version: 1,
            data: published_(bad),
            metadata: { actor: 'u', role: 'CREATOR', occurredAt: '2026-03-10T00:00:00.000Z' },
          },
        ]),
        bad,
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { path: '/url' } });
    }
    const expired = (dueAt: string) => ({ rule: 'PROPOSAL_EXPIRED', dueAt, firedAt: '2026-03-01T00:00:00Z' });
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2026-03-01T00:00:00+08:00',
      '2026-03-01T23:59:60Z',
      '2026-03-01',
    ]) {
      expect(schemas.get('ProposalExpired.v1.json')!(expired(bad)), bad).toBe(false);
      expect(() => catalog.validate('ProposalExpired', 1, expired(bad)), bad).toThrow(/dueAt/);
    }
    expect(await store.headPosition()).toBe(0n);
  });
});

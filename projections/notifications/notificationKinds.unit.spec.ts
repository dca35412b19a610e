import { describe, expect, it } from 'vitest';
import { eventDefinitions } from '../../src/contexts/catalog.js';
import { isExcluded, NOTICES } from './notificationKinds.js';

/**
 * Every event type of the log either notifies someone (a kind, its recipients) or is excluded with a
 * reason (DOMAIN.md § Notifications): an event type added without saying which fails here (and does
 * not compile in notificationKinds.ts).
 */
describe('the notification table', () => {
  const types = eventDefinitions.map((d) => d.type);

  it('maps or excludes every event type of the catalog, and nothing else', () => {
    expect(Object.keys(NOTICES).sort()).toEqual([...types].sort());
  });

  it('gives each exclusion a reason', () => {
    for (const type of types) {
      const entry = NOTICES[type as keyof typeof NOTICES];
      if (isExcluded(entry)) expect(entry.excluded.length, type).toBeGreaterThan(10);
      else expect(entry.kind, type).toMatch(/^[A-Z_]+$/);
    }
  });
});

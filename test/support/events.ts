import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../src/core/event.js';

/** A valid event of the catalog, for store tests: a message on a collaboration. */
export const aMessage = (
  body = 'Can you send the draft by Friday?',
  overrides: Partial<NewEvent> = {},
): NewEvent => ({
  id: randomUUID(),
  type: 'MessagePosted',
  version: 1,
  data: { messageId: `m-${randomUUID().slice(0, 8)}`, side: 'SELLER', body, attachments: [] },
  metadata: { actor: 'u-s1', role: 'SELLER', occurredAt: '2026-03-01T00:00:00.000Z' },
  ...overrides,
});

export const messages = (n: number, prefix = 'message'): NewEvent[] =>
  Array.from({ length: n }, (_, i) => aMessage(`${prefix} ${i}`));

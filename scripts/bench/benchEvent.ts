import { newId } from '../../src/core/ids.js';
import type { NewEvent } from '../../src/core/event.js';

/** A realistic small event: a message on a collaboration (~250 bytes of data and metadata). */
export const benchEvent = (n: number): NewEvent => ({
  id: newId(),
  type: 'MessagePosted',
  version: 1,
  data: {
    messageId: `msg-${n}`,
    side: n % 2 ? 'SELLER' : 'CREATOR',
    body: `Draft ${n}: please move the product shot to the first three seconds and add the #ad tag.`,
    attachments: [],
  },
  metadata: {
    actor: `u-${n % 500}`,
    role: n % 2 ? 'SELLER' : 'CREATOR',
    occurredAt: new Date().toISOString(),
  },
});

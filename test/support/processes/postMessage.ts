/** Another process writing to the service's log directly: a message on a collaboration. */
import { join } from 'node:path';
import { createEventCatalog } from '../../../src/contexts/catalog.js';
import { createWriteSide } from '../../../src/contexts/writeSide.js';
import { getSQLiteEventStore } from '../../../src/eventStore/sqlite/sqliteEventStore.js';

const [dir, collaborationId, sellerId, now] = process.argv.slice(2);
const catalog = createEventCatalog();
const store = getSQLiteEventStore({ path: join(dir!, 'events.db'), catalog });
await createWriteSide({ store, catalog }).collaboration({
  type: 'PostMessage',
  collaborationId: collaborationId!,
  messageId: 'from-another-process',
  body: 'Written by another process',
  actor: { userId: `user-${sellerId}`, role: 'SELLER', partyId: sellerId! },
  now: now!,
});
await store.close();
process.stdout.write('appended');

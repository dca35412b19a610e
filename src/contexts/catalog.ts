import { EventCatalog } from '../core/eventCatalog.js';
import { collaborationEvents } from './collaboration/collaboration.events.js';
import { creatorEvents } from './creator/creator.events.js';
import { sellerEvents } from './seller/seller.events.js';
import { sellerLibraryEvents } from './sellerLibrary/sellerLibrary.events.js';
import { linkEvents } from './links/collaborationLinks.js';
import { uniqueIdEvents } from './uniqueIds/uniqueIds.events.js';
import { notificationEvents } from './notifications/notifications.js';
import { webhookEvents } from './webhooks/webhooks.events.js';

/** Every event type of the system: validated at append, exported to `schema/events/`. */
export const eventDefinitions = [
  ...creatorEvents,
  ...sellerEvents,
  ...collaborationEvents,
  ...sellerLibraryEvents,
  ...uniqueIdEvents,
  ...linkEvents,
  ...webhookEvents,
  ...notificationEvents,
];

export const createEventCatalog = (): EventCatalog => new EventCatalog(eventDefinitions);

import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import { Closed, Enum, Id, Text } from '../../core/schema.js';

/** The kinds of caller-chosen ids that must be unique across the whole log, not only in their stream. */
export const UNIQUE_ID_KINDS = ['DISPUTE'] as const;
export type UniqueIdKind = (typeof UNIQUE_ID_KINDS)[number];

export const IdClaimed = defineEvent(
  'IdClaimed',
  'An id a caller chose was claimed for one owner stream: nobody else may use it (one stream per id).',
  Closed({
    kind: Enum(UNIQUE_ID_KINDS),
    id: Id('The claimed id'),
    owner: Text(200, 'The stream the id belongs to'),
  }),
);

export const uniqueIdEvents = [IdClaimed];
export type UniqueIdEvent = EventOf<(typeof uniqueIdEvents)[number]>;

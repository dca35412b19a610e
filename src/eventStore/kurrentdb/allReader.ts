import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Filter,
} from '@kurrent/kurrentdb-client';
import type { EventFilter, ForeignEvent } from '../eventStore.js';
import type { KurrentClient } from './client.js';
import { filterFor, fromPosition, kindOf, toPosition, type StoredKurrentEvent } from './mapping.js';
import { READ_ATTEMPTS, retrying } from './transientErrors.js';

/** A read of $all as the port asks for it. */
export interface AllRange {
  /** Where to start. Default: the start (forwards) or the end (backwards). */
  readonly from?: bigint;
  /** Leave out the event at `from` (a reader's "after"). */
  readonly exclusive?: boolean;
  readonly backwards?: boolean;
  readonly filter?: EventFilter | undefined;
  /** How many of the service's events passing the filter to read at most. */
  readonly limit: number;
}

export interface AllScan {
  /** The service's events that pass the filter, as stored, in the direction read. */
  readonly events: StoredKurrentEvent[];
  /** The position of the last record read, whatever it was; undefined when none was. */
  readonly scanned: bigint | undefined;
  /** True when the log had nothing more that way (the read ended there, not at the limit). */
  readonly exhausted: boolean;
}

/** Pages are at least this long, so that a narrow client-side filter does not cost a round trip per event. */
const MIN_PAGE = 64;
const MAX_PAGE = 4_096;

/**
 * Reads $all for the port: in pages, until the limit or the end of the log, leaving out the
 * server's own events and other applications' (reported once each, as readers move forward).
 *
 * KurrentDB filters on one thing (event types by regex, or stream prefixes): the rest of a port
 * filter is applied here, so a page can hold fewer of the wanted events than it read. Reading on
 * until a page comes back short — the server's filtered reads go on until `maxCount` matches or
 * the end of the log (Enumerator.ReadAllForwardsFiltered) — is what tells the end of the log from a
 * page the client-side filter thinned out.
 */
export class AllReader {
  /** The highest position of another application's event reported yet. */
  private foreignUpTo = 0n;

  constructor(
    private readonly client: KurrentClient,
    private readonly options: {
      readonly onForeignEvent?: (event: ForeignEvent) => void;
      /** True once the store is closed: nothing is tried again. */
      readonly stopped?: () => boolean;
    } = {},
  ) {}

  /** Where the log ends, whatever record is last: a reader caught up to it has missed nothing of ours. */
  async head(): Promise<bigint> {
    const [last] = await this.page({ backwards: true, maxCount: 1 });
    return last?.event?.position ? toPosition(last.event.position) : 0n;
  }

  async scan(range: AllRange): Promise<AllScan> {
    const { server, accepts } = filterFor(range.filter);
    const filter: Filter =
      server.on === 'eventType'
        ? eventTypeFilter({ regex: server.regex })
        : server.on === 'streamName'
          ? streamNameFilter({ prefixes: [...server.prefixes] })
          : excludeSystemEvents();
    const events: StoredKurrentEvent[] = [];
    let scanned: bigint | undefined;
    /** Takes one record; true once the limit is reached. */
    const take = (resolved: AllStreamResolvedEvent): boolean => {
      const event = resolved.event;
      if (!event?.position) return false;
      scanned = toPosition(event.position);
      const stored = this.ours(resolved);
      if (!stored || !accepts(stored.streamId, stored.type)) return false;
      events.push(stored);
      return events.length >= range.limit;
    };
    const backwards = range.backwards ?? false;
    if (range.limit <= 0) return { events, scanned, exhausted: false };

    if (backwards && range.from !== undefined && !range.exclusive) {
      // The server reads $all backwards from a position keeping the records that end at or before
      // it (AllReader.ReadAllEventsBackwardInternal: `new TFPos(RecordPostPosition, …) <= pos`):
      // the event AT the position is left out. The port reads from it inclusive: it is fetched
      // forwards (inclusive there), unfiltered so that nothing is searched for past it.
      const [at] = await this.page({ from: range.from, maxCount: 1 });
      if (at?.event?.position && toPosition(at.event.position) === range.from && take(at)) {
        return { events, scanned, exhausted: false };
      }
    }
    let cursor = range.from;
    // Forwards, the server reads from a position inclusive: the record there is passed over when
    // the range excludes it, and on every later page (the previous page's last).
    let passOver = !backwards && range.exclusive === true && cursor !== undefined;
    for (;;) {
      const maxCount = Math.min(MAX_PAGE, Math.max(MIN_PAGE, range.limit - events.length + 1));
      const page = await this.page({ from: cursor, backwards, maxCount, filter });
      for (const resolved of page) {
        const position = resolved.event?.position && toPosition(resolved.event.position);
        if (passOver && cursor !== undefined && position !== undefined && position <= cursor) continue;
        if (take(resolved)) return { events, scanned, exhausted: false };
      }
      const last = page.at(-1)?.event?.position;
      if (page.length < maxCount || !last) return { events, scanned, exhausted: true };
      cursor = toPosition(last);
      passOver = !backwards;
    }
  }

  /** One page of $all as the client answers it, read whole (tried again after a transient failure). */
  private page(options: {
    from?: bigint | undefined;
    backwards?: boolean;
    maxCount: number;
    filter?: Filter;
  }): Promise<AllStreamResolvedEvent[]> {
    return retrying(
      async () => {
        const records: AllStreamResolvedEvent[] = [];
        for await (const resolved of this.client.readAll({
          direction: options.backwards ? BACKWARDS : FORWARDS,
          fromPosition:
            options.from === undefined ? (options.backwards ? END : START) : fromPosition(options.from),
          maxCount: options.maxCount,
          ...(options.filter ? { filter: options.filter } : {}),
        })) {
          records.push(resolved);
        }
        return records;
      },
      { attempts: READ_ATTEMPTS, ...(this.options.stopped ? { stopped: this.options.stopped } : {}) },
    );
  }

  /**
   * A record as the service's event, or undefined for the server's own and for another
   * application's (reported once, as readers move forward): a shared log holds both, and neither
   * may stop a reader of the service's events.
   */
  private ours(resolved: AllStreamResolvedEvent): StoredKurrentEvent | undefined {
    const event = resolved.event;
    if (!event?.position) return undefined;
    const kind = kindOf(event);
    switch (kind) {
      case 'ours':
        return {
          streamId: event.streamId,
          id: event.id,
          revision: event.revision,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          created: event.created,
          position: event.position,
        };
      case 'system':
        return undefined;
      case 'foreign': {
        const position = toPosition(event.position);
        if (position > this.foreignUpTo) {
          this.foreignUpTo = position;
          this.options.onForeignEvent?.({ streamId: event.streamId, type: event.type, position });
        }
        return undefined;
      }
      default: {
        const unknown: never = kind;
        throw new Error(`Unknown record kind ${String(unknown)}`);
      }
    }
  }
}

import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
import type { KurrentClient } from './client.js';
import type { StoredKurrentEvent } from './mapping.js';
import { READ_ATTEMPTS, retrying } from './transientErrors.js';

export interface StreamRange {
  /** First revision read. Default: the start (forwards) or the end (backwards). */
  readonly from?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
  /** Read from the leader: what it acknowledged, a follower may not have yet. */
  readonly requiresLeader?: boolean;
}

/** A record as the service's event's stored form; undefined for what is not JSON. */
export const storedOf = (
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): StoredKurrentEvent | undefined => {
  const event = resolved.event;
  if (!event || !event.isJson || !event.position) return undefined;
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
};

/** Reads of one stream, each read whole and tried again after a transient failure. */
export class StreamReader {
  constructor(
    private readonly client: KurrentClient,
    private readonly stopped: () => boolean,
  ) {}

  /** The stream's JSON events as stored, in the direction and range asked; none when it does not exist. */
  async stored(streamId: string, range: StreamRange): Promise<StoredKurrentEvent[]> {
    const events: StoredKurrentEvent[] = [];
    for (const resolved of (await this.records(streamId, range)) ?? []) {
      const stored = storedOf(resolved);
      if (stored) events.push(stored);
    }
    return events;
  }

  /** The stream's records as the client answers them; undefined when it does not exist. */
  async records(streamId: string, range: StreamRange): Promise<ResolvedEvent[] | undefined> {
    try {
      // Read whole, so that a read tried again after a transient failure repeats nothing.
      return await retrying(
        async () => {
          const records: ResolvedEvent[] = [];
          for await (const resolved of this.client.readStream(streamId, {
            direction: range.direction === 'backwards' ? BACKWARDS : FORWARDS,
            fromRevision: range.from ?? (range.direction === 'backwards' ? END : START),
            maxCount: range.maxCount ?? Number.MAX_SAFE_INTEGER,
            ...(range.requiresLeader ? { requiresLeader: true } : {}),
          })) {
            records.push(resolved);
          }
          return records;
        },
        { attempts: READ_ATTEMPTS, stopped: this.stopped },
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    }
  }
}

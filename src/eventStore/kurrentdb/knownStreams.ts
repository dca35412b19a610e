import { GENESIS_HASH } from '../../core/event.js';

/** What the adapter knows of a stream from reading it: its last revision and hash, and its event ids. */
export interface KnownStream {
  /** Undefined when the stream has no events. */
  readonly revision: bigint | undefined;
  /** The hash of its last event: where the next append's chain starts. */
  readonly hash: string;
  /** Event id → revision. */
  readonly ids: ReadonlyMap<string, bigint>;
}

const EMPTY: KnownStream = { revision: undefined, hash: GENESIS_HASH, ids: new Map() };

/**
 * The ids and tails of the streams this process appended to lately, kept so that an append reads
 * only what was written since: a stream only grows, so what was read of it stays true. Bounded by
 * a number of ids; the streams used longest ago are forgotten first (and read again when needed).
 */
export class KnownStreams {
  private readonly streams = new Map<string, { revision: bigint; hash: string; ids: Map<string, bigint> }>();
  private size = 0;

  constructor(private readonly maxIds = 200_000) {}

  get(streamId: string): KnownStream {
    const known = this.streams.get(streamId);
    if (!known) return EMPTY;
    // Map order is the order of use.
    this.streams.delete(streamId);
    this.streams.set(streamId, known);
    return known;
  }

  /** Events read after the known revision, in revision order. */
  add(streamId: string, events: readonly { id: string; revision: bigint; hash: string }[]): void {
    if (events.length === 0) return;
    const known = this.streams.get(streamId) ?? { revision: -1n, hash: GENESIS_HASH, ids: new Map() };
    for (const event of events) {
      if (event.revision <= known.revision) continue;
      if (event.revision !== known.revision + 1n) {
        // A gap would make ids below the head unknown: start over from what the stream says.
        this.forget(streamId);
        return;
      }
      known.ids.set(event.id, event.revision);
      known.revision = event.revision;
      known.hash = event.hash;
      this.size++;
    }
    this.streams.delete(streamId);
    this.streams.set(streamId, known);
    // Deleting while iterating a Map is safe: the entries used longest ago come first.
    for (const id of this.streams.keys()) {
      if (this.size <= this.maxIds) break;
      if (id !== streamId) this.forget(id);
    }
  }

  forget(streamId: string): void {
    const known = this.streams.get(streamId);
    if (!known) return;
    this.size -= known.ids.size;
    this.streams.delete(streamId);
  }
}

/** Whether an append's ids are already in its stream. */
export type Repeat =
  | { readonly kind: 'new' }
  /** Every id, in order, from `from`: the append was made before. */
  | { readonly kind: 'repeat'; readonly from: bigint }
  /** Some ids are there and others not, or not in that order: half of an append cannot be stored. */
  | { readonly kind: 'partial' };

/**
 * The port's rule for a repeated append (appendEngine.ts `appendTo`): its first id stored makes it
 * a repeat, which must match the stored events id for id; any other id stored refuses it.
 */
export const repeatOf = (stored: ReadonlyMap<string, bigint>, ids: readonly string[]): Repeat => {
  const from = stored.get(ids[0]!);
  if (from === undefined) return ids.some((id) => stored.has(id)) ? { kind: 'partial' } : { kind: 'new' };
  return ids.every((id, i) => stored.get(id) === from + BigInt(i))
    ? { kind: 'repeat', from }
    : { kind: 'partial' };
};

import { LRUCache } from 'lru-cache';
import type { Decider } from '../core/decider.js';
import type { DomainEvent, EventMetadata, NewEvent, RecordedEvent, Role } from '../core/event.js';
import { ConcurrencyError } from '../core/errors.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import { deterministicUuid, newId } from '../core/ids.js';
import { NO_STREAM, type EventStore, type StreamAppend } from './eventStore.js';

/** What every command carries for the handler: who sends it and when. */
export interface HandledCommand {
  readonly actor: { readonly userId: string; readonly role: Role };
  readonly now: string;
}

export interface HandleOptions {
  /** A retried command with the same key returns the first result and appends nothing. */
  readonly idempotencyKey?: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  /**
   * What the decision also writes in other streams (an id it claims log-wide, a link it makes),
   * decided after it on every attempt: appended in the same atomic append as the command's own
   * events (EventStore.appendToStreams), so a command is written whole or not at all. Throwing
   * refuses the command, with nothing written anywhere.
   */
  readonly alsoAppend?: (
    events: readonly DomainEvent[],
    metadata: EventMetadata,
  ) => Promise<readonly StreamAppend[]>;
}

export interface CommandResult<State> {
  readonly streamId: string;
  readonly events: readonly RecordedEvent[];
  readonly nextExpectedRevision: bigint;
  /** The log position of the last event written: the read-your-writes token. */
  readonly position: bigint;
  readonly state: State;
  /** True when this is the result of an earlier identical command (same idempotency key). */
  readonly deduplicated: boolean;
}

export interface CommandHandlerOptions {
  readonly store: EventStore;
  readonly catalog: EventCatalog;
  /** Attempts on a concurrency conflict before giving up with the conflict. Default 10. */
  readonly maxAttempts?: number;
  /** Streams whose folded state is kept between commands. Default 10,000; 0 turns the cache off. */
  readonly cacheSize?: number;
}

export type CommandHandler = <Command extends HandledCommand, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
  streamId: string,
  command: Command,
  options?: HandleOptions,
) => Promise<CommandResult<State>>;

/** A stream folded up to a revision, with the idempotency keys its events carry. */
interface Loaded<State> {
  readonly decider: object;
  readonly state: State;
  readonly revision: bigint | undefined;
  /** Scoped idempotency key ({@link scopedKey}) → revisions of the events written under it. */
  readonly keys: ReadonlyMap<string, readonly bigint[]>;
}

/**
 * An idempotency key belongs to whoever sent it: the same key from another user (or the same user in
 * another role) is another key. So a replay answers only the caller who made the first call — the
 * one the decider authorized then — and a key someone else guessed or saw in a history finds nothing.
 */
export const scopedKey = (role: Role, userId: string, key: string): string =>
  JSON.stringify([role, userId, key]);

const fold = <State, Event extends DomainEvent>(
  decider: Decider<never, State, Event>,
  loaded: Loaded<State>,
  events: readonly RecordedEvent[],
): Loaded<State> => {
  if (events.length === 0) return loaded;
  let state = loaded.state;
  let keys = loaded.keys;
  for (const event of events) {
    // Recorded events are folded as the domain events they carry; their metadata gives the time.
    state = decider.evolve(state, event as unknown as Event, event.metadata);
    const { idempotencyKey, role, actor } = event.metadata;
    if (idempotencyKey) {
      const key = scopedKey(role, actor, idempotencyKey);
      if (keys === loaded.keys) keys = new Map(keys);
      (keys as Map<string, bigint[]>).set(key, [...(keys.get(key) ?? []), event.revision]);
    }
  }
  return { decider, state, revision: events.at(-1)!.revision, keys };
};

/**
 * Keeps the folded state of recently used streams. Before it is used, a cached state is brought up
 * to the stream's current revision by reading only the events after it, so another writer (or
 * process) never makes it stale: correctness does not depend on the cache.
 */
class StreamStateCache {
  private readonly entries: LRUCache<string, Loaded<unknown>> | undefined;

  constructor(
    private readonly store: EventStore,
    size: number,
  ) {
    this.entries = size > 0 ? new LRUCache({ max: size }) : undefined;
  }

  async load<State>(decider: Decider<never, State, DomainEvent>, streamId: string): Promise<Loaded<State>> {
    const cached = this.entries?.get(streamId) as Loaded<State> | undefined;
    const empty: Loaded<State> = {
      decider,
      state: decider.initialState(),
      revision: undefined,
      keys: new Map(),
    };
    const base = cached && cached.decider === decider ? cached : empty;
    const current = base.revision === undefined ? undefined : await this.store.streamRevision(streamId);
    const events =
      base.revision === undefined
        ? await this.store.readStream(streamId)
        : current === base.revision
          ? []
          : await this.store.readStream(streamId, { fromRevision: base.revision + 1n });
    const loaded = fold(decider, base, events);
    this.remember(streamId, loaded);
    return loaded;
  }

  remember(streamId: string, loaded: Loaded<unknown>): void {
    if (loaded.revision !== undefined) this.entries?.set(streamId, loaded);
  }
}

/**
 * Load → decide → append with the expected revision (ARCHITECTURE.md § Write side). A conflict means
 * someone appended in between: the stream is read again and the command decided again on the new
 * state, a bounded number of times. Refusals (DomainError) propagate and append nothing.
 */
export const createCommandHandler = (options: CommandHandlerOptions): CommandHandler => {
  const { store, catalog } = options;
  const maxAttempts = options.maxAttempts ?? 10;
  const cache = new StreamStateCache(store, options.cacheSize ?? 10_000);

  return async <Command extends HandledCommand, State, Event extends DomainEvent>(
    decider: Decider<Command, State, Event>,
    streamId: string,
    command: Command,
    handleOptions: HandleOptions = {},
  ): Promise<CommandResult<State>> => {
    const { idempotencyKey } = handleOptions;
    const { role, userId } = command.actor;
    const key = idempotencyKey === undefined ? undefined : scopedKey(role, userId, idempotencyKey);
    const foldable = decider as unknown as Decider<never, State, DomainEvent>;
    for (let attempt = 1; ; attempt++) {
      const loaded = await cache.load(foldable, streamId);
      const earlier = key ? loaded.keys.get(key) : undefined;
      if (earlier) {
        const events = await store.readStream(streamId, {
          fromRevision: earlier[0]!,
          toRevision: earlier.at(-1)!,
        });
        return {
          streamId,
          events,
          nextExpectedRevision: events.at(-1)!.revision,
          position: events.at(-1)!.position,
          state: loaded.state,
          deduplicated: true,
        };
      }
      const decided = decider.decide(command, loaded.state);
      const metadata: EventMetadata = {
        actor: command.actor.userId,
        role: command.actor.role,
        occurredAt: command.now,
        ...(handleOptions.correlationId ? { correlationId: handleOptions.correlationId } : {}),
        ...(handleOptions.causationId ? { causationId: handleOptions.causationId } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      const events: NewEvent[] = decided.map((event, index) => ({
        // Same caller, same key, same ids: the store itself deduplicates a race between two
        // identical retries. Another caller's ids differ, so its command never meets this one's.
        id: idempotencyKey
          ? deterministicUuid(streamId, role, userId, idempotencyKey, String(index))
          : newId(),
        type: event.type,
        version: catalog.version(event.type),
        data: event.data,
        metadata,
      }));
      const own: StreamAppend = {
        streamId,
        events,
        expectedRevision: loaded.revision === undefined ? NO_STREAM : loaded.revision,
      };
      try {
        const others = (await handleOptions.alsoAppend?.(decided, metadata)) ?? [];
        // The command's own stream last: its last event is the last the command wrote, so its
        // position is the read-your-writes token of everything, now and on a retry.
        const result =
          others.length === 0
            ? await store.append(own.streamId, own.events, own)
            : (await store.appendToStreams([...others, own])).results.at(-1)!;
        // An identical retry won the race: read again, and answer with its result.
        if (result.deduplicated && attempt < maxAttempts) continue;
        if (result.deduplicated)
          throw new ConcurrencyError(streamId, 'a repeated append', result.nextExpectedRevision);
        const after = fold(foldable, loaded, result.events);
        cache.remember(streamId, after);
        return {
          streamId,
          events: result.events,
          nextExpectedRevision: result.nextExpectedRevision,
          position: result.position,
          state: after.state,
          deduplicated: false,
        };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
        // Jittered exponential backoff spreads writers contending for one stream apart.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
      }
    }
  };
};

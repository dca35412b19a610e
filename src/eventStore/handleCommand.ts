import type { Decider } from '../core/decider.js';
import type { DomainEvent, EventMetadata, NewEvent, RecordedEvent, Role } from '../core/event.js';
import { ConcurrencyError } from '../core/errors.js';
import type { EventCatalog } from '../core/eventCatalog.js';
import { deterministicUuid, newId } from '../core/ids.js';
import { NO_STREAM, type EventStore } from './eventStore.js';

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
}

export type CommandHandler = <Command extends HandledCommand, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
  streamId: string,
  command: Command,
  options?: HandleOptions,
) => Promise<CommandResult<State>>;

/** Recorded events are folded as the domain events they carry; their metadata gives the time. */
const fold = <State, Event extends DomainEvent>(
  evolve: (state: State, event: Event, at: { occurredAt: string }) => State,
  state: State,
  events: readonly RecordedEvent[],
): State => events.reduce((s, e) => evolve(s, e as unknown as Event, e.metadata), state);

/**
 * Load → decide → append with the expected revision (ARCHITECTURE.md § Write side). A conflict means
 * someone appended in between: the stream is read again and the command decided again on the new
 * state, a bounded number of times. Refusals (DomainError) propagate and append nothing.
 */
export const createCommandHandler = (options: CommandHandlerOptions): CommandHandler => {
  const { store, catalog } = options;
  const maxAttempts = options.maxAttempts ?? 10;

  return async (decider, streamId, command, handleOptions = {}) => {
    const { idempotencyKey } = handleOptions;
    for (let attempt = 1; ; attempt++) {
      const history = await store.readStream(streamId);
      if (idempotencyKey) {
        const earlier = history.filter((e) => e.metadata.idempotencyKey === idempotencyKey);
        if (earlier.length > 0) {
          return {
            streamId,
            events: earlier,
            nextExpectedRevision: earlier.at(-1)!.revision,
            position: earlier.at(-1)!.position,
            state: fold(decider.evolve, decider.initialState(), history),
            deduplicated: true,
          };
        }
      }
      const state = fold(decider.evolve, decider.initialState(), history);
      const decided = decider.decide(command, state);
      const metadata: EventMetadata = {
        actor: command.actor.userId,
        role: command.actor.role,
        occurredAt: command.now,
        ...(handleOptions.correlationId ? { correlationId: handleOptions.correlationId } : {}),
        ...(handleOptions.causationId ? { causationId: handleOptions.causationId } : {}),
        ...(idempotencyKey ? { idempotencyKey } : {}),
      };
      const events: NewEvent[] = decided.map((event, index) => ({
        // Same key, same ids: the store itself deduplicates a race between two identical retries.
        id: idempotencyKey ? deterministicUuid(streamId, idempotencyKey, String(index)) : newId(),
        type: event.type,
        version: catalog.version(event.type),
        data: event.data,
        metadata,
      }));
      const last = history.at(-1);
      try {
        const result = await store.append(streamId, events, {
          expectedRevision: last ? last.revision : NO_STREAM,
        });
        return {
          streamId,
          events: result.events,
          nextExpectedRevision: result.nextExpectedRevision,
          position: result.position,
          state: fold(decider.evolve, state, result.events),
          deduplicated: result.deduplicated,
        };
      } catch (error) {
        if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
        // Jittered exponential backoff spreads writers contending for one stream apart.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 ** attempt)));
      }
    }
  };
};

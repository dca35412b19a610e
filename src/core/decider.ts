import type { DomainEvent } from './event.js';

export interface EventTime {
  readonly occurredAt: string;
}

/**
 * A decider (Jérémie Chassaing's pattern, as in Emmett): pure functions over one aggregate.
 * `decide` returns the events a command produces, or throws a {@link DomainError} when a rule refuses it.
 * No I/O, no clock: time, ids and lookups come in with the command.
 */
export interface Decider<Command, State, Event extends DomainEvent> {
  readonly initialState: () => State;
  /** `at` is when the event was decided (its metadata), for states that keep time-bound facts. */
  readonly evolve: (state: State, event: Event, at: EventTime) => State;
  readonly decide: (command: Command, state: State) => Event[];
}

/** Exhaustiveness check for the `default` branch of a switch over a discriminated union. */
export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
};

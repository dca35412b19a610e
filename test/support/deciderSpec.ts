import { expect } from 'vitest';
import type { Decider, EventTime } from '../../src/core/decider.js';
import type { DomainEvent } from '../../src/core/event.js';
import { AppError } from '../../src/core/errors.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';

const catalog = createEventCatalog();

/** A given event, optionally with the time it was decided at. */
export type Given<E> = E | { readonly event: E; readonly at: string };

export const GIVEN_TIME = '2026-01-01T00:00:00.000Z';

const unwrap = <E>(given: Given<E>): { event: E; at: EventTime } =>
  typeof given === 'object' && given !== null && 'event' in given && 'at' in given
    ? { event: given.event, at: { occurredAt: given.at } }
    : { event: given as E, at: { occurredAt: GIVEN_TIME } };

/**
 * given(events).when(command).then(events) / .thenThrows(code), after Emmett's DeciderSpecification.
 * Every event a decision produces is also checked against the event catalog, so specs fail when a
 * decider emits data the log would refuse.
 */
export const deciderSpec = <Command, State, Event extends DomainEvent>(
  decider: Decider<Command, State, Event>,
) => ({
  given: (events: readonly Given<Event>[] = []) => {
    const state = () =>
      events.map(unwrap).reduce((s, { event, at }) => decider.evolve(s, event, at), decider.initialState());
    return {
      when: (command: Command) => {
        const run = () => {
          const produced = decider.decide(command, state());
          for (const event of produced) catalog.validate(event.type, catalog.version(event.type), event.data);
          return produced;
        };
        return {
          then: (expected: readonly Event[]) => expect(run()).toEqual(expected),
          /** For assertions on parts of the events. */
          thenEvents: (assert: (events: Event[]) => void) => assert(run()),
          thenThrows: (code: string) => {
            let thrown: unknown;
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            expect(thrown, `expected a refusal with code ${code}`).toBeInstanceOf(AppError);
            expect((thrown as AppError).code).toBe(code);
          },
        };
      },
    };
  },
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '../../src/core/event.js';
import { eventHash } from '../../src/core/hash.js';
import type { EventStore } from '../../src/eventStore/eventStore.js';
import { eventOf, type DamageCode, type StoredEvent } from '../../src/eventStore/storedEvent.js';
import { aMessage } from '../support/events.js';

/** A change made to a stored event behind the store's back, on its text as stored. */
export interface Tampering {
  readonly data?: (text: string) => string;
  readonly metadata?: (text: string) => string;
  readonly type?: string;
}

export interface StoredStreamFactory {
  readonly name: string;
  create(): Promise<EventStore>;
  /**
   * Changes the stored event at `revision` of a stream as an operator with access to the store's
   * files (or node) could. Undefined: nobody can reach the store's bytes (it lives in memory).
   */
  tamper?(streamId: string, revision: bigint, change: Tampering): Promise<void>;
}

let prefixes = 0;
const newPrefix = () => `s${Date.now().toString(36)}${(prefixes++).toString(36)}-`;

/** What the hash of a stored event covers, recomputed from what the stored read says is stored. */
const rehash = (e: StoredEvent) =>
  eventHash({
    streamId: e.streamId,
    revision: e.revision,
    id: e.id,
    type: e.type,
    version: e.version,
    dataJson: e.dataText,
    metadataJson: e.metadataText,
    prevHash: e.prevHash,
  });

/**
 * The port's read of a stream as stored (`readStoredStream`), for audit: every event the stream
 * holds, damaged or not, each with its stored text and, when it cannot be read as an event, why —
 * the same events the other reads refuse as EVENT_UNREADABLE.
 */
export const storedStreamContract = (factory: StoredStreamFactory): void => {
  describe(`stored stream read: ${factory.name}`, () => {
    let store: EventStore;
    let stream: string;
    beforeEach(async () => {
      store = await factory.create();
      stream = `${newPrefix()}collaboration-1`;
      await store.append(stream, [aMessage('first'), aMessage('second'), aMessage('third')]);
    });
    afterEach(() => store.close());

    it('lists an intact stream as its events, with the text their hashes cover', async () => {
      const stored = await store.readStoredStream(stream);
      expect(stored.map((e) => e.damage)).toEqual([undefined, undefined, undefined]);
      expect(stored.map(eventOf)).toEqual(await store.readStream(stream, { raw: true }));
      for (const e of stored) {
        expect(JSON.parse(e.dataText)).toEqual(e.data);
        expect(rehash(e)).toBe(e.hash);
      }
      expect(stored[0]!.prevHash).toBe(GENESIS_HASH);
      expect(await store.readStoredStream(`${stream}-none`)).toEqual([]);
    });

    if (factory.tamper) {
      const tamper = factory.tamper.bind(factory);
      const cases: readonly [string, Tampering, DamageCode, RegExp][] = [
        ['data that no longer decodes', { data: (t) => t.slice(0, -1) }, 'DATA_NOT_JSON', /./],
        ['metadata that no longer decodes', { metadata: (t) => `${t},` }, 'METADATA_NOT_JSON', /./],
        [
          'a key of its data renamed',
          { data: (t) => t.replace('"body"', '"bOdy"') },
          'DATA_SHAPE',
          /bOdy|\/body/,
        ],
        [
          'a key of its data removed',
          { data: (t) => t.replace(/"body":"[^"]*",/, '') },
          'DATA_SHAPE',
          /\/body: /,
        ],
        [
          'a key of its data of another type',
          { data: (t) => t.replace(/"body":"[^"]*"/, '"body":42') },
          'DATA_SHAPE',
          /\/body: /,
        ],
        [
          'a key of its metadata renamed',
          { metadata: (t) => t.replace('"occurredAt"', '"occurredOn"') },
          'METADATA_SHAPE',
          /occurred/,
        ],
        ['a type the catalog does not know', { type: 'MessageRemoved' }, 'UNKNOWN_TYPE', /MessageRemoved/],
      ];
      it.each(cases)(
        'lists an event with %s, saying why it cannot be read',
        async (_, change, code, detail) => {
          await tamper(stream, 1n, change);
          const stored = await store.readStoredStream(stream);
          expect(stored.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
          expect(stored.map((e) => e.damage?.code)).toEqual([undefined, code, undefined]);
          expect(stored[1]!.damage!.detail).toMatch(detail);
          // What is stored is shown as stored: the change is in the text, so its hash no longer holds.
          expect(rehash(stored[1]!)).not.toBe(stored[1]!.hash);
          // The other reads refuse it, naming it; the chain breaks there.
          await expect((async () => store.readStream(stream, { raw: true }))()).rejects.toMatchObject({
            code: 'EVENT_UNREADABLE',
            details: { revision: 1 },
          });
          expect(await store.verifyStream(stream)).toMatchObject({ valid: false, firstBrokenRevision: 1n });
        },
      );
    }
  });
};

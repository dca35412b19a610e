import { describe, expect, it } from 'vitest';
import { createEventCatalog } from '../../contexts/catalog.js';
import { GENESIS_HASH, type NewEvent } from '../../core/event.js';
import { ConcurrencyError } from '../../core/errors.js';
import { NO_STREAM } from '../eventStore.js';
import {
  SimulatedKurrentDB,
  type SimulatedVersion,
} from '../../../test/support/kurrentdb/simulatedKurrentDB.js';
import { messages } from '../../../test/support/events.js';
import { notLeaderNode } from '../../../test/support/kurrentdb/clientErrors.js';
import { getKurrentDBEventStore } from './kurrentdbEventStore.js';
import { chainHash, storedMetadata } from './mapping.js';

/**
 * Appends to several streams over the answers each server version gives (test/support/kurrentdb:
 * KurrentDB 25.1 and 26.1 take them in one AppendSession, EventStoreDB 24.10 has none). The
 * contract runs the port's cases over 25.1 and 24.10; these are the adapter's own decisions.
 */
const catalog = createEventCatalog();
const open = (version: SimulatedVersion) => {
  const server = new SimulatedKurrentDB({ version });
  const calls: string[] = [];
  const client = server.client();
  const store = getKurrentDBEventStore({
    connectionString: 'kurrentdb://simulated:2113?tls=false',
    catalog,
    client: {
      ...client,
      appendToStream: ((...args: Parameters<typeof client.appendToStream>) => {
        calls.push(`append ${args[0]}`);
        return client.appendToStream(...args);
      }) as typeof client.appendToStream,
      multiStreamAppend: ((...args: Parameters<typeof client.multiStreamAppend>) => {
        calls.push(`session ${args[0].map((r) => r.streamName).join(' ')}`);
        return client.multiStreamAppend(...args);
      }) as typeof client.multiStreamAppend,
    },
  });
  const streamsInLog = () => server.records.filter((r) => !r.streamId.startsWith('$')).map((r) => r.streamId);
  return { server, store, calls, streamsInLog };
};

/** Another process's write of the same events, as it would have stored them (stream new). */
const writtenElsewhere = (server: SimulatedKurrentDB, streamId: string, event: NewEvent) =>
  server.write(streamId, 'no_stream', [
    {
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: storedMetadata(event.metadata, {
        version: event.version,
        prevHash: GENESIS_HASH,
        hash: chainHash(event, streamId, 0n),
      }),
    },
  ]);

describe('KurrentDB event store, appending to several streams', () => {
  it('sends them in one AppendSession to a server that has it, metadata as string properties', async () => {
    const { server, store, calls } = open('25.1');
    const result = await store.appendToStreams([
      { streamId: 'uniqueId-DISPUTE-d1', events: messages(1), expectedRevision: NO_STREAM },
      { streamId: 'collaboration-k1', events: messages(2), expectedRevision: NO_STREAM },
    ]);
    expect(calls).toEqual(['session uniqueId-DISPUTE-d1 collaboration-k1']);
    // Stored as the server stores properties, read back as it answers them: its `$` keys added.
    expect(server.records.at(-1)!.metadata).toMatchObject({
      '$schema.name': 'MessagePosted',
      '$schema.format': 'Json',
      actor: 'u-s1',
      ledger: expect.any(String) as unknown,
    });
    const [read] = await store.readStream('collaboration-k1');
    expect(read!.metadata).toEqual(result.results[1]!.events[0]!.metadata);
    expect(Object.keys(read!.metadata).some((key) => key.startsWith('$'))).toBe(false);
    expect(await store.verifyStream('collaboration-k1')).toEqual({ valid: true, eventsChecked: 2 });
    // The session's answer is the position of its last record: the last part's last event.
    expect(result.position).toBe(server.records.at(-1)!.position.commit);
    await store.close();
  });

  it('appends them one after the other, in the order given, to a server without it', async () => {
    const { store, calls, streamsInLog } = open('24.10');
    await store.appendToStreams([
      { streamId: 'uniqueId-DISPUTE-d1', events: messages(1), expectedRevision: NO_STREAM },
      { streamId: 'collaboration-k1', events: messages(2), expectedRevision: NO_STREAM },
    ]);
    expect(calls).toEqual([
      'session uniqueId-DISPUTE-d1 collaboration-k1',
      'append uniqueId-DISPUTE-d1',
      'append collaboration-k1',
    ]);
    expect(streamsInLog()).toEqual(['uniqueId-DISPUTE-d1', 'collaboration-k1', 'collaboration-k1']);
    await store.close();
  });

  it('appends them in turn through a follower, which refuses them together and forwards each alone', async () => {
    const { server, store, calls, streamsInLog } = open('25.1');
    // Still connected to the former leader after an election: the client does not move on this answer.
    server.failNext('append', notLeaderNode());
    await store.appendToStreams([
      { streamId: 'uniqueId-DISPUTE-d1', events: messages(1), expectedRevision: NO_STREAM },
      { streamId: 'collaboration-k1', events: messages(1), expectedRevision: NO_STREAM },
    ]);
    expect(calls).toEqual([
      'session uniqueId-DISPUTE-d1 collaboration-k1',
      'append uniqueId-DISPUTE-d1',
      'append collaboration-k1',
    ]);
    expect(streamsInLog()).toEqual(['uniqueId-DISPUTE-d1', 'collaboration-k1']);
    await store.close();
  });

  it('sends one stream alone as an append of its own, the others being repeats', async () => {
    const { store, calls } = open('25.1');
    const claim = messages(1);
    await store.append('uniqueId-DISPUTE-d1', claim, { expectedRevision: NO_STREAM });
    calls.length = 0;
    const result = await store.appendToStreams([
      { streamId: 'uniqueId-DISPUTE-d1', events: claim, expectedRevision: NO_STREAM },
      { streamId: 'collaboration-k1', events: messages(1), expectedRevision: NO_STREAM },
    ]);
    expect(calls).toEqual(['append collaboration-k1']);
    expect(result.results.map((r) => r.deduplicated)).toEqual([true, false]);
    await store.close();
  });

  for (const version of ['25.1', '26.1'] as const) {
    it(`writes the rest when another process wrote one stream's part just before (${version} answers it ${version === '25.1' ? 'as an internal error' : 'as a revision conflict'})`, async () => {
      const { server, store, calls, streamsInLog } = open(version);
      const [claim] = messages(1);
      // The same command retried by another process claims first, between the look-up and the session.
      server.beforeAppend = () => writtenElsewhere(server, 'uniqueId-DISPUTE-d1', claim!);
      const result = await store.appendToStreams([
        { streamId: 'uniqueId-DISPUTE-d1', events: [claim!], expectedRevision: NO_STREAM },
        { streamId: 'collaboration-k1', events: messages(1), expectedRevision: NO_STREAM },
      ]);
      expect(calls).toEqual(['session uniqueId-DISPUTE-d1 collaboration-k1', 'append collaboration-k1']);
      expect(result.results.map((r) => r.deduplicated)).toEqual([true, false]);
      expect(streamsInLog()).toEqual(['uniqueId-DISPUTE-d1', 'collaboration-k1']);
      await store.close();
    });
  }

  it('gives up, writing nothing, when another writer keeps moving a stream it appends to with ANY', async () => {
    const { server, store, streamsInLog } = open('25.1');
    const client = server.client();
    let moved = 0;
    const stubborn = getKurrentDBEventStore({
      connectionString: 'kurrentdb://simulated:2113?tls=false',
      catalog,
      client: {
        ...client,
        multiStreamAppend: ((...args: Parameters<typeof client.multiStreamAppend>) => {
          moved++;
          server.write('collaboration-k1', 'any', [
            { id: crypto.randomUUID(), type: 'OrderShipped', data: {} },
          ]);
          return client.multiStreamAppend(...args);
        }) as typeof client.multiStreamAppend,
      },
    });
    await expect(
      stubborn.appendToStreams([
        { streamId: 'uniqueId-DISPUTE-d1', events: messages(1), expectedRevision: NO_STREAM },
        { streamId: 'collaboration-k1', events: messages(1) },
      ]),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(moved).toBe(6);
    expect(streamsInLog().every((s) => s === 'collaboration-k1')).toBe(true);
    await stubborn.close();
    await store.close();
  });
});

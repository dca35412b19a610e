import {
  NO_STREAM as KURRENT_NO_STREAM,
  WrongExpectedVersionError,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import { GENESIS_HASH, type NewEvent } from '../../core/event.js';
import { ConcurrencyError, ValidationError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { checkExpectedRevision, type PreparedEvent } from '../appendEngine.js';
import { describeExpected, type AppendResult, type ExpectedRevision } from '../eventStore.js';
import type { KurrentClient } from './client.js';
import { KnownStreams, repeatOf, type KnownStream } from './knownStreams.js';
import { chainHash, splitMetadata, storedMetadata, toPosition, toRecorded } from './mapping.js';
import type { StreamReader } from './streamReader.js';

/** Tries of an ANY / STREAM_EXISTS append that other writers keep beating to the stream. */
const MAX_APPEND_ATTEMPTS = 6;

/**
 * Appends to KurrentDB as the port promises them: the ids looked up in the stream first (the
 * port's idempotence, which KurrentDB's does not give: see `appendNow`), the hash chain continued
 * from the head read, the written events read back from the leader.
 */
export class StreamAppender {
  private readonly known = new KnownStreams();
  /** The last append to each stream still running in this process. */
  private readonly appending = new Map<string, Promise<void>>();

  constructor(
    private readonly client: KurrentClient,
    private readonly catalog: EventCatalog,
    private readonly streams: StreamReader,
    /** Called once an append is acknowledged: the log moved. */
    private readonly onWritten: () => void,
  ) {}

  append(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return this.serially(streamId, () => this.appendNow(streamId, prepared, expected));
  }

  /**
   * What is known of a stream after reading, from the leader, what was written since it was last
   * read by this process: its head, and the ids of all its events.
   */
  private async catchUp(streamId: string): Promise<KnownStream> {
    const known = this.known.get(streamId);
    const from = known.revision === undefined ? 0n : known.revision + 1n;
    const read = await this.streams.records(streamId, { from, requiresLeader: true });
    if (read === undefined && known.revision !== undefined) {
      // Deleted since (by an operator): nothing known of it holds any more.
      this.known.forget(streamId);
      return this.catchUp(streamId);
    }
    this.known.add(
      streamId,
      (read ?? []).flatMap(({ event }) =>
        event
          ? [
              {
                id: event.id,
                revision: event.revision,
                hash: splitMetadata(event.metadata).ledger?.hash ?? GENESIS_HASH,
              },
            ]
          : [],
      ),
    );
    return this.known.get(streamId);
  }

  /**
   * Appends to one stream run one after the other in this process: a repeat of an append still in
   * flight then finds its ids instead of racing it, and is answered `deduplicated`.
   */
  private serially<T>(streamId: string, run: () => Promise<T>): Promise<T> {
    const before = this.appending.get(streamId) ?? Promise.resolve();
    const result = before.then(run);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.appending.set(streamId, settled);
    void settled.then(() => {
      if (this.appending.get(streamId) === settled) this.appending.delete(streamId);
    });
    return result;
  }

  private async appendNow(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const ids = prepared.map((p) => p.event.id);
    for (let attempt = 1; ; attempt++) {
      const known = await this.catchUp(streamId);
      // The port's idempotence is by event id, whatever revision the append expects; KurrentDB's is
      // not: it writes without looking at ids an append that names the stream's current revision
      // ("writing exactly to the end … -> ok") or starts a stream, and for ANY / STREAM_EXISTS
      // compares them with recent writes only, writing at once when the first is new
      // (IndexWriter.CheckCommit). So the ids are looked up here, in the stream, first. KurrentDB
      // keeps no index of event ids: an id used in another stream cannot be found (see eventStore.ts).
      const repeat = repeatOf(known.ids, ids);
      switch (repeat.kind) {
        case 'partial':
          throw new ValidationError('Some events of this append are stored, others not', { streamId });
        case 'repeat':
          return this.firstResult(streamId, repeat.from, ids.length);
        case 'new':
          break;
        default: {
          const unknown: never = repeat;
          throw new Error(`Unknown repeat ${String(unknown)}`);
        }
      }
      checkExpectedRevision(streamId, expected, known.revision);
      // The chain continues from the head read at the revision the append names: no fork.
      let prevHash = known.hash;
      let revision = known.revision === undefined ? 0n : known.revision + 1n;
      const chained = prepared.map((p) => {
        const hash = chainHash(p.event, streamId, revision, prevHash);
        const row = { event: p.event, revision, prevHash, hash };
        prevHash = hash;
        revision++;
        return row;
      });
      const result = await this.client
        .appendToStream(
          streamId,
          chained.map((c) =>
            jsonEvent({
              id: c.event.id,
              type: c.event.type,
              data: c.event.data as Record<string, unknown>,
              metadata: storedMetadata(c.event.metadata, {
                version: c.event.version,
                prevHash: c.prevHash,
                hash: c.hash,
              }) as unknown as Record<string, unknown>,
            }),
          ),
          { streamState: known.revision === undefined ? KURRENT_NO_STREAM : known.revision },
        )
        .catch((error: unknown) => {
          if (error instanceof WrongExpectedVersionError) return undefined;
          throw error;
        });
      if (result?.success) return this.written(streamId, chained, result);
      // Another process appended since the stream was read: the next round reads what it wrote
      // and decides again (a repeat, a conflict, or for ANY / STREAM_EXISTS another try).
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        const now = await this.catchUp(streamId);
        throw new ConcurrencyError(streamId, describeExpected(expected), now.revision ?? -1n);
      }
    }
  }

  /**
   * The result of an append the server acknowledged. Its events are read back for what only the
   * server knows (their positions and times), from the leader: the append was acknowledged once the
   * leader had indexed it, and a follower may not have it yet.
   */
  private async written(
    streamId: string,
    chained: readonly { event: NewEvent; revision: bigint; hash: string }[],
    result: { nextExpectedRevision: bigint; position?: { commit: bigint; prepare: bigint } | undefined },
  ): Promise<AppendResult> {
    this.onWritten();
    // The answer names the position of the append's last event: the server answers with the
    // position of the record that ends the write (StorageChaser.ProcessPrepareRecord publishes
    // CommitChased at TransactionEnd; RequestManagerBase.CommitPosition), and for an append it
    // took for a repeat, with the first write's last event (IndexWriter.CheckCommit, logPos).
    const answered = result.position ? toPosition(result.position) : undefined;
    const stored = await this.streams.stored(streamId, {
      from: chained[0]!.revision,
      maxCount: chained.length,
      requiresLeader: true,
    });
    const recorded = stored.map((e) => toRecorded(e, this.catalog, false));
    const last = recorded.at(-1);
    if (
      !last ||
      recorded.length !== chained.length ||
      recorded.some((e, i) => e.id !== chained[i]!.event.id)
    ) {
      this.known.forget(streamId);
      throw new Error(
        `Stream ${streamId} was appended to${answered === undefined ? '' : ` (up to position ${answered})`}, ` +
          'but its events could not be read back: appending them again answers with them',
      );
    }
    this.known.add(streamId, recorded);
    return {
      streamId,
      nextExpectedRevision: result.nextExpectedRevision,
      position: answered ?? last.position,
      events: recorded,
      // Whether the events were there already is decided by their ids, looked up before writing
      // (appends to a stream run one at a time in a process). The one case left: another process
      // wrote the same ids between that look-up and this append, and KurrentDB took this append for
      // a repeat (IndexWriter.CheckCommit) and answered it as a write (RequestManagerBase.Handle of
      // AlreadyCommitted). Then the events stored are not the ones sent; if they are identical in
      // every byte, nothing tells the two apart, and both appends are answered as the writer.
      deduplicated: recorded.some((e, i) => e.hash !== chained[i]!.hash),
    };
  }

  /** The result of the append that first wrote these events (the stream holds them from `from`). */
  private async firstResult(streamId: string, from: bigint, count: number): Promise<AppendResult> {
    const stored = await this.streams.stored(streamId, { from, maxCount: count, requiresLeader: true });
    const recorded = stored.map((e) => toRecorded(e, this.catalog, false));
    const last = recorded.at(-1);
    if (recorded.length !== count || !last) {
      this.known.forget(streamId);
      throw new Error(`The events of stream ${streamId} from revision ${from} could not be read back`);
    }
    return {
      streamId,
      nextExpectedRevision: last.revision,
      position: last.position,
      events: recorded,
      deduplicated: true,
    };
  }
}

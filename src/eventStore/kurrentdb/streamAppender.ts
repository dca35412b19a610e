import { GENESIS_HASH } from '../../core/event.js';
import { ConcurrencyError, ValidationError } from '../../core/errors.js';
import type { EventCatalog } from '../../core/eventCatalog.js';
import { checkExpectedRevision, type PreparedAppend, type PreparedEvent } from '../appendEngine.js';
import { describeExpected, type AppendResult, type ExpectedRevision } from '../eventStore.js';
import { AppendWriter, type PartToWrite } from './appendWriter.js';
import type { KurrentClient } from './client.js';
import { KnownStreams, repeatOf, type KnownStream } from './knownStreams.js';
import { chainHash, splitMetadata, toRecorded } from './mapping.js';
import type { StreamReader } from './streamReader.js';
import { backoffMs } from './transientErrors.js';

/** Rounds of an append that other writers keep beating to its streams (ANY / STREAM_EXISTS). */
const MAX_APPEND_ATTEMPTS = 6;

/** What an append is to one of its streams, decided from what the stream holds. */
type Decision =
  /** Its events are there, from revision `from`: written before, nothing to write. */
  { readonly kind: 'repeat'; readonly from: bigint } | { readonly kind: 'new'; readonly part: PartToWrite };

/**
 * Appends to KurrentDB as the port promises them: the ids looked up in each stream first (the
 * port's idempotence, which KurrentDB's does not give: see `decide`), every stream checked before
 * any is written, the hash chain continued from the head read, the written events read back from
 * the leader.
 */
export class StreamAppender {
  private readonly known = new KnownStreams();
  /** The last append to each stream still running in this process. */
  private readonly appending = new Map<string, Promise<void>>();
  private readonly writer: AppendWriter;

  constructor(
    client: KurrentClient,
    private readonly catalog: EventCatalog,
    private readonly streams: StreamReader,
    /** Called once an append is acknowledged: the log moved. */
    private readonly onWritten: () => void,
  ) {
    this.writer = new AppendWriter(client);
  }

  /** An append to one stream: an append to several with one part. */
  async append(
    streamId: string,
    prepared: readonly PreparedEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    return (await this.appendToStreams([{ streamId, prepared, expected }]))[0]!;
  }

  /** Each part's result, in the order given (see {@link AppendWriter.write} for how they are written). */
  appendToStreams(parts: readonly PreparedAppend[]): Promise<AppendResult[]> {
    return this.serially(
      parts.map((p) => p.streamId),
      () => this.appendNow(parts),
    );
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
   * Appends to a stream run one after the other in this process (an append to several streams
   * waits for each, and each waits for it): a repeat of an append still in flight then finds its
   * ids instead of racing it, and is answered `deduplicated`. Every stream of an append is queued
   * at once, so two appends never wait for each other.
   */
  private serially<T>(streamIds: readonly string[], run: () => Promise<T>): Promise<T> {
    const before = Promise.all(streamIds.map((id) => this.appending.get(id)));
    const result = before.then(run);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    for (const id of streamIds) this.appending.set(id, settled);
    void settled.then(() => {
      for (const id of streamIds) if (this.appending.get(id) === settled) this.appending.delete(id);
    });
    return result;
  }

  /**
   * Whether a part is a repeat or new, and if new, its events chained: throws when it cannot be
   * written (some of its ids stored, or its stream not at the revision it expects).
   */
  private decide(part: PreparedAppend, known: KnownStream): Decision {
    const { streamId, prepared, expected } = part;
    // The port's idempotence is by event id, whatever revision the append expects; KurrentDB's is
    // not: it writes without looking at ids an append that names the stream's current revision
    // ("writing exactly to the end … -> ok") or starts a stream, and for ANY / STREAM_EXISTS
    // compares them with recent writes only, writing at once when the first is new
    // (IndexWriter.CheckCommit). So the ids are looked up here, in the stream, first. KurrentDB
    // keeps no index of event ids: an id used in another stream cannot be found (see eventStore.ts).
    const repeat = repeatOf(
      known.ids,
      prepared.map((p) => p.event.id),
    );
    switch (repeat.kind) {
      case 'partial':
        throw new ValidationError('Some events of this append are stored, others not', { streamId });
      case 'repeat':
        return { kind: 'repeat', from: repeat.from };
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
    const events = prepared.map((p) => {
      const hash = chainHash(p.event, streamId, revision, prevHash);
      const chained = { event: p.event, revision, prevHash, hash };
      prevHash = hash;
      revision++;
      return chained;
    });
    return { kind: 'new', part: { streamId, at: known.revision, events } };
  }

  private async appendNow(parts: readonly PreparedAppend[]): Promise<AppendResult[]> {
    // Streams this call wrote in an earlier round (a server without the append to several streams
    // takes them one after the other: AppendWriter.write): repeats now, answered as written.
    const wroteHere = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const known = await Promise.all(parts.map((p) => this.catchUp(p.streamId)));
      // Every part is decided before anything is written: one refused refuses them all.
      const decided = parts.map((part, i) => this.decide(part, known[i]!));
      const toWrite = decided.flatMap((d) => (d.kind === 'new' ? [d.part] : []));
      const outcome =
        toWrite.length === 0
          ? { kind: 'written' as const, answered: new Map<string, bigint>() }
          : await this.writer.write(toWrite, (streamId) => {
              wroteHere.add(streamId);
              this.onWritten();
            });
      if (outcome.kind === 'written') {
        return Promise.all(
          decided.map((d, i) =>
            d.kind === 'repeat'
              ? this.firstResult(parts[i]!, d.from, !wroteHere.has(parts[i]!.streamId))
              : this.written(d.part, outcome.answered.get(d.part.streamId)),
          ),
        );
      }
      // Another process appended since the streams were read: the next round reads what it wrote
      // and decides again (a repeat, a conflict, or for ANY / STREAM_EXISTS another try).
      if (attempt >= MAX_APPEND_ATTEMPTS) {
        const part = parts.find((p) => p.streamId === outcome.streamId) ?? parts[0]!;
        const now = await this.catchUp(part.streamId);
        throw new ConcurrencyError(part.streamId, describeExpected(part.expected), now.revision ?? -1n);
      }
      if (outcome.pause) await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt - 1)));
    }
  }

  /**
   * The result of a part the server acknowledged. Its events are read back for what only the
   * server knows (their positions and times), from the leader: the append was acknowledged once the
   * leader had indexed it, and a follower may not have it yet.
   */
  private async written(part: PartToWrite, answered: bigint | undefined): Promise<AppendResult> {
    const { streamId, events: chained } = part;
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
      nextExpectedRevision: last.revision,
      position: answered ?? last.position,
      events: recorded,
      // Whether the events were there already is decided by their ids, looked up before writing
      // (appends to a stream run one at a time in a process). The one case left: another process
      // wrote the same ids between that look-up and this append, and KurrentDB took this append for
      // a repeat (IndexWriter.CheckCommit; for several streams, when every part is one:
      // StorageWriterService.VerifyCommitChecks, AlreadyCommitted) and answered it as a write
      // (RequestManagerBase.Handle of AlreadyCommitted). Then the events stored are not the ones
      // sent; if they are identical in every byte, nothing tells the two apart, and both appends
      // are answered as the writer.
      deduplicated: recorded.some((e, i) => e.hash !== chained[i]!.hash),
    };
  }

  /** The result of the append that first wrote a part's events (its stream holds them from `from`). */
  private async firstResult(
    part: PreparedAppend,
    from: bigint,
    deduplicated: boolean,
  ): Promise<AppendResult> {
    const { streamId } = part;
    const count = part.prepared.length;
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
      deduplicated,
    };
  }
}

import {
  NO_STREAM as KURRENT_NO_STREAM,
  UnknownError,
  UnsupportedError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@kurrent/kurrentdb-client';
import type { NewEvent } from '../../core/event.js';
import type { KurrentClient } from './client.js';
import { storedMetadata, storedProperties, toPosition } from './mapping.js';
import { isTransient } from './transientErrors.js';

/** An event about to be written, with its revision and its place in its stream's hash chain. */
export interface ChainedEvent {
  readonly event: NewEvent;
  readonly revision: bigint;
  readonly prevHash: string;
  readonly hash: string;
}

/** One stream's new events, written at exactly the revision the stream was read at. */
export interface PartToWrite {
  readonly streamId: string;
  /** The stream's revision when read; undefined when it did not exist. */
  readonly at: bigint | undefined;
  readonly events: readonly ChainedEvent[];
}

/** What the server made of the parts sent. */
export type WriteOutcome =
  /** All written. `answered`: the position the server gave for a stream's last event, where it gave one. */
  | { readonly kind: 'written'; readonly answered: ReadonlyMap<string, bigint> }
  /**
   * A stream moved since it was read (named when the server named it), or the server could not
   * take the append now (`pause`): read the streams again and decide again. Parts already written
   * (see {@link AppendWriter.write}) are then found as repeats.
   */
  | { readonly kind: 'moved'; readonly streamId: string | undefined; readonly pause: boolean };

/**
 * A follower's answer to an append to several streams, which only the leader takes
 * (ClusterVNodeController.HandleAsNonLeader(WriteEvents): "multi-stream writes implicitly require
 * leader"): NotLeaderNode, gRPC FAILED_PRECONDITION (ApiErrors.NotLeaderNode), which the client
 * cannot place and raises as UnknownError, without moving its connection to the leader as it does
 * for v1's NotLeaderError (Client.shouldReconnect). A follower forwards appends to one stream to
 * the leader, so after a leader change a client still connected to the former leader can append
 * in turn, and cannot append to several streams at once until something else moves it.
 */
const isNotLeader = (error: unknown): boolean =>
  error instanceof UnknownError && error.message.includes('not the leader node');

/**
 * Sends appends to KurrentDB, each part at the exact revision its stream was read at (the
 * appender has checked ids and expected revisions by then; the exact revision makes the server
 * refuse the part if anyone wrote in between).
 */
export class AppendWriter {
  constructor(private readonly client: KurrentClient) {}

  /**
   * One part: a v1 append. Several: one append to several streams, all or nothing, on servers
   * that have it (KurrentDB 25.1 and later: the v2 protocol's `StreamsService.AppendSession`,
   * which the client uses only when the server lists it among its methods, asked once per
   * connection: ServerFeatures.GetSupportedMethods; else it throws UnsupportedError before sending
   * anything: dist/streams/appendToStream/index.js). On older servers (KurrentDB before 25.1,
   * EventStoreDB), and through a follower ({@link isNotLeader}), the parts are appended one after
   * the other, in the order given: a part refused leaves the parts before it written, which the
   * next round finds as repeats and completes.
   */
  async write(
    parts: readonly PartToWrite[],
    /** Told of each stream once its part is acknowledged. */
    written: (streamId: string) => void,
  ): Promise<WriteOutcome> {
    if (parts.length === 1) return this.writeOne(parts[0]!, written);
    try {
      const result = await this.client.multiStreamAppend(
        parts.map((part) => ({
          streamName: part.streamId,
          expectedState: part.at ?? KURRENT_NO_STREAM,
          events: part.events.map((c) =>
            jsonEvent({
              id: c.event.id,
              type: c.event.type,
              data: c.event.data as Record<string, unknown>,
              metadata: storedProperties(c.event.metadata, {
                version: c.event.version,
                prevHash: c.prevHash,
                hash: c.hash,
              }),
            }),
          ),
        })),
      );
      for (const part of parts) written(part.streamId);
      // The session's position is that of its last record (AppendSessionResponse.position,
      // WriteEventsCompleted.CommitPosition): the last event of the last part.
      return { kind: 'written', answered: new Map([[parts.at(-1)!.streamId, result.position]]) };
    } catch (error) {
      if (error instanceof UnsupportedError || isNotLeader(error)) return this.writeInTurn(parts, written);
      // The server checks every stream before writing any (StorageWriterService.VerifyCommitChecks)
      // and names the first that moved (StreamRevisionConflict: FAILED_PRECONDITION, which the
      // client turns into WrongExpectedVersionError.fromRevisionConflict).
      if (error instanceof WrongExpectedVersionError) {
        return { kind: 'moved', streamId: error.streamName, pause: false };
      }
      // Some parts already written by an identical append and others not is, before 26.1, a
      // WrongExpectedVersion naming no stream, which the v2 API fails to map and answers as an
      // internal error (StreamsService.AppendSessionCommand.MapToError reads FailureStreamIndexes[0]
      // of an empty list; ApiCallback: "failed to map error", SERVER_MALFUNCTION, gRPC Internal),
      // which the client raises as UnavailableError: transient, like a leader election.
      if (isTransient(error)) return { kind: 'moved', streamId: undefined, pause: true };
      throw error;
    }
  }

  private async writeInTurn(
    parts: readonly PartToWrite[],
    written: (streamId: string) => void,
  ): Promise<WriteOutcome> {
    const answered = new Map<string, bigint>();
    for (const part of parts) {
      const outcome = await this.writeOne(part, written);
      if (outcome.kind === 'moved') return outcome;
      for (const [streamId, position] of outcome.answered) answered.set(streamId, position);
    }
    return { kind: 'written', answered };
  }

  private async writeOne(part: PartToWrite, written: (streamId: string) => void): Promise<WriteOutcome> {
    const result = await this.client
      .appendToStream(
        part.streamId,
        part.events.map((c) =>
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
        { streamState: part.at ?? KURRENT_NO_STREAM },
      )
      .catch((error: unknown) => {
        if (error instanceof WrongExpectedVersionError) return undefined;
        throw error;
      });
    if (!result?.success) return { kind: 'moved', streamId: part.streamId, pause: false };
    written(part.streamId);
    // The position of the append's last event: the server answers with the position of the
    // record that ends the write (StorageChaser.ProcessPrepareRecord publishes CommitChased at
    // TransactionEnd; RequestManagerBase.CommitPosition), and for an append it took for a repeat,
    // with the first write's last event (IndexWriter.CheckCommit, logPos).
    return {
      kind: 'written',
      answered: new Map(result.position ? [[part.streamId, toPosition(result.position)]] : []),
    };
  }
}

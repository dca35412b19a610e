import { UnknownError, convertToCommandError } from '@kurrent/kurrentdb-client';
import { convertBridgeError } from '@kurrent/kurrentdb-client/dist/utils/convertBridgeError.js';
import streamsErrors from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/errors_pb.js';

/**
 * Errors built as `@kurrent/kurrentdb-client` 1.3.1 builds them, by its own converters, from what
 * reaches it:
 * - reads: the Rust bridge's JS error, `name` and `message` as crates/bridge/src/error.rs
 *   `create_js_error` sets them (an UnknownError's message is the Rust client's text for its
 *   error: kurrentdb 1.1 types.rs), through the client's `convertBridgeError`;
 * - appends: a grpc-js ServiceError (`code`, `details`, message "<code> <NAME>: <details>", metadata
 *   without status details) through `convertToCommandError`; or batchAppend's answer of an error
 *   status it cannot place, `new UnknownError(undefined, 'Could not recognize …')`
 *   (dist/streams/appendToStream/unpackError.js).
 */
export const fromBridge = (name: string, message: string, metadata: Record<string, unknown> = {}): Error =>
  convertBridgeError(Object.assign(new Error(message), { name, metadata }) as never, 'collaboration-k1');

export const fromGrpc = (code: number, name: string, details: string): Error =>
  convertToCommandError(
    Object.assign(new Error(`${code} ${name}: ${details}`), {
      code,
      details,
      metadata: { get: () => [], getMap: () => ({}) },
    }) as never,
  ) as Error;

export const fromBatchAppend = (message: string): Error =>
  new UnknownError(undefined, `Could not recognize ${message}`);

/** What the bridge raises when the server times a read out (gRPC Aborted). */
export const readTimedOut = (): Error =>
  fromBridge(
    'UnknownError',
    'Unmapped gRPC error: code: The operation was aborted, message: Operation timed out: Read timed out.',
  );

/** Protobuf wire format, enough for google.rpc.Status: field `n` as a length-delimited value. */
const field = (n: number, bytes: Uint8Array): Buffer => {
  const length: number[] = [];
  let rest = bytes.length;
  do {
    length.push((rest & 0x7f) | (rest > 0x7f ? 0x80 : 0));
    rest >>>= 7;
  } while (rest > 0);
  return Buffer.concat([Buffer.from([(n << 3) | 2, ...length]), bytes]);
};
const text = (value: string) => Buffer.from(value, 'utf8');
const any = (typeName: string, value: Uint8Array) =>
  Buffer.concat([field(1, text(`type.googleapis.com/${typeName}`)), field(2, value)]);

/**
 * An error of KurrentDB's v2 API (RpcExceptions.FromError) as the client raises it: the gRPC status
 * with a google.rpc.Status in `grpc-status-details-bin` whose details are an ErrorInfo and the
 * error's own details, through the client's `convertToCommandError`. The client reads one
 * `details` (its status.proto has no `repeated`): the last.
 */
const v2Error = (
  code: number,
  name: string,
  reason: string,
  message: string,
  details: { readonly type: string; readonly value: Uint8Array },
): Error => {
  const status = Buffer.concat([
    Buffer.from([0x08, code]),
    field(2, text(message)),
    field(3, any('google.rpc.ErrorInfo', field(1, text(reason)))),
    field(3, any(details.type, details.value)),
  ]);
  return convertToCommandError(
    Object.assign(new Error(`${code} ${name}: ${message}`), {
      code,
      details: message,
      metadata: {
        get: (key: string) => (key === 'grpc-status-details-bin' ? [status] : []),
        getMap: () => ({}),
      },
    }) as never,
  ) as Error;
};

/**
 * What KurrentDB's v2 API answers an append session one of whose streams is not at its expected
 * revision (StreamsService.AppendSessionCommand.MapToError → ApiErrors.StreamRevisionConflict):
 * FAILED_PRECONDITION with StreamRevisionConflictErrorDetails, revisions as the request and the
 * index give them (-1 for no stream): the client's WrongExpectedVersionError.
 */
export const revisionConflict = (stream: string, expected: bigint, actual: bigint): Error =>
  v2Error(
    9,
    'FAILED_PRECONDITION',
    'STREAM_REVISION_CONFLICT',
    `Append failed due to a revision conflict on stream '${stream}'. Expected revision: ${expected}. Actual revision: ${actual}.`,
    {
      type: 'kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails',
      value: new streamsErrors.StreamRevisionConflictErrorDetails()
        .setStream(stream)
        .setExpectedRevision(expected.toString())
        .setActualRevision(actual.toString())
        .serializeBinary(),
    },
  );

/**
 * What a follower answers an append to several streams (ClusterVNodeController.HandleAsNonLeader
 * → NotHandled NotLeader → ApiErrors.NotLeaderNode): FAILED_PRECONDITION with
 * NotLeaderNodeErrorDetails, which the client has no case for: an UnknownError.
 */
export const notLeaderNode = (): Error =>
  v2Error(
    9,
    'FAILED_PRECONDITION',
    'NOT_LEADER_NODE',
    'The server is not the leader node and cannot handle the request. ' +
      'Please retry your request against the leader node directly at node2:2113',
    {
      type: 'kurrent.rpc.NotLeaderNodeErrorDetails',
      value: field(1, Buffer.concat([field(1, text('node2')), Buffer.from([0x10, 0xc1, 0x10])])),
    },
  );

/**
 * What KurrentDB 25.1 to 26.0 answer an append session some of whose streams already hold its
 * events while others do not: the storage writer's WrongExpectedVersion names no stream
 * (StorageWriterService.VerifyCommitChecks), the v2 API fails to map it (MapToError reads
 * FailureStreamIndexes[0]) and answers SERVER_MALFUNCTION, gRPC INTERNAL (ApiCallback.ReplyWith,
 * ApiErrors.InternalServerError), which the client raises as UnavailableError.
 */
export const appendSessionMalfunction = (): Error =>
  fromGrpc(
    13,
    'INTERNAL',
    'An internal server error occurred. Please contact support if the problem persists.\n' +
      'Append Session failed to map error: Index was outside the bounds of the array.',
  );

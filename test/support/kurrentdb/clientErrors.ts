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
 * What KurrentDB's v2 API answers an append session one of whose streams is not at its expected
 * revision (StreamsService.AppendSessionCommand.MapToError → ApiErrors.StreamRevisionConflict →
 * RpcExceptions.FromError): gRPC FAILED_PRECONDITION with a google.rpc.Status in
 * `grpc-status-details-bin` whose details are an ErrorInfo and the StreamRevisionConflictErrorDetails
 * (revisions as the request and the index give them: -1 for no stream), through the client's
 * `convertToCommandError`. The client reads one `details` (its status.proto has no `repeated`), the
 * last of the two.
 */
export const revisionConflict = (stream: string, expected: bigint, actual: bigint): Error => {
  const conflict = new streamsErrors.StreamRevisionConflictErrorDetails()
    .setStream(stream)
    .setExpectedRevision(expected.toString())
    .setActualRevision(actual.toString())
    .serializeBinary();
  const message = `Append failed due to a revision conflict on stream '${stream}'. Expected revision: ${expected}. Actual revision: ${actual}.`;
  const status = Buffer.concat([
    Buffer.from([0x08, 9]), // code = FAILED_PRECONDITION
    field(2, text(message)),
    field(3, any('google.rpc.ErrorInfo', field(1, text('STREAM_REVISION_CONFLICT')))),
    field(3, any('kurrentdb.protocol.v2.streams.errors.StreamRevisionConflictErrorDetails', conflict)),
  ]);
  return convertToCommandError(
    Object.assign(new Error(`9 FAILED_PRECONDITION: ${message}`), {
      code: 9,
      details: message,
      metadata: {
        get: (key: string) => (key === 'grpc-status-details-bin' ? [status] : []),
        getMap: () => ({}),
      },
    }) as never,
  ) as Error;
};

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

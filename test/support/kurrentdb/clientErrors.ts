import { UnknownError, convertToCommandError } from '@kurrent/kurrentdb-client';
import { convertBridgeError } from '@kurrent/kurrentdb-client/dist/utils/convertBridgeError.js';

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

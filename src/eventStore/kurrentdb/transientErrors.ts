import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
} from '@kurrent/kurrentdb-client';

/**
 * What an `UnknownError` says when it is a failure of the moment (a node starting or stopping, a
 * leader being elected), by where the client builds it:
 * - appends (gRPC `batchAppend`): the server answers a request it cannot take now (NotHandled:
 *   NotReady, TooBusy, NotLeader without leader info) with an error status whose details are Empty
 *   (Streams.BatchAppend `ConvertMessage`), which the client turns into
 *   `UnknownError('Could not recognize <message>')` (dist/streams/appendToStream/unpackError.js);
 * - the server's timeouts (RpcExceptions.Timeout: gRPC Aborted, "Operation timed out: …") have no
 *   case of their own: grpc-js reports "10 ABORTED: Operation timed out…" (convertToCommandError
 *   keeps ABORTED without details as unknown), and the Rust bridge "Unmapped gRPC error: code: The
 *   operation was aborted…" (kurrentdb 1.1 `Error::Grpc`, which its error.rs maps to UnknownError);
 * - bridges before 0.1.4 (error.rs before 65f2777) also reported a server's Unavailable, a closed
 *   connection and a deadline as UnknownError, with the Rust client's texts for them (types.rs).
 */
const TRANSIENT_TEXTS = [
  'Server Is Not Ready',
  'Server Is Busy',
  'Server Is Too Busy',
  'No leader info available',
  'Operation timed out',
  'The operation was aborted',
  'Server-side error',
  'Connection is closed',
  'Deadline exceeded',
];

/**
 * Failures of the connection or of the server's state, not of the request: worth trying again. By
 * what the client really raises: through the bridge (reads), a server's Unavailable, Internal or
 * Unknown status and a lost connection are `UnavailableError`, a deadline `DeadlineExceededError`,
 * a follower asked for the leader `NotLeaderError` (bridge 0.2.2, error.rs); through gRPC
 * (appends), grpc-js statuses as `convertToCommandError` maps them; and the `UnknownError`s above.
 */
export const isTransient = (error: unknown): boolean =>
  error instanceof UnavailableError ||
  error instanceof DeadlineExceededError ||
  error instanceof NotLeaderError ||
  error instanceof TimeoutError ||
  error instanceof CancelledError ||
  (error instanceof UnknownError && TRANSIENT_TEXTS.some((text) => error.message.includes(text)));

/** The pause before try `attempt` + 1: 100 ms, doubling, at most 5 s. */
export const backoffMs = (attempt: number): number => Math.min(5_000, 100 * 2 ** attempt);

/** Tries of a read a caller waits for: about 3 s of pauses, a leader election's usual length. */
export const READ_ATTEMPTS = 6;

/**
 * Runs `operation`, and again after a transient failure with a growing pause, up to `attempts`
 * tries, and never once `stopped()` (a store being closed).
 */
export const retrying = async <T>(
  operation: () => Promise<T>,
  options: { readonly attempts: number; readonly stopped?: () => boolean },
): Promise<T> => {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isTransient(error) || attempt >= options.attempts || options.stopped?.()) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt - 1)));
    }
  }
};

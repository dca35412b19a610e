import {
  AccessDeniedError,
  StreamNotFoundError,
  UnknownError,
  WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { describe, expect, it } from 'vitest';
import { fromBatchAppend, fromBridge, fromGrpc } from '../../../test/support/kurrentdb/clientErrors.js';
import { isTransient, retrying } from './transientErrors.js';

describe('transient KurrentDB errors', () => {
  it('are what the bridge raises for a server or a connection that is not there', () => {
    expect(isTransient(fromBridge('UnavailableError', 'UnavailableError'))).toBe(true);
    expect(isTransient(fromBridge('DeadlineExceededError', 'DeadlineExceededError'))).toBe(true);
    expect(
      isTransient(
        fromBridge('NotLeaderError', 'NotLeaderError(Endpoint { host: "node2", port: 2113 })', {
          'leader-endpoint-host': 'node2',
          'leader-endpoint-port': 2113,
        }),
      ),
    ).toBe(true);
    // The server's timeout (gRPC Aborted) has no kind of its own in the bridge.
    expect(
      isTransient(
        fromBridge(
          'UnknownError',
          'Unmapped gRPC error: code: The operation was aborted, message: Operation timed out: Read timed out.',
        ),
      ),
    ).toBe(true);
    // Bridges before 0.1.4 said UnknownError for these.
    expect(
      isTransient(
        fromBridge(
          'UnknownError',
          'Server-side error: status: Unavailable, message: "Server Is Not Ready", details: [], metadata: MetadataMap { headers: {} }',
        ),
      ),
    ).toBe(true);
    expect(isTransient(fromBridge('UnknownError', 'Deadline exceeded'))).toBe(true);
    expect(isTransient(fromBridge('UnknownError', 'Connection is closed.'))).toBe(true);
  });

  it('are what an append meets while the server cannot take it', () => {
    expect(isTransient(fromBatchAppend('Server Is Not Ready'))).toBe(true);
    expect(isTransient(fromBatchAppend('Server Is Busy'))).toBe(true);
    expect(isTransient(fromBatchAppend('No leader info available in response'))).toBe(true);
    expect(isTransient(fromGrpc(10, 'ABORTED', 'Operation timed out: Commit phase timeout.'))).toBe(true);
    expect(isTransient(fromGrpc(14, 'UNAVAILABLE', 'Connection dropped'))).toBe(true);
    expect(isTransient(fromGrpc(4, 'DEADLINE_EXCEEDED', 'Deadline exceeded'))).toBe(true);
  });

  it('are not refusals of the request itself', () => {
    expect(isTransient(fromBridge('StreamNotFoundError', 'StreamNotFoundError'))).toBe(false);
    expect(isTransient(fromBridge('AccessDeniedError', 'AccessDeniedError'))).toBe(false);
    expect(
      isTransient(
        fromBridge(
          'UnknownError',
          'Unmapped gRPC error: code: Client specified an invalid argument, message: Invalid position.',
        ),
      ),
    ).toBe(false);
    expect(isTransient(fromBatchAppend('BadRequest'))).toBe(false);
    expect(isTransient(new UnknownError())).toBe(false);
    expect(isTransient(new StreamNotFoundError(undefined, 's'))).toBe(false);
    expect(isTransient(new AccessDeniedError())).toBe(false);
    expect(
      isTransient(new WrongExpectedVersionError(undefined, { streamName: 's', expected: 0n, current: 1n })),
    ).toBe(false);
  });

  it('are tried again, a bounded number of times, and nothing else is', async () => {
    let calls = 0;
    const flaky = () => {
      calls++;
      return calls < 3 ? Promise.reject(fromBatchAppend('Server Is Not Ready')) : Promise.resolve('read');
    };
    expect(await retrying(flaky, { attempts: 3 })).toBe('read');
    calls = 0;
    await expect(retrying(flaky, { attempts: 2 })).rejects.toBeInstanceOf(UnknownError);
    calls = 0;
    const refused = () => {
      calls++;
      return Promise.reject(new AccessDeniedError());
    };
    await expect(retrying(refused, { attempts: 5 })).rejects.toBeInstanceOf(AccessDeniedError);
    expect(calls).toBe(1);
  });
});

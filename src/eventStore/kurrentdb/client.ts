import type { KurrentDBClient } from '@kurrent/kurrentdb-client';

/**
 * The part of `@kurrent/kurrentdb-client` the adapter calls. In the client (1.3.1) reads go through
 * its Rust bridge (`@kurrent/bridge`, dist/streams/readAll.js and readStream.js), appends to one
 * stream through gRPC (dist/streams/appendToStream/batchAppend.js) and appends to several through
 * the v2 protocol's `StreamsService.AppendSession` (multiStreamAppend.js): they report failures
 * differently (transientErrors.ts). Unit tests answer it with a simulated server (test/support/kurrentdb).
 */
export type KurrentClient = Pick<
  KurrentDBClient,
  'readStream' | 'readAll' | 'appendToStream' | 'multiStreamAppend' | 'dispose'
>;

/** A record of the simulated log (see SimulatedKurrentDB for how the client answers it). */
export interface SimulatedRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly isJson: boolean;
  readonly created: Date;
  readonly position: { readonly commit: bigint; readonly prepare: bigint };
  /** Where the record ends in the log: a backward read from here includes it. */
  readonly end: bigint;
}

/** How many of the last writes a weak (ANY / STREAM_EXISTS) idempotency check sees. */
const RECENT = 10_000;

export type State = 'any' | 'no_stream' | 'stream_exists' | bigint;

export type Decision =
  | { readonly kind: 'ok' }
  | { readonly kind: 'conflict'; readonly current: bigint }
  /** Some ids written at those revisions, others not (CorruptedIdempotency). */
  | { readonly kind: 'corrupted'; readonly current: bigint }
  | { readonly kind: 'repeat'; readonly last: SimulatedRecord };

/**
 * How KurrentDB decides an append to one stream, as IndexWriter.CheckCommit does: writing exactly at
 * the end is accepted without looking at ids; an expected revision below the end is a repeat only
 * if the same ids sit at exactly those revisions; ANY / STREAM_EXISTS compare ids with recent writes
 * only, and write at once when the FIRST id is new; a new stream is written without any check.
 */
export const checkCommit = (
  records: readonly SimulatedRecord[],
  streamId: string,
  state: State,
  ids: readonly string[],
): Decision => {
  const stream = records.filter((r) => r.streamId === streamId);
  const current = stream.at(-1)?.revision ?? -1n;
  // CheckCommitForNewStream: no id is looked at.
  if (stream.length === 0)
    return state === 'any' || state === 'no_stream' ? { kind: 'ok' } : { kind: 'conflict', current };
  if (state === 'any' || state === 'stream_exists') {
    const recent = records.slice(-RECENT);
    const found = ids.map((id) => recent.find((r) => r.id === id && r.streamId === streamId));
    if (!found[0]) return { kind: 'ok' };
    if (found.some((f) => !f)) return { kind: 'corrupted', current };
    return { kind: 'repeat', last: found.at(-1)! };
  }
  const expected = state === 'no_stream' ? -1n : state;
  if (expected > current) return { kind: 'conflict', current };
  if (expected === current) return { kind: 'ok' }; // "writing exactly to the end … -> ok"
  const at = ids.map((id, i) => stream.find((r) => r.revision === expected + 1n + BigInt(i) && r.id === id));
  if (at.every(Boolean)) return { kind: 'repeat', last: at.at(-1)! };
  return at.some(Boolean) ? { kind: 'corrupted', current } : { kind: 'conflict', current };
};

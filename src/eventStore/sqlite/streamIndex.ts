import { LRUCache } from 'lru-cache';
import type Database from 'better-sqlite3';

export interface Tail {
  readonly revision: number;
  readonly hash: string;
  readonly position: number;
}

interface Recent {
  /** Revision of `positions[0]`. */
  readonly first: number;
  readonly positions: number[];
}

/** What to put back when an append inside a savepoint is rolled back. */
export interface IndexUndo {
  (): void;
}

/**
 * Finds a stream's events by revision: `stream_index` for positions up to `indexed_to`, an in-memory
 * map for the events after it ("recent"), and a cache of stream tails (last revision and hash) for
 * appends. Several connections (processes) may share the file: whenever another connection has
 * committed (`PRAGMA data_version` changed), the events it wrote are read into memory, and a flush
 * it made is noticed. Every method runs inside the caller's transaction, so what it sees is one
 * consistent snapshot.
 */
export class StreamIndex {
  private recent = new Map<string, Recent>();
  private recentCount = 0;
  /** Every event at or below this position is in `stream_index` or in `recent`. */
  private recentTo = 0;
  /** The highest position whose event this index has seen (its tail is in `tails` if cached). */
  private seenTo = 0;
  private indexedTo = 0;
  private readonly tails: LRUCache<string, Tail>;
  private dataVersion = -1;
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly options: { readonly flushThreshold: number; readonly tailCacheSize: number },
  ) {
    this.tails = new LRUCache({ max: options.tailCacheSize });
    this.statements = {
      dataVersion: db.prepare('PRAGMA data_version').pluck(),
      indexedTo: db.prepare("SELECT value FROM store_state WHERE key = 'indexed_to'").pluck(),
      setIndexedTo: db.prepare("UPDATE store_state SET value = ? WHERE key = 'indexed_to'"),
      newer: db.prepare<[number], { position: number; stream_id: string; revision: number; hash: string }>(
        'SELECT position, stream_id, revision, hash FROM events WHERE position > ? ORDER BY position',
      ),
      eventTail: db.prepare<[number], { revision: number; hash: string }>(
        'SELECT revision, hash FROM events WHERE position = ?',
      ),
      indexedTail: db.prepare<[string], { position: number }>(
        'SELECT position FROM stream_index WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
      ),
      indexedRange: db.prepare<[string, number, number], { revision: number; position: number }>(
        'SELECT revision, position FROM stream_index WHERE stream_id = ? AND revision BETWEEN ? AND ? ORDER BY revision',
      ),
      merge: db.prepare(
        `INSERT INTO stream_index (stream_id, revision, position)
         SELECT stream_id, revision, position FROM events WHERE position > ? AND position <= ?
         ORDER BY stream_id, revision`,
      ),
    };
  }

  /** Events not yet merged into `stream_index`. */
  get pending(): number {
    return this.recentCount;
  }

  /** Catches up with commits of other connections. */
  sync(): void {
    const version = this.statements.dataVersion.get() as number;
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    const indexedTo = this.statements.indexedTo.get() as number;
    if (indexedTo !== this.indexedTo) {
      // Another connection merged recent events into stream_index: drop what it covers.
      this.indexedTo = indexedTo;
      const kept = new Map<string, Recent>();
      let count = 0;
      for (const [streamId, recent] of this.recent) {
        const skip = recent.positions.findIndex((p) => p > indexedTo);
        if (skip === -1) continue;
        kept.set(streamId, { first: recent.first + skip, positions: recent.positions.slice(skip) });
        count += recent.positions.length - skip;
      }
      this.recent = kept;
      this.recentCount = count;
    }
    let from = this.seenTo;
    if (this.indexedTo > from) {
      // Events up to indexed_to are merged and will not be read here: tails cached before them may
      // have moved, so forget them all (they are read back on demand).
      this.tails.clear();
      from = this.indexedTo;
    }
    for (const row of this.statements.newer.iterate(from)) {
      this.add(row.stream_id, row.revision, row.position, row.hash);
    }
  }

  /** The stream's last event, or undefined when the stream does not exist. */
  tail(streamId: string): Tail | undefined {
    const cached = this.tails.get(streamId);
    if (cached) return cached;
    const recent = this.recent.get(streamId);
    const position = recent ? recent.positions.at(-1) : this.statements.indexedTail.get(streamId)?.position;
    if (position === undefined) return undefined;
    const row = this.statements.eventTail.get(position)!;
    const tail = { revision: row.revision, hash: row.hash, position };
    this.cacheTail(streamId, tail);
    return tail;
  }

  /** Records an event just inserted (or read from another connection's commit). */
  add(streamId: string, revision: number, position: number, hash: string): void {
    const recent = this.recent.get(streamId);
    if (recent) recent.positions.push(position);
    else this.recent.set(streamId, { first: revision, positions: [position] });
    this.recentCount++;
    if (position > this.recentTo) this.recentTo = position;
    if (position > this.seenTo) this.seenTo = position;
    this.cacheTail(streamId, { revision, hash, position });
  }

  /** Remembers a stream's state before an append, to put it back if the append is rolled back. */
  mark(streamId: string): IndexUndo {
    const recent = this.recent.get(streamId);
    const length = recent?.positions.length ?? 0;
    const tail = this.tails.get(streamId);
    const recentTo = this.recentTo;
    const seenTo = this.seenTo;
    const count = this.recentCount;
    return () => {
      const current = this.recent.get(streamId);
      if (current) {
        if (length === 0) this.recent.delete(streamId);
        else current.positions.length = length;
      }
      if (tail) this.tails.set(streamId, tail);
      else this.tails.delete(streamId);
      this.recentTo = recentTo;
      this.seenTo = seenTo;
      this.recentCount = count;
    };
  }

  /** Forgets everything in memory (after a failed transaction); the next sync reads it back. */
  reset(): void {
    this.recent.clear();
    this.tails.clear();
    this.recentCount = 0;
    this.recentTo = 0;
    this.seenTo = 0;
    this.indexedTo = 0;
    this.dataVersion = -1;
  }

  /** The stream's events with revisions in [from, to] as the index knows them, in revision order. */
  entries(streamId: string, from: number, to: number): { revision: number; position: number }[] {
    const recent = this.recent.get(streamId);
    const indexedUpTo = recent ? Math.min(to, recent.first - 1) : to;
    const entries = from <= indexedUpTo ? this.statements.indexedRange.all(streamId, from, indexedUpTo) : [];
    if (recent) {
      const start = Math.max(from, recent.first) - recent.first;
      const end = Math.min(to, recent.first + recent.positions.length - 1) - recent.first;
      for (let i = start; i <= end; i++) {
        entries.push({ revision: recent.first + i, position: recent.positions[i]! });
      }
    }
    return entries;
  }

  /** Whether enough recent events have gathered to merge them into `stream_index`. */
  get shouldFlush(): boolean {
    return this.recentCount >= this.options.flushThreshold;
  }

  /** Merges recent events into `stream_index`. Call inside a write transaction, after `sync`. */
  flush(): void {
    if (this.recentTo <= this.indexedTo) return;
    this.statements.merge.run(this.indexedTo, this.recentTo);
    this.statements.setIndexedTo.run(this.recentTo);
    this.indexedTo = this.recentTo;
    this.recent.clear();
    this.recentCount = 0;
  }

  private cacheTail(streamId: string, tail: Tail): void {
    this.tails.set(streamId, tail);
  }
}

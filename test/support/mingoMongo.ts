import { Aggregator, Query, update } from 'mingo';
import type { MongoClient } from 'mongodb';

/**
 * The part of the MongoDB driver the Mongo read store uses, answered by mingo (a MongoDB query
 * language engine in JavaScript) over documents in memory. Not a server: no transactions (each runs
 * as it comes), no concurrency. It lets the read store and lease store contracts run the Mongo
 * adapter's filters, sorts, keyset cursors, pipelines and lease compare-and-sets through a real
 * query engine in every CI run; MONGODB_TEST_URL runs the same contracts against a server.
 */

type Doc = Record<string, unknown> & { _id: unknown };
type Filter = Record<string, unknown>;

const clone = <T>(value: T): T => structuredClone(value);
const matches = (filter: Filter) => {
  const query = new Query(filter);
  return (doc: Doc) => query.test(doc);
};

class DuplicateKey extends Error {
  readonly code = 11000;
}

class FakeCursor {
  private sortSpec: Record<string, 1 | -1> | undefined;
  private limitCount: number | undefined;
  constructor(private readonly docs: Doc[]) {}
  sort(spec: Record<string, 1 | -1>) {
    this.sortSpec = spec;
    return this;
  }
  limit(n: number) {
    this.limitCount = n;
    return this;
  }
  toArray(): Promise<Doc[]> {
    const stages: Record<string, unknown>[] = [];
    if (this.sortSpec) stages.push({ $sort: this.sortSpec });
    if (this.limitCount !== undefined) stages.push({ $limit: this.limitCount });
    const result = stages.length > 0 ? (new Aggregator(stages).run(this.docs) as Doc[]) : this.docs;
    return Promise.resolve(result.map(clone));
  }
}

class FakeCollection {
  docs: Doc[] = [];
  /** Made by createCollection or createIndexes, before any document. */
  created = false;

  find(filter: Filter = {}) {
    return new FakeCursor(this.docs.filter(matches(filter)));
  }
  findOne(filter: Filter = {}) {
    const found = this.docs.find(matches(filter));
    return Promise.resolve(found ? clone(found) : null);
  }
  insertOne(doc: Doc) {
    if (this.docs.some((d) => d._id === doc._id))
      return Promise.reject(new DuplicateKey(`E11000 duplicate key ${String(doc._id)}`));
    this.docs.push(clone(doc));
    return Promise.resolve({ insertedId: doc._id });
  }
  updateOne(
    filter: Filter,
    change: { $set?: Filter; $setOnInsert?: Filter },
    options: { upsert?: boolean } = {},
  ) {
    const found = this.docs.find(matches(filter));
    if (found) {
      if (change.$set) update(found, { $set: clone(change.$set) } as never);
      return Promise.resolve({ matchedCount: 1, modifiedCount: 1 });
    }
    if (!options.upsert) return Promise.resolve({ matchedCount: 0, modifiedCount: 0 });
    const created: Doc = {
      _id: filter._id,
      ...clone(change.$setOnInsert ?? {}),
      ...clone(change.$set ?? {}),
    };
    this.docs.push(created);
    return Promise.resolve({ matchedCount: 0, modifiedCount: 0, upsertedId: created._id });
  }
  bulkWrite(
    operations: (
      | { replaceOne: { filter: Filter; replacement: Doc; upsert?: boolean } }
      | { deleteOne: { filter: Filter } }
    )[],
  ) {
    for (const operation of operations) {
      if ('deleteOne' in operation) {
        const index = this.docs.findIndex(matches(operation.deleteOne.filter));
        if (index >= 0) this.docs.splice(index, 1);
        continue;
      }
      const { filter, replacement } = operation.replaceOne;
      const index = this.docs.findIndex(matches(filter));
      if (index >= 0) this.docs[index] = clone(replacement);
      else this.docs.push(clone(replacement));
    }
    return Promise.resolve({ ok: 1 });
  }
  deleteOne(filter: Filter) {
    const index = this.docs.findIndex(matches(filter));
    if (index >= 0) this.docs.splice(index, 1);
    return Promise.resolve({ deletedCount: index >= 0 ? 1 : 0 });
  }
  countDocuments(filter: Filter = {}) {
    return Promise.resolve(this.docs.filter(matches(filter)).length);
  }
  aggregate(pipeline: Record<string, unknown>[]) {
    const result = new Aggregator(pipeline).run(this.docs) as Doc[];
    return { toArray: () => Promise.resolve(result.map(clone)) };
  }
  createIndexes() {
    this.created = true;
    return Promise.resolve([]);
  }
  drop() {
    this.docs = [];
    this.created = false;
    return Promise.resolve(true);
  }
}

export interface MingoClientOptions {
  /**
   * Makes every transaction run twice, as the driver runs one again after a transient error (a
   * write conflict: ClientSession.withTransaction): the first try's writes are undone, then
   * `betweenTries` runs (another process's write, say), then the second try.
   */
  readonly betweenTries?: () => void | Promise<void>;
}

/**
 * A client whose one database lives in memory; `drop` empties a collection, as MongoDB drops it.
 * `createCollection` refuses a name in use, as MongoDB answers NamespaceExists (48).
 */
export const mingoMongoClient = (options: MingoClientOptions = {}): MongoClient => {
  const collections = new Map<string, FakeCollection>();
  const collection = (name: string) => {
    let found = collections.get(name);
    if (!found) collections.set(name, (found = new FakeCollection()));
    return found;
  };
  const db = {
    collection,
    createCollection: (name: string) => {
      const found = collections.get(name);
      if (found && (found.created || found.docs.length > 0)) {
        return Promise.reject(Object.assign(new Error(`Collection ${name} already exists.`), { code: 48 }));
      }
      collection(name).created = true;
      return Promise.resolve(collection(name));
    },
    command: () => Promise.resolve({ setName: 'mingo', ok: 1 }),
  };
  const snapshot = () => new Map([...collections].map(([name, c]) => [name, clone(c.docs)]));
  return {
    db: () => db,
    // One node, no clock: a causally consistent session has nothing to wait for.
    startSession: () => ({
      withTransaction: async (work: () => Promise<unknown>) => {
        if (!options.betweenTries) {
          await work();
          return;
        }
        const before = snapshot();
        await work();
        for (const [name, c] of collections) c.docs = before.get(name) ?? [];
        await options.betweenTries();
        await work();
      },
      advanceClusterTime: () => undefined,
      advanceOperationTime: () => undefined,
      endSession: () => Promise.resolve(),
    }),
    close: () => Promise.resolve(),
  } as unknown as MongoClient;
};

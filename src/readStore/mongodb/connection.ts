import {
  MongoClient,
  ReadConcern,
  type ClientSession,
  type ClusterTime,
  type Collection,
  type Db,
  type Timestamp,
} from 'mongodb';
import type { StoredDocument } from './builders.js';

/** The MongoDB collection that holds one version of a collection. */
export const storedName = (collection: string, version: number): string => `${collection}__v${version}`;

/** How the read store reaches its database. */
export interface ConnectionOptions {
  /** `mongodb://…` of a replica set (or a sharded cluster): commits are multi-document transactions. */
  readonly url?: string;
  /** A client already made (tests); the store then neither connects it nor closes it. */
  readonly client?: MongoClient;
  /** The database; default: the one the URL names, else `creator_ledger`. */
  readonly database?: string;
}

/** Multi-document transactions need a replica set (or mongos): refused at start, plainly, otherwise. */
export const requireReplicaSet = async (db: Db): Promise<void> => {
  const hello = (await db.command({ hello: 1 })) as { setName?: string; msg?: string };
  if (!hello.setName && hello.msg !== 'isdbgrid') {
    throw new Error(
      'The MongoDB read store needs a replica set (documents and checkpoints are committed in one ' +
        'transaction): start mongod with --replSet and run rs.initiate() once — a single node will do.',
    );
  }
};

/**
 * The read store's database, shared by the parts of the store (registry, writes, queries): its
 * collections, and the two ways to reach them: {@link ReadStoreConnection.causally} for everything
 * outside a commit, {@link ReadStoreConnection.transaction} for several documents at once.
 *
 * Reads may go to secondaries (a `readPreference` in the URL): a secondary can be behind the
 * primary, and behind the secondary an earlier read went to, so a query that waited for a
 * checkpoint (X-Ledger-Min-Position) could read documents older than it, and a projector its own
 * documents as they were before its last commit. So every operation runs in a causally consistent
 * session that starts after everything this process has read or written (the session advanced to
 * the latest operation and cluster times met: the manual's way of ordering one session after
 * another), reads with read concern "majority" and writes with write concern "majority": the one
 * combination that gives read-your-writes and monotonic reads even across a failover (MongoDB
 * manual, "Causal Consistency and Read and Write Concerns"). The driver then sends each read with
 * `afterClusterTime`, and a secondary answers only once it has applied that much
 * (lib/sessions.js applySession).
 */
export class ReadStoreConnection {
  /** The latest times this process has met; every session starts after them. */
  private operationTime: Timestamp | undefined;
  private clusterTime: ClusterTime | undefined;

  private constructor(
    private readonly client: MongoClient,
    /** Reads with read concern "majority", writes with write concern "majority" (see the class). */
    readonly db: Db,
    /** The same database, read on the primary: what a compare-and-set reads (the leases). */
    readonly primary: Db,
    private readonly owned: boolean,
  ) {}

  /** Connects (unless given a client) and checks the server can run transactions. */
  static async open(options: ConnectionOptions): Promise<ReadStoreConnection> {
    const owned = !options.client;
    const client =
      options.client ??
      new MongoClient(options.url!, {
        // Positions and checkpoints are int64: read them back as bigint.
        useBigInt64: true,
      });
    if (owned) await client.connect();
    const name = options.database ?? (options.url ? undefined : 'creator_ledger');
    const db = client.db(name, { readConcern: new ReadConcern('majority'), writeConcern: { w: 'majority' } });
    const primary = client.db(name, { readPreference: 'primary', writeConcern: { w: 'majority' } });
    await requireReplicaSet(db);
    return new ReadStoreConnection(client, db, primary, owned);
  }

  /** The MongoDB collection of one collection version, `<name>__v<n>`. */
  stored(collection: string, version: number): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(storedName(collection, version));
  }

  /** Runs `work` in a causally consistent session that starts after all this process has met. */
  async causally<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.startSession();
    try {
      return await work(session);
    } finally {
      this.met(session);
      await session.endSession();
    }
  }

  async transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.startSession();
    try {
      let result!: T;
      await session.withTransaction(async () => {
        result = await work(session);
      });
      return result;
    } finally {
      this.met(session);
      await session.endSession();
    }
  }

  async close(): Promise<void> {
    if (this.owned) await this.client.close();
  }

  private startSession(): ClientSession {
    const session = this.client.startSession({ causalConsistency: true });
    if (this.clusterTime) session.advanceClusterTime(this.clusterTime);
    if (this.operationTime) session.advanceOperationTime(this.operationTime);
    return session;
  }

  private met(session: ClientSession): void {
    const { operationTime, clusterTime } = session;
    if (operationTime && (!this.operationTime || operationTime.greaterThan(this.operationTime))) {
      this.operationTime = operationTime;
    }
    if (
      clusterTime &&
      (!this.clusterTime || clusterTime.clusterTime.greaterThan(this.clusterTime.clusterTime))
    ) {
      this.clusterTime = clusterTime;
    }
  }
}

import { MongoClient, type ClientSession, type Collection, type Db } from 'mongodb';
import type { StoredDocument } from './builders.js';

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
 * The read store's database, shared by the parts of the store (registry, leases, writes, queries):
 * its collections, and the one way to write several documents at once
 * ({@link ReadStoreConnection.transaction}).
 */
export class ReadStoreConnection {
  private constructor(
    private readonly client: MongoClient,
    readonly db: Db,
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
    const db = client.db(options.database ?? (options.url ? undefined : 'creator_ledger'));
    await requireReplicaSet(db);
    return new ReadStoreConnection(client, db, owned);
  }

  /** The MongoDB collection of one collection version, `<name>__v<n>`. */
  stored(collection: string, version: number): Collection<StoredDocument> {
    return this.db.collection<StoredDocument>(`${collection}__v${version}`);
  }

  async transaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
    const session = this.client.startSession();
    try {
      let result!: T;
      await session.withTransaction(async () => {
        result = await work(session);
      });
      return result;
    } finally {
      await session.endSession();
    }
  }

  async close(): Promise<void> {
    if (this.owned) await this.client.close();
  }
}

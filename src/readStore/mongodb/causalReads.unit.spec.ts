import { Timestamp, type MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { mingoMongoClient } from '../../../test/support/mingoMongo.js';
import { getMongoReadStore } from './mongoReadStore.js';

/**
 * What the read store sends the driver, so that a read on a secondary is never older than what
 * the process met before it: every operation in a causally consistent session started at the
 * latest operation time the process has seen (the driver then sends `afterClusterTime`:
 * lib/sessions.js applySession), reads with read concern "majority". The driver is stood in for
 * by mingo, with a cluster clock that each operation's answer advances, as a server's does.
 */
const recordingClient = () => {
  const inner = mingoMongoClient();
  const innerDb = inner.db();
  let clock = 0;
  const tick = () => new Timestamp({ t: ++clock, i: 0 });
  const sent: { collection: string; op: string; after: number | undefined; causal: boolean }[] = [];
  const dbOptions: object[] = [];
  type Session = {
    causal: boolean;
    operationTime: Timestamp | undefined;
    clusterTime: { clusterTime: Timestamp; signature: object } | undefined;
  };
  const answered = (session: Session | undefined) => {
    if (!session) return;
    session.operationTime = tick();
    session.clusterTime = { clusterTime: session.operationTime, signature: {} };
  };
  const collection = (name: string) => {
    const target = innerDb.collection(name) as unknown as Record<string, (...args: unknown[]) => unknown>;
    return new Proxy(target, {
      get(object, op: string) {
        const method = object[op];
        if (typeof method !== 'function') return method;
        return (...args: unknown[]) => {
          const options = args.find(
            (a): a is { session?: Session } => typeof a === 'object' && a !== null && 'session' in a,
          );
          const session = options?.session;
          sent.push({
            collection: name,
            op,
            after: session?.causal ? session.operationTime?.toNumber() : undefined,
            causal: session?.causal ?? false,
          });
          const result = method.apply(object, args);
          answered(session);
          return result;
        };
      },
    });
  };
  const client = {
    db: (_name?: string, options: object = {}) => {
      dbOptions.push(options);
      return { ...innerDb, collection };
    },
    startSession: (options: { causalConsistency?: boolean } = {}) => {
      const session: Session & Record<string, unknown> = {
        causal: options.causalConsistency === true,
        operationTime: undefined,
        clusterTime: undefined,
        advanceOperationTime(time: Timestamp) {
          if (!session.operationTime || time.greaterThan(session.operationTime)) session.operationTime = time;
        },
        advanceClusterTime(time: { clusterTime: Timestamp; signature: object }) {
          if (!session.clusterTime || time.clusterTime.greaterThan(session.clusterTime.clusterTime))
            session.clusterTime = time;
        },
        async withTransaction(work: () => Promise<unknown>) {
          await work();
          answered(session); // commitTransaction
        },
        endSession: () => Promise.resolve(),
      };
      return session;
    },
    close: () => Promise.resolve(),
  } as unknown as MongoClient;
  return { client, sent, dbOptions, now: () => clock };
};

const jobs = { name: 'jobs', indexes: [{ field: 'personId', type: 'string' as const }] };

describe('MongoDB read store, read on secondaries', () => {
  it('reads after its own commits: a projector never evolves a document older than it wrote', async () => {
    const { client, sent, dbOptions, now } = recordingClient();
    const store = await getMongoReadStore({ client });
    await store.prepare('jobs-projection', 1, [jobs]);
    await store.activate('jobs-projection', 1);
    const doc = { personId: 'p1' };
    await store.commit('jobs-projection', 1, [{ collection: 'jobs', id: 'j1', doc, position: 5n }], 5n);
    const committed = now();
    sent.length = 0;
    expect((await store.load('jobs', 1, ['j1'])).get('j1')?.doc).toEqual(doc);
    const read = sent.find((s) => s.collection === 'jobs__v1' && s.op === 'find')!;
    expect(read.causal).toBe(true);
    expect(read.after).toBeGreaterThanOrEqual(committed);
    // Read concern "majority", write concern "majority": causal consistency across a failover.
    expect(dbOptions[0]).toMatchObject({
      readConcern: { level: 'majority' },
      writeConcern: { w: 'majority' },
    });
    await store.close();
  });

  it('reads documents no older than the checkpoint a query waited for', async () => {
    const { client, sent } = recordingClient();
    const store = await getMongoReadStore({ client });
    await store.prepare('jobs-projection', 1, [jobs]);
    await store.activate('jobs-projection', 1);
    sent.length = 0;
    await store.activeCheckpoints();
    const checkpointRead = sent.filter((s) => s.collection === 'rs_versions').at(-1)!;
    await store.query('jobs', { first: 10 });
    await store.getMany('jobs', ['j1']);
    await store.count('jobs');
    await store.topPerGroup('jobs', { groupField: 'personId', groups: ['p1'], perGroup: 1, orderBy: [] });
    const reads = sent.filter((s) => s.collection === 'jobs__v1');
    expect(reads.map((r) => r.op)).toEqual(['find', 'find', 'countDocuments', 'aggregate']);
    for (const read of reads) {
      expect(read.causal).toBe(true);
      // After the answer to the checkpoint read (its operation time is one past what it was sent with).
      expect(read.after).toBeGreaterThan(checkpointRead.after ?? 0);
    }
    // Every operation of the store ran in such a session.
    expect(sent.every((s) => s.causal)).toBe(true);
    await store.close();
  });
});

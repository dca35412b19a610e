import { createHash } from 'node:crypto';
import { Aggregator, Query } from 'mingo';
import { Binary, type MongoClient } from 'mongodb';
import type * as MongoDriver from 'mongodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getGridFSBlobStore } from './gridfsBlobStore.js';

/**
 * The GridFS blob store's decisions over the MongoDB driver's own GridFS code (mongodb 7.8:
 * lib/gridfs/download.js), run on collections held in memory (mingo answers the queries). The
 * documents are GridFS's: a file document (`length`, `chunkSize`, `filename`, `metadata`) and its
 * chunks (`files_id`, `n`, `data` a BSON Binary, as the driver reads it from a server).
 */
type Doc = Record<string, unknown>;

class MemoryCursor {
  private order: Record<string, 1 | -1> | undefined;
  private max: number | undefined;
  private read = 0;
  constructor(private readonly docs: Doc[]) {}
  sort(order: Record<string, 1 | -1>) {
    this.order = order;
    return this;
  }
  limit(max: number) {
    this.max = max;
    return this;
  }
  withReadPreference() {
    return this;
  }
  private all(): Doc[] {
    const stages: Doc[] = [];
    if (this.order) stages.push({ $sort: this.order });
    // A limit of 0 is none, as MongoDB reads it (the driver's download sets one).
    if (this.max) stages.push({ $limit: this.max });
    return stages.length ? (new Aggregator(stages).run(this.docs) as Doc[]) : this.docs;
  }
  next() {
    return Promise.resolve(this.all()[this.read++] ?? null);
  }
  toArray() {
    return Promise.resolve(this.all());
  }
  close() {
    return Promise.resolve();
  }
  async *[Symbol.asyncIterator]() {
    for (const doc of this.all()) yield await Promise.resolve(doc);
  }
}

class MemoryCollection {
  readonly docs: Doc[] = [];
  find(filter: Doc = {}) {
    const query = new Query(filter);
    return new MemoryCursor(this.docs.filter((d) => query.test(d)));
  }
  findOne(filter: Doc = {}) {
    const query = new Query(filter);
    return Promise.resolve(this.docs.find((d) => query.test(d)) ?? null);
  }
  createIndex() {
    return Promise.resolve('index');
  }
}

const memoryClient = () => {
  const collections = new Map<string, MemoryCollection>();
  const collection = (name: string) => {
    if (!collections.has(name)) collections.set(name, new MemoryCollection());
    return collections.get(name)!;
  };
  const client = { db: () => ({ collection }) } as unknown as MongoClient;
  return { client, collection };
};

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A file as GridFS stores it (one chunk per `chunkSize` bytes), then its chunks changed by `edit`. */
const stored = (bytes: Buffer, chunkSize: number, edit: (chunks: Doc[]) => Doc[]) => {
  const { client, collection } = memoryClient();
  collection('evidence.files').docs.push({
    _id: 'file-1',
    filename: sha(bytes),
    length: bytes.length,
    chunkSize,
    uploadDate: new Date('2026-03-06T10:00:00.000Z'),
    metadata: {
      contentType: 'text/plain',
      size: bytes.length,
      uploadedAt: '2026-03-06T10:00:00.000Z',
      uploadedBy: 'u',
    },
  });
  const chunks: Doc[] = [];
  for (let n = 0; n * chunkSize < bytes.length; n++) {
    chunks.push({
      _id: `chunk-${n}`,
      files_id: 'file-1',
      n,
      data: new Binary(bytes.subarray(n * chunkSize, (n + 1) * chunkSize)),
    });
  }
  collection('evidence.chunks').docs.push(...edit(chunks));
  return client;
};

describe('GridFS blob store', () => {
  const original = Buffer.from('Metrics report: 12,400 views, 310 orders');

  it('reports a file whose chunks were changed to another length by the hash of what it holds', async () => {
    const edited = Buffer.from('Metrics report, edited');
    // The driver refuses such a chunk (ChunkIsWrongSize): what is stored is read as it is.
    const client = stored(original, 255 * 1024, (chunks) =>
      chunks.map((c) => ({ ...c, data: new Binary(edited) })),
    );
    const blobs = await getGridFSBlobStore({ client });
    const blob = await blobs.get(sha(original));
    expect(blob?.info.sha256).toBe(sha(original));
    expect(blob?.actualSha256).toBe(sha(edited));
    expect(blob?.bytes.toString()).toBe('Metrics report, edited');
  });

  it('reports a file that lost a chunk, or gained one', async () => {
    const missing = await getGridFSBlobStore({ client: stored(original, 16, (chunks) => chunks.slice(1)) });
    expect((await missing.get(sha(original)))?.actualSha256).toBe(sha(original.subarray(16)));
    const extra = await getGridFSBlobStore({
      client: stored(original, 16, (chunks) => [
        ...chunks,
        { _id: 'chunk-x', files_id: 'file-1', n: chunks.length, data: new Binary(Buffer.from('!')) },
      ]),
    });
    expect((await extra.get(sha(original)))?.actualSha256).toBe(
      sha(Buffer.concat([original, Buffer.from('!')])),
    );
  });

  it('reads an untouched file through GridFS, whole', async () => {
    const blobs = await getGridFSBlobStore({ client: stored(original, 16, (chunks) => chunks) });
    const blob = await blobs.get(sha(original));
    expect(blob?.bytes.equals(original)).toBe(true);
    expect(blob?.actualSha256).toBe(sha(original));
  });
});

const made = vi.hoisted(() => ({ clients: [] as { closed: boolean }[] }));
vi.mock('mongodb', async (importOriginal) => {
  const mongodb = await importOriginal<typeof MongoDriver>();
  /** A client that connects, and whose server refuses to create an index (no permission, say). */
  class RefusingClient {
    closed = false;
    constructor() {
      made.clients.push(this);
    }
    connect() {
      return Promise.resolve(this);
    }
    db() {
      return {
        collection: () => ({
          createIndex: () => Promise.reject(new Error('not authorized to create an index')),
        }),
      };
    }
    close() {
      this.closed = true;
      return Promise.resolve();
    }
  }
  return { ...mongodb, MongoClient: RefusingClient };
});

describe('GridFS blob store set-up', () => {
  afterEach(() => {
    made.clients.length = 0;
  });

  it('closes the client it connected when it cannot be set up', async () => {
    await expect(getGridFSBlobStore({ url: 'mongodb://m1/creator_ledger' })).rejects.toThrow(
      /create an index/,
    );
    expect(made.clients.map((c) => c.closed)).toEqual([true]);
  });
});

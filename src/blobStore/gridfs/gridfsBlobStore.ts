import { createHash } from 'node:crypto';
import {
  GridFSBucket,
  MongoClient,
  MongoGridFSChunkError,
  type Binary,
  type Collection,
  type Db,
} from 'mongodb';
import { ValidationError } from '../../core/errors.js';
import { SHA256, type BlobInfo, type BlobStore } from '../blobStore.js';

export interface GridFSBlobStoreOptions {
  readonly url?: string;
  /** A client already made (tests); the store then neither connects nor closes it. */
  readonly client?: MongoClient;
  readonly database?: string;
  /** The GridFS bucket. Default `evidence`. */
  readonly bucketName?: string;
}

interface FileMetadata {
  readonly contentType: string;
  readonly size: number;
  readonly uploadedAt: string;
  readonly uploadedBy: string;
}

/**
 * Evidence files in GridFS, for scale-out (every API process reads the same files). A file is named
 * by its SHA-256; GridFS writes its chunks first and its file document last, so a file is seen only
 * whole. Every read hashes the bytes again, as the disk store does. Who uploaded which bytes is kept
 * beside (`<bucket>.uploaders`, one document per uploader and file).
 */
export const getGridFSBlobStore = async (options: GridFSBlobStoreOptions): Promise<BlobStore> => {
  if (options.client) return openOn(options.client, options, false);
  const client = new MongoClient(options.url!);
  await client.connect();
  try {
    return await openOn(client, options, true);
  } catch (error) {
    // Connected, then refused (the index, say): the client is closed, not left connected.
    await client.close();
    throw error;
  }
};

const openOn = async (
  client: MongoClient,
  options: GridFSBlobStoreOptions,
  owned: boolean,
): Promise<BlobStore> => {
  const db: Db = client.db(options.database ?? (options.url ? undefined : 'creator_ledger'));
  const bucketName = options.bucketName ?? 'evidence';
  const bucket = new GridFSBucket(db, { bucketName });
  const files = db.collection<{ _id: unknown; filename: string; metadata?: FileMetadata; uploadDate: Date }>(
    `${bucketName}.files`,
  );
  const chunks = db.collection<{ files_id: unknown; n: number; data: Binary | Uint8Array }>(
    `${bucketName}.chunks`,
  );
  const uploaders: Collection<{ _id: string; sha256: string; uploader: string }> = db.collection(
    `${bucketName}.uploaders`,
  );
  await files.createIndex({ filename: 1, uploadDate: 1 });

  const check = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new ValidationError('A SHA-256 is 64 lowercase hex digits', { sha256 });
  };
  /** The first complete upload of these bytes. */
  const fileOf = (sha256: string) => files.find({ filename: sha256 }).sort({ uploadDate: 1 }).limit(1).next();
  const infoOf = (sha256: string, metadata: FileMetadata | undefined): BlobInfo | undefined =>
    metadata && {
      sha256,
      size: metadata.size,
      contentType: metadata.contentType,
      uploadedAt: metadata.uploadedAt,
      uploadedBy: metadata.uploadedBy,
    };
  /**
   * A file's bytes as stored. GridFS refuses to read a file whose chunks no longer match its length
   * (the driver's download throws MongoGridFSChunkError: ChunkIsWrongSize, ChunkIsMissing,
   * ExtraChunk; lib/gridfs/download.js `doRead`): that is a file changed behind the store's back, and
   * what its chunks now hold is read as it is, in order, so that its hash tells (EVIDENCE_TAMPERED)
   * rather than the read failing. Undefined when the file went away meanwhile.
   */
  const read = async (id: unknown): Promise<Buffer | undefined> => {
    try {
      const parts: Buffer[] = [];
      for await (const part of bucket.openDownloadStream(id as never)) parts.push(part as Buffer);
      return Buffer.concat(parts);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
      if (!(error instanceof MongoGridFSChunkError)) throw error;
      const parts: Buffer[] = [];
      for await (const chunk of chunks.find({ files_id: id }).sort({ n: 1 })) {
        // As the driver reads a chunk: a BSON Binary from the server, its bytes in `buffer`.
        const data = chunk.data instanceof Uint8Array ? chunk.data : chunk.data.buffer;
        parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
      }
      return Buffer.concat(parts);
    }
  };
  const recordUploader = (sha256: string, uploader: string) =>
    uploaders.updateOne(
      { _id: `${sha256}/${uploader}` },
      { $setOnInsert: { sha256, uploader } },
      { upsert: true },
    );

  return {
    async put(bytes, meta) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const existing = await fileOf(sha256);
      if (existing?.metadata) {
        await recordUploader(sha256, meta.uploader);
        return infoOf(sha256, existing.metadata)!;
      }
      const metadata: FileMetadata = {
        contentType: meta.contentType,
        size: bytes.length,
        uploadedAt: meta.now,
        uploadedBy: meta.uploadedBy,
      };
      await new Promise<void>((resolve, reject) => {
        const upload = bucket.openUploadStream(sha256, { metadata });
        upload.once('error', reject);
        upload.once('finish', () => resolve());
        upload.end(bytes);
      });
      await recordUploader(sha256, meta.uploader);
      // Two uploads of the same bytes at once leave two copies: the first one stands.
      return infoOf(sha256, (await fileOf(sha256))?.metadata ?? metadata)!;
    },
    async get(sha256) {
      check(sha256);
      const file = await fileOf(sha256);
      const info = infoOf(sha256, file?.metadata);
      if (!file || !info) return undefined;
      const bytes = await read(file._id);
      if (!bytes) return undefined;
      return { info, bytes, actualSha256: createHash('sha256').update(bytes).digest('hex') };
    },
    async info(sha256) {
      check(sha256);
      return infoOf(sha256, (await fileOf(sha256))?.metadata);
    },
    async uploadedBy(sha256, uploader) {
      check(sha256);
      return (
        (await fileOf(sha256)) !== null &&
        (await uploaders.findOne({ _id: `${sha256}/${uploader}` })) !== null
      );
    },
    async close() {
      if (owned) await client.close();
    },
  };
};

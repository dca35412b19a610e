/**
 * The blob store port: files addressed by the SHA-256 of their bytes (evidence of disputes). The
 * embedded default keeps them on local disk; the scale-out backend can keep them in GridFS.
 */
export interface BlobInfo {
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
  readonly uploadedAt: string;
  /** The user who first uploaded it. */
  readonly uploadedBy: string;
}

export interface StoredBlob {
  readonly info: BlobInfo;
  readonly bytes: Buffer;
  /** The SHA-256 of the bytes as read now: differs from `info.sha256` when the file was changed. */
  readonly actualSha256: string;
}

export interface BlobStore {
  /** Stores bytes under their SHA-256 (a file already stored is kept as it is). */
  put(bytes: Buffer, meta: { contentType: string; uploadedBy: string; now: string }): Promise<BlobInfo>;
  /** The file and its recorded facts, re-hashed on read; undefined when unknown. */
  get(sha256: string): Promise<StoredBlob | undefined>;
  /** The recorded facts only. */
  info(sha256: string): Promise<BlobInfo | undefined>;
}

export const SHA256 = /^[0-9a-f]{64}$/;

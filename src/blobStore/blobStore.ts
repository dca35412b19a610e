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
  /**
   * Stores bytes under their SHA-256 (a file already stored is kept as it is) and records that
   * `uploader` uploaded them. A hash is no secret (it is shown to a dispute's parties): holding the
   * bytes is what entitles someone to cite a file as its evidence, so who uploaded what is kept.
   */
  put(
    bytes: Buffer,
    meta: { contentType: string; uploadedBy: string; uploader: string; now: string },
  ): Promise<BlobInfo>;
  /** Whether `uploader` (see {@link uploaderKey}) uploaded these bytes. */
  uploadedBy(sha256: string, uploader: string): Promise<boolean>;
  /** The file and its recorded facts, re-hashed on read; undefined when unknown. */
  get(sha256: string): Promise<StoredBlob | undefined>;
  /** The recorded facts only. */
  info(sha256: string): Promise<BlobInfo | undefined>;
  /** Frees the store's resources (a connection). */
  close(): Promise<void>;
}

export const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Who uploads, as the blob store records it: the party a seller or creator acts for (its id), or the
 * user, for staff (`user:<id>`).
 */
export const uploaderKey = (role: string, partyOrUser: string): string => `${role}/${partyOrUser}`;

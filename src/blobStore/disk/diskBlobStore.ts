import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { SHA256, type BlobInfo, type BlobStore } from '../blobStore.js';

/** Writes to a temporary name, flushes it to the disk, then renames: a reader never sees half a file. */
const writeDurably = async (path: string, data: Uint8Array | string): Promise<void> => {
  const temporary = `${path}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
};

const exists = async (path: string): Promise<boolean> => {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
};

/** Makes the names created in a folder durable (a rename is a change of the folder). */
const syncFolder = async (folder: string): Promise<void> => {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    // Some platforms cannot open or sync a folder (Windows): the renames are as durable as they get.
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? ''))
      throw error;
  } finally {
    await handle?.close();
  }
};

/**
 * Blobs on local disk: `<dir>/<aa>/<sha256>` with `<sha256>.json` beside it, and one empty file per
 * uploader in `<sha256>.uploaders/` (named by the SHA-256 of the uploader key: several processes may
 * record uploaders of one file at once without a read-modify-write). Each is written to a temporary
 * name, synced and renamed, and the folder synced, before `put` answers: an upload acknowledged is
 * on disk (its info last, so a blob with info always has its bytes). The name is the hash, so the
 * same bytes are stored once.
 */
export const getDiskBlobStore = (options: { dir: string }): BlobStore => {
  const pathOf = (sha256: string) => join(options.dir, sha256.slice(0, 2), sha256);
  const check = (sha256: string) => {
    if (!SHA256.test(sha256)) throw new ValidationError('A SHA-256 is 64 lowercase hex digits', { sha256 });
  };
  const readInfo = async (sha256: string): Promise<BlobInfo | undefined> => {
    try {
      return JSON.parse(await readFile(`${pathOf(sha256)}.json`, 'utf8')) as BlobInfo;
    } catch {
      return undefined;
    }
  };
  const uploaderPath = (sha256: string, uploader: string) =>
    join(`${pathOf(sha256)}.uploaders`, createHash('sha256').update(uploader).digest('hex'));
  const recordUploader = async (sha256: string, uploader: string) => {
    const path = uploaderPath(sha256, uploader);
    if (await exists(path)) return;
    await mkdir(dirname(path), { recursive: true });
    await writeDurably(path, '');
    await syncFolder(dirname(path));
  };
  return {
    async put(bytes, meta) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const existing = await readInfo(sha256);
      if (existing) {
        await recordUploader(sha256, meta.uploader);
        return existing;
      }
      const info: BlobInfo = {
        sha256,
        size: bytes.length,
        contentType: meta.contentType,
        uploadedAt: meta.now,
        uploadedBy: meta.uploadedBy,
      };
      const path = pathOf(sha256);
      await mkdir(dirname(path), { recursive: true });
      await writeDurably(path, bytes);
      await recordUploader(sha256, meta.uploader);
      await writeDurably(`${path}.json`, JSON.stringify(info));
      await syncFolder(dirname(path));
      return info;
    },
    async uploadedBy(sha256, uploader) {
      check(sha256);
      return (await readInfo(sha256)) !== undefined && exists(uploaderPath(sha256, uploader));
    },
    async get(sha256) {
      check(sha256);
      const info = await readInfo(sha256);
      if (!info) return undefined;
      let bytes: Buffer;
      try {
        bytes = await readFile(pathOf(sha256));
      } catch {
        return undefined;
      }
      return { info, bytes, actualSha256: createHash('sha256').update(bytes).digest('hex') };
    },
    info: async (sha256) => {
      check(sha256);
      return readInfo(sha256);
    },
    close: () => Promise.resolve(),
  };
};

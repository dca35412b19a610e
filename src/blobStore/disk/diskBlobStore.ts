import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ValidationError } from '../../core/errors.js';
import { SHA256, type BlobInfo, type BlobStore } from '../blobStore.js';

/**
 * Blobs on local disk: `<dir>/<aa>/<sha256>` with `<sha256>.json` beside it. Written to a temporary
 * name and renamed, so a reader never sees half a file; the name is the hash, so the same bytes are
 * stored once.
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
  return {
    async put(bytes, meta) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const existing = await readInfo(sha256);
      if (existing) return existing;
      const info: BlobInfo = {
        sha256,
        size: bytes.length,
        contentType: meta.contentType,
        uploadedAt: meta.now,
        uploadedBy: meta.uploadedBy,
      };
      await mkdir(join(options.dir, sha256.slice(0, 2)), { recursive: true });
      const temporary = `${pathOf(sha256)}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes, { flag: 'wx' });
      await rename(temporary, pathOf(sha256));
      await writeFile(`${pathOf(sha256)}.json`, JSON.stringify(info));
      return info;
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
  };
};

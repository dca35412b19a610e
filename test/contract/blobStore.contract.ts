import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/blobStore/blobStore.js';

export interface BlobStoreFactory {
  readonly name: string;
  create(): Promise<BlobStore>;
  /** Changes the stored bytes of a file behind the store's back (what a tampering operator would do). */
  tamper?(sha256: string, bytes: Buffer): Promise<void>;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const meta = (uploader: string) => ({
  contentType: 'text/plain',
  uploadedBy: `user-${uploader}`,
  uploader,
  now: '2026-03-06T10:00:00.000Z',
});

/** The blob store port's contract: one suite for every adapter (disk, GridFS). */
export const blobStoreContract = (factory: BlobStoreFactory): void => {
  describe(`blob store contract: ${factory.name}`, () => {
    // Every store a test opens is closed after it (a GridFS store holds a connection).
    const opened: BlobStore[] = [];
    const open = async () => {
      const store = await factory.create();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('stores a file under its SHA-256, once: the first upload’s record stands', async () => {
      const blobs = await open();
      const text = `Chat export ${Math.random()}`;
      const first = await blobs.put(Buffer.from(text), meta('CREATOR/c1'));
      expect(first).toMatchObject({ sha256: sha(text), size: text.length, contentType: 'text/plain' });
      expect(await blobs.put(Buffer.from(text), meta('SELLER/s1'))).toEqual(first);
      expect(await blobs.info(sha(text))).toEqual(first);
      const stored = await blobs.get(sha(text));
      expect(stored?.bytes.toString()).toBe(text);
      expect(stored?.actualSha256).toBe(sha(text));
    });

    it('records every uploader of the same bytes, and nobody else', async () => {
      const blobs = await open();
      const text = `Screenshot ${Math.random()}`;
      await blobs.put(Buffer.from(text), meta('CREATOR/c1'));
      await blobs.put(Buffer.from(text), meta('SELLER/s1'));
      expect(await blobs.uploadedBy(sha(text), 'CREATOR/c1')).toBe(true);
      expect(await blobs.uploadedBy(sha(text), 'SELLER/s1')).toBe(true);
      expect(await blobs.uploadedBy(sha(text), 'SELLER/s2')).toBe(false);
      expect(await blobs.uploadedBy(sha('never uploaded'), 'SELLER/s1')).toBe(false);
    });

    it('answers nothing for an unknown hash and refuses a malformed one', async () => {
      const blobs = await open();
      expect(await blobs.get('f'.repeat(64))).toBeUndefined();
      expect(await blobs.info('f'.repeat(64))).toBeUndefined();
      await expect(blobs.get('not-a-hash')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(blobs.uploadedBy('not-a-hash', 'SELLER/s1')).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
      });
    });

    if (factory.tamper) {
      it('reports a file changed behind its back by the hash of what it now holds', async () => {
        const blobs = await open();
        const text = `Metrics report ${Math.random()}`;
        await blobs.put(Buffer.from(text), meta('SELLER/s1'));
        await factory.tamper!(sha(text), Buffer.from('Metrics report, edited'));
        const changed = await blobs.get(sha(text));
        expect(changed?.info.sha256).toBe(sha(text));
        expect(changed?.actualSha256).toBe(sha('Metrics report, edited'));
      });
    }
  });
};

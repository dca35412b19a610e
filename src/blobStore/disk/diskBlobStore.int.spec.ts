import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDiskBlobStore } from './diskBlobStore.js';

const dir = mkdtempSync(join(tmpdir(), 'ledger-blobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const meta = (uploadedBy: string) => ({
  contentType: 'text/plain',
  uploadedBy,
  uploader: `CREATOR/${uploadedBy}`,
  now: '2026-03-06T10:00:00.000Z',
});

/** What only the disk adapter does; the port's behaviour is test/contract/blobStore.contract.ts. */
describe('disk blob store', () => {
  const blobs = getDiskBlobStore({ dir });

  it('stores a file under its SHA-256, once, leaving no temporary file behind', async () => {
    const text = 'Chat export of 6 March';
    const first = await blobs.put(Buffer.from(text), meta('c1'));
    expect(first).toMatchObject({ sha256: sha(text), size: text.length, uploadedBy: 'c1' });
    // The same bytes again: the first upload's record stands.
    expect(await blobs.put(Buffer.from(text), meta('s1'))).toEqual(first);
    const stored = await blobs.get(sha(text));
    expect(stored?.bytes.toString()).toBe(text);
    expect(stored?.actualSha256).toBe(sha(text));
    expect(readdirSync(join(dir, sha(text).slice(0, 2)))).toEqual([
      sha(text),
      `${sha(text)}.json`,
      `${sha(text)}.uploaders`,
    ]);
    expect(readdirSync(join(dir, sha(text).slice(0, 2), `${sha(text)}.uploaders`))).toHaveLength(2);
  });

  it('reports a file changed on disk by the hash of what it now holds', async () => {
    const text = 'Screenshot of the brief';
    await blobs.put(Buffer.from(text), meta('s1'));
    writeFileSync(join(dir, sha(text).slice(0, 2), sha(text)), 'Screenshot of another brief');
    const changed = await blobs.get(sha(text));
    expect(changed?.actualSha256).toBe(sha('Screenshot of another brief'));
  });

  it('stores the file again when only its bytes were left (an upload cut short before its record)', async () => {
    const text = 'Metrics report';
    await blobs.put(Buffer.from(text), meta('c1'));
    unlinkSync(join(dir, sha(text).slice(0, 2), `${sha(text)}.json`));
    expect(await blobs.info(sha(text))).toBeUndefined();
    expect(await blobs.put(Buffer.from(text), meta('c1'))).toMatchObject({ sha256: sha(text) });
    expect((await blobs.get(sha(text)))?.bytes.toString()).toBe(text);
  });

  it('answers nothing for an unknown hash and refuses a malformed one', async () => {
    expect(await blobs.get('f'.repeat(64))).toBeUndefined();
    await expect(blobs.get('not-a-hash')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

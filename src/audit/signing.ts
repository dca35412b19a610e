import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../core/hash.js';

/**
 * The service's signature on an audit export. A hash chain alone proves only that a file is
 * consistent with itself: whoever edits an event can compute every later hash again. The signature,
 * by a key only the service holds, ties the whole file to the service; `keyId` is what an auditor
 * compares with the fingerprint the operator publishes (`npm run audit:key`).
 */
export interface ExportSignature {
  readonly alg: 'Ed25519';
  /** SHA-256 (hex) of the public key in DER (SPKI): its fingerprint. */
  readonly keyId: string;
  /** The public key, PEM (SPKI), so the file can be checked offline. */
  readonly publicKey: string;
  /** Base64 Ed25519 signature over the RFC 8785 canonical JSON of the file without `signature`. */
  readonly value: string;
}

export type SignatureCheck =
  | { readonly status: 'absent' }
  | { readonly status: 'valid'; readonly keyId: string }
  | { readonly status: 'invalid'; readonly reason: string };

export const keyIdOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

const signedBytes = (file: object): Buffer => {
  const { signature: _, ...unsigned } = file as { signature?: unknown };
  return Buffer.from(canonicalJson(unsigned));
};

/** What the service publishes of its key, so auditors can pass `--key-id` (GET /audit/signing-key). */
export const publishedKey = (privateKey: KeyObject) => {
  const publicKey = createPublicKey(privateKey);
  return {
    alg: 'Ed25519' as const,
    keyId: keyIdOf(publicKey),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};

/** Signs a file as it will be written (JSON: what is undefined is left out). */
export const signFile = (file: object, privateKey: KeyObject): ExportSignature => {
  const written = JSON.parse(JSON.stringify(file)) as object;
  return {
    ...publishedKey(privateKey),
    value: sign(null, signedBytes(written), privateKey).toString('base64'),
  };
};

/** Checks a file's signature against the public key it carries (and that key's fingerprint). */
export const checkSignature = (file: { readonly signature?: ExportSignature }): SignatureCheck => {
  const { signature } = file;
  if (!signature) return { status: 'absent' };
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(signature.publicKey);
  } catch {
    return { status: 'invalid', reason: 'its public key cannot be read' };
  }
  if (publicKey.asymmetricKeyType !== 'ed25519' || signature.alg !== 'Ed25519') {
    return { status: 'invalid', reason: 'it is not an Ed25519 signature' };
  }
  if (keyIdOf(publicKey) !== signature.keyId) {
    return { status: 'invalid', reason: 'its keyId is not the fingerprint of its public key' };
  }
  const ok = verify(null, signedBytes(file), publicKey, Buffer.from(signature.value, 'base64'));
  return ok
    ? { status: 'valid', keyId: signature.keyId }
    : { status: 'invalid', reason: 'the file was changed after it was signed' };
};

/**
 * The service's export signing key (Ed25519, PKCS#8 PEM) from `file`, made there on first use
 * (readable by its owner only), so every export of one service is signed by the same key.
 */
export const loadSigningKey = (file: string): KeyObject => {
  try {
    return createPrivateKey(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    // Synced before use: exports signed with a key lost in a crash would name a fingerprint no more.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // Another process made it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return createPrivateKey(readFileSync(file, 'utf8'));
};

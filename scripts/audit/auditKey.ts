/**
 * npm run audit:key
 * Prints the fingerprint and public key of the service's audit export signing key
 * (LEDGER_AUDIT_SIGNING_KEY_FILE, made on first use): what an operator publishes, so an auditor can
 * check an export with `npm run audit:verify -- <file> --key-id <fingerprint>`.
 */
import { createPublicKey } from 'node:crypto';
import { loadConfig } from '../../src/app/config.js';
import { keyIdOf, loadSigningKey } from '../../src/audit/signing.js';

const config = loadConfig();
const publicKey = createPublicKey(loadSigningKey(config.auditSigningKeyFile));
console.log(`Audit export signing key: ${config.auditSigningKeyFile}`);
console.log(`Fingerprint (keyId): ${keyIdOf(publicKey)}`);
process.stdout.write(publicKey.export({ type: 'spki', format: 'pem' }).toString());

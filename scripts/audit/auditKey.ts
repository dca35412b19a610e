/**
 * npm run audit:key
 * Prints the fingerprint and public key of the service's audit export signing key
 * (LEDGER_AUDIT_SIGNING_KEY_FILE, made on first use): what an operator publishes (the running service
 * serves it at GET /audit/signing-key), so an auditor can check an export with
 * `npm run audit:verify -- <file> --key-id <fingerprint>`.
 */
import { loadConfig } from '../../src/app/config.js';
import { loadSigningKey, publishedKey } from '../../src/audit/signing.js';

const config = loadConfig();
const key = publishedKey(loadSigningKey(config.auditSigningKeyFile));
console.log(`Audit export signing key: ${config.auditSigningKeyFile}`);
console.log(`Fingerprint (keyId): ${key.keyId}`);
process.stdout.write(key.publicKey);

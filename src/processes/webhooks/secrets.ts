import { createHmac } from 'node:crypto';
import type { WebhookEndpointDoc } from '../../../projections/webhookEndpoints/webhookEndpoints.projection.js';

/**
 * Signing secrets and signatures of the Standard Webhooks specification (standardwebhooks.com:
 * `whsec_` + base64 of the key; `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
 * several separated by spaces).
 *
 * A secret is never stored, least of all in the log, which is immutable and exported: it is derived
 * from the service's secret (the one keyed ids are derived under: LEDGER_ID_SECRET, else the audit
 * signing key), the endpoint and the secret's generation, which rotation raises. Whoever holds the
 * service's secret can derive every endpoint's; nobody else, and nothing written anywhere, can.
 */

const PREFIX = 'whsec_';

/** The endpoint's signing secret of one generation, as its owner is shown it (once). */
export const signingSecret = (serviceSecret: Buffer, endpointId: string, generation: number): string =>
  PREFIX +
  createHmac('sha256', serviceSecret)
    .update(`creator-ledger/webhook-signing-secret\u0000${endpointId}\u0000${generation}`)
    .digest('base64');

/**
 * The secrets that sign a delivery at `now`: the current generation's and, for a day after a
 * rotation, the previous one's (DOMAIN.md § Webhooks), so a receiver that has not switched yet still
 * verifies.
 */
export const signingSecrets = (
  serviceSecret: Buffer,
  endpoint: Pick<WebhookEndpointDoc, 'endpointId' | 'generation' | 'previousValidUntil'>,
  now: string,
): string[] => {
  const secrets = [signingSecret(serviceSecret, endpoint.endpointId, endpoint.generation)];
  if (
    endpoint.generation > 1 &&
    endpoint.previousValidUntil &&
    Date.parse(now) < Date.parse(endpoint.previousValidUntil)
  ) {
    secrets.push(signingSecret(serviceSecret, endpoint.endpointId, endpoint.generation - 1));
  }
  return secrets;
};

/** The `webhook-signature` header: one `v1,` signature per secret. */
export const signatureHeader = (
  secrets: readonly string[],
  messageId: string,
  timestampSeconds: number,
  body: string,
): string =>
  secrets
    .map(
      (secret) =>
        `v1,${createHmac('sha256', Buffer.from(secret.slice(PREFIX.length), 'base64'))
          .update(`${messageId}.${timestampSeconds}.${body}`)
          .digest('base64')}`,
    )
    .join(' ');

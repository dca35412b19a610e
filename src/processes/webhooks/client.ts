import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { DomainError } from '../../core/errors.js';
import { allowedAddresses, type Resolve, type UrlPolicy } from './addresses.js';

/** Why an attempt failed: an answer other than 2xx (its status beside), or no answer. */
export const ATTEMPT_ERRORS = [
  'HTTP_STATUS',
  'TIMEOUT',
  'ADDRESS_FORBIDDEN',
  'DNS_FAILED',
  'CONNECTION_FAILED',
] as const;
export type AttemptError = (typeof ATTEMPT_ERRORS)[number];

/** What one attempt to deliver met. */
export interface AttemptOutcome {
  readonly ok: boolean;
  /** The receiver's HTTP status, when it answered. */
  readonly status: number | null;
  /** Why it failed (null: delivered). */
  readonly error: AttemptError | null;
  readonly latencyMs: number;
  /** The first bytes of the receiver's answer (at most {@link MAX_RESPONSE_BYTES}). */
  readonly response: string;
}

export interface DeliveryRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Aborts the attempt (the notifier lost its lease). */
  readonly signal?: AbortSignal;
}

export interface WebhookClientOptions {
  readonly policy: UrlPolicy;
  readonly resolve: Resolve;
  /** The whole attempt, connection to last byte read. Default 10 s. */
  readonly timeoutMs?: number;
}

/** What is read of an answer: a receiver's body is a courtesy, not something to store whole. */
export const MAX_RESPONSE_BYTES = 4096;

/**
 * POSTs deliveries (DOMAIN.md § Webhooks, safety) over Node's own HTTP client: connections kept
 * alive per host, each made to an address checked by the lookup below — so the address connected to
 * is the address checked, whatever the name resolves to next; redirects are not followed (Node's
 * client never does: a 3xx is an answer, and not a 2xx); the whole attempt is bounded by a timeout;
 * no more than {@link MAX_RESPONSE_BYTES} of an answer are read.
 */
export const createWebhookClient = (options: WebhookClientOptions) => {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 16 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 16 }),
  };

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    allowedAddresses(hostname, options.policy, options.resolve).then(
      (addresses) => {
        const family = lookupOptions.family;
        const fitting =
          family === 4 || family === 6 ? addresses.filter((a) => a.family === family) : addresses;
        if (lookupOptions.all) (callback as (e: null, a: typeof addresses) => void)(null, fitting);
        else if (fitting[0]) callback(null, fitting[0].address, fitting[0].family);
        else
          callback(
            Object.assign(new Error(`No IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };

  const deliver = async (request: DeliveryRequest): Promise<AttemptOutcome> => {
    const started = performance.now();
    const done = (outcome: Omit<AttemptOutcome, 'latencyMs'>): AttemptOutcome => ({
      ...outcome,
      latencyMs: Math.round((performance.now() - started) * 10) / 10,
    });
    const url = new URL(request.url);
    try {
      // An address in the URL itself is never looked up: checked here.
      await allowedAddresses(url.hostname, options.policy, options.resolve);
    } catch (error) {
      return done(failure(error));
    }
    const signal = request.signal
      ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    return new Promise<AttemptOutcome>((resolve) => {
      const transport = url.protocol === 'https:' ? https : http;
      const req = transport.request(url, {
        method: 'POST',
        agent: agents[url.protocol as 'http:' | 'https:'],
        lookup,
        signal,
        headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
      });
      req.on('error', (error) => resolve(done(failure(signal.aborted ? signal.reason : error))));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          resolve(
            done({
              ok,
              status,
              error: ok ? null : 'HTTP_STATUS',
              response: Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8'),
            }),
          );
        };
        res.on('data', (chunk: Buffer) => {
          if (size >= MAX_RESPONSE_BYTES) return;
          chunks.push(chunk);
          size += chunk.length;
          // Enough read: the rest of a large answer is not waited for (nor is the socket kept).
          if (size >= MAX_RESPONSE_BYTES) {
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        res.on('error', () => finish());
      });
      req.end(request.body);
    });
  };

  return {
    deliver,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
};

export type WebhookClient = ReturnType<typeof createWebhookClient>;

const failure = (error: unknown): Omit<AttemptOutcome, 'latencyMs'> => {
  const code: AttemptError =
    error instanceof DomainError
      ? error.code === 'WEBHOOK_URL_FORBIDDEN'
        ? 'ADDRESS_FORBIDDEN'
        : 'DNS_FAILED'
      : error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
        ? 'TIMEOUT'
        : ['ENOTFOUND', 'EAI_AGAIN'].includes((error as NodeJS.ErrnoException)?.code ?? '')
          ? 'DNS_FAILED'
          : 'CONNECTION_FAILED';
  return {
    ok: false,
    status: null,
    error: code,
    response: error instanceof Error ? error.message.slice(0, 500) : '',
  };
};

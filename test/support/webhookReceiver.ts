import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** A delivery as a receiver got it: what was sent, and whether the specification's library verified it. */
export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly payload: {
    type: string;
    timestamp: string;
    data: {
      eventId: string;
      position: string;
      collaborationId: string;
      revision: number;
      redacted: boolean;
      event: Record<string, unknown>;
      revealedRatings?: Record<string, unknown>[];
    };
  };
  /** Verified with the secret the receiver was given (standardwebhooks), when it was given one. */
  readonly verified: boolean;
}

/**
 * A webhook receiver as an owner's system would run one: a real HTTP server on 127.0.0.1 that
 * verifies each delivery with the Standard Webhooks library (`standardwebhooks`, the
 * specification's own) and answers as told — 204, an error status, or not at all (closed).
 */
export const startReceiver = async (options: { port?: number; delayMs?: number } = {}) => {
  const received: Received[] = [];
  const secrets: string[] = [];
  let status = 204;
  let server: Server | undefined;
  let port = options.port ?? 0;

  const listen = async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = request.headers;
        const verified = secrets.some((secret) => {
          try {
            new Webhook(secret).verify(body, headers as Record<string, string>);
            return true;
          } catch {
            return false;
          }
        });
        if (status >= 200 && status < 300) {
          received.push({ headers, body, payload: JSON.parse(body) as Received['payload'], verified });
        }
        response.statusCode = status;
        response.end(status >= 300 ? 'not now' : '');
      });
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  await listen();

  return {
    received,
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}/hooks`;
    },
    /** Verifies deliveries with this secret (as well as those given before). */
    trust(secret: string) {
      secrets.push(secret);
    },
    /** Answers every delivery with this status from now on (it keeps only those it accepts). */
    answer(next: number) {
      status = next;
    },
    /** Down: the port refuses connections. */
    async down() {
      const closing = server!;
      server = undefined;
      closing.closeAllConnections();
      await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    /** Up again on the same port. */
    up: listen,
    async close() {
      if (server) await this.down();
    },
  };
};

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

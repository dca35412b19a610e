import pg from 'pg';
import { backoffMs } from './transient.js';

/**
 * The channel the log's commits are announced on (`NOTIFY`, sent with the commit, so a listener hears
 * only of what is there to read), the payload being the position of the commit's last event. Any
 * process may `LISTEN` to it to learn that the log moved, without polling: the store's own
 * subscriptions do, and so can whatever waits for positions (checkpoint watchers).
 */
export const LOG_CHANNEL = 'ledger_log';

export interface LogListenerOptions {
  readonly url: string;
  readonly applicationName: string;
  /** A commit was announced, or announcements may have been missed (the connection was lost and is back). */
  readonly onWake: () => void;
  readonly onError?: (error: unknown) => void;
}

/**
 * One connection that listens on {@link LOG_CHANNEL}, opened on first use. When it is lost (the
 * server restarted, the network broke), it is opened again with a growing pause, and once listening
 * again it wakes everyone: what was announced meanwhile was not heard, so every waiter reads again
 * from its own position, and nothing is missed. {@link listening} says whether announcements can be
 * relied on now; waiters poll while they cannot.
 */
export class LogListener {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private closed = false;
  listening = false;

  constructor(private readonly options: LogListenerOptions) {}

  /** Starts listening, if not already. */
  start(): void {
    if (this.closed || this.client || this.connecting || this.retry) return;
    this.connecting = this.connect().finally(() => (this.connecting = undefined));
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: 10_000,
      // A connection dropped without a reset (a network partition) is found in seconds, not hours.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on('notification', (message) => {
      if (message.channel === LOG_CHANNEL) this.options.onWake();
    });
    // A connection lost after it was made: `error` (then `end`), or `end` alone.
    const lost = (error?: unknown) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = false;
      if (error) this.options.onError?.(error);
      client.end().catch(() => undefined);
      // Waiters fall back to polling at once, rather than waiting for an announcement that will not come.
      this.options.onWake();
      this.scheduleRetry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${LOG_CHANNEL}`);
    } catch (error) {
      this.options.onError?.(error);
      await client.end().catch(() => undefined);
      this.scheduleRetry();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.listening = true;
    // Anything committed before the LISTEN took effect was not announced to us: read again.
    this.options.onWake();
  }

  private scheduleRetry(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.start();
    }, backoffMs(this.failures++));
    this.retry.unref();
  }
}

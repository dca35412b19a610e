import pg from 'pg';

/**
 * The channel the read store notifies on, in the transaction of each change (PostgreSQL delivers a
 * NOTIFY when, and only if, its transaction commits): `checkpoint:<projection>` when a checkpoint
 * moved, `versions` when versions were prepared, switched or dropped.
 */
export const CHANNEL = 'ledger_read_store';

export const checkpointMoved = (projection: string): string => `checkpoint:${projection}`;
export const VERSIONS_CHANGED = 'versions';
/** What listeners hear when the connection was lost or made again: anything may have moved meanwhile. */
export const HEARING_CHANGED = '';

/**
 * One connection per process listening on {@link CHANNEL}, opened when first asked for, and opened
 * again whenever it is lost (the server restarted, the network broke), waiting longer after each
 * failure, up to 5 s. Listeners are told each notification, and told (with
 * {@link HEARING_CHANGED}) when hearing stopped or started again: notifications sent meanwhile are
 * lost, so they look for themselves. While it does not hear, those who rely on it poll.
 */
export class StoreNotifications {
  private client: pg.Client | undefined;
  private readonly listeners = new Set<(payload: string) => void>();
  private connected = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
  ) {}

  /** Whether notifications are heard now. */
  get listening(): boolean {
    return this.connected;
  }

  /** Tells `listener` every notification from now on (and opens the connection if need be). */
  subscribe(listener: (payload: string) => void): () => void {
    this.listeners.add(listener);
    if (!this.client && !this.retry && !this.closed) void this.connect();
    return () => {
      this.listeners.delete(listener);
    };
  }

  private emit(payload: string): void {
    for (const listener of [...this.listeners]) listener(payload);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: this.applicationName,
      // A connection that went silent (a broken network, no reset) is found out within a minute or so.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    this.client = client;
    client.on('notification', (message) => this.emit(message.payload ?? HEARING_CHANGED));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.client !== client) return;
    this.connected = true;
    this.failures = 0;
    this.emit(HEARING_CHANGED);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    const wasConnected = this.connected;
    this.connected = false;
    client.end().catch(() => undefined);
    if (wasConnected) this.emit(HEARING_CHANGED);
    if (this.closed) return;
    const delay = Math.min(5_000, 100 * 2 ** this.failures++);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (!this.closed) void this.connect();
    }, delay);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    const client = this.client;
    this.client = undefined;
    this.connected = false;
    this.listeners.clear();
    await client?.end().catch(() => undefined);
  }
}

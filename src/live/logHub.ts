import type { RecordedEvent } from '../core/event.js';
import type { EventStore, Subscription } from '../eventStore/eventStore.js';
import { resubscribing } from '../eventStore/resubscribing.js';
import { SharedViews, type LogListener } from './sharedViews.js';

/**
 * One catch-up subscription to the log's collaboration streams for the whole server, fanned out to
 * every GraphQL subscription that listens: a thousand subscribers cost one read of each batch, not
 * a thousand. Being fed from the log (not from in-process calls), it sees changes made through any
 * instance or process (ARCHITECTURE.md § Subscriptions).
 */
export class LogHub {
  private readonly byStream = new Map<string, Set<LogListener>>();
  private readonly everything = new Set<LogListener>();
  private subscription: Subscription | undefined;
  private running: Promise<void> | undefined;
  /** How far the hub has delivered. */
  position = 0n;
  /** The subscriptions' live views of the streams they follow, one per stream and document. */
  readonly views = new SharedViews({
    listenStream: (streamId, listener) => this.listenStream(streamId, listener),
    listenAll: (listener) => this.listenAll(listener),
    readStream: (streamId, toRevision) =>
      this.eventStore.readStream(streamId, toRevision === undefined ? {} : { toRevision }),
    onError: (error) => this.onError(error),
  });

  constructor(
    private readonly eventStore: EventStore,
    private readonly prefix: string,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get listeners(): number {
    let n = this.everything.size;
    for (const set of this.byStream.values()) n += set.size;
    return n;
  }

  /** Subscriptions fed by the hub: its listeners, a shared view counting for each that follows it. */
  get subscriptions(): number {
    return this.listeners - this.views.listening + this.views.followers;
  }

  async start(): Promise<void> {
    this.position = await this.eventStore.headPosition();
    this.subscription = resubscribing(this.eventStore, {
      fromPosition: this.position,
      filter: { streamPrefixes: [this.prefix] },
      onError: this.onError,
    });
    this.running = (async () => {
      for await (const batch of this.subscription!) {
        this.dispatch(batch.events);
        this.position = batch.position;
      }
    })().catch(this.onError);
  }

  /** Listens to one stream's events; returns how to stop. */
  listenStream(streamId: string, listener: LogListener): () => void {
    const set = this.byStream.get(streamId) ?? new Set();
    set.add(listener);
    this.byStream.set(streamId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byStream.delete(streamId);
    };
  }

  /** Listens to every event under the hub's prefix. */
  listenAll(listener: LogListener): () => void {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  private dispatch(events: readonly RecordedEvent[]): void {
    if (events.length === 0) return;
    const byStream = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      if (!this.byStream.has(event.streamId)) continue;
      byStream.set(event.streamId, [...(byStream.get(event.streamId) ?? []), event]);
    }
    for (const [streamId, streamEvents] of byStream) {
      for (const listener of [...(this.byStream.get(streamId) ?? [])]) this.safely(listener, streamEvents);
    }
    for (const listener of [...this.everything]) this.safely(listener, events);
  }

  private safely(listener: LogListener, events: readonly RecordedEvent[]): void {
    try {
      listener(events);
    } catch (error) {
      this.onError(error);
    }
  }

  async stop(): Promise<void> {
    await this.subscription?.close();
    await this.running;
  }
}

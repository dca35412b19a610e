import { LRUCache } from 'lru-cache';
import type { RecordedEvent } from '../core/event.js';
import type { Doc } from '../readStore/readStore.js';
import type { DocKey, Projection } from '../projectionRunner/projection.js';
import { createMemoryProjection } from '../projectionRunner/replay.js';

/** One event of a followed stream, with the document before and after it. */
export interface ViewStep<D> {
  readonly event: RecordedEvent;
  readonly before: D | undefined;
  readonly after: D | undefined;
}

/** What a follower gets from the view: each step in order, or the failure that ended the view. */
export type ViewListener<D> = (step: ViewStep<D> | { readonly failed: unknown }) => void;

export interface Followed<D> {
  /** The document as of the last event applied when following began (undefined: it does not exist). */
  readonly current: D | undefined;
  /** Stops following; the view goes once nobody follows it. */
  stop(): void;
}

/** Receives the events of each batch the hub reads that concern it, in log order. */
export type LogListener = (events: readonly RecordedEvent[]) => void;

interface Sources {
  listenStream(streamId: string, listener: LogListener): () => void;
  listenAll(listener: LogListener): () => void;
  /** The stream's events, up to a revision when one is given. */
  readStream(streamId: string, toRevision?: bigint): Promise<readonly RecordedEvent[]>;
  /** A view that could not go on (its followers are told as well). */
  onError?(error: unknown): void;
}

/** Streams whose views the followers of every stream keep at once (the others are read again). */
export const ALL_STREAMS_VIEWS = 2_000;

/**
 * The live views of one process's subscriptions, one per stream and document followed, shared by
 * every subscription that follows it: a stream is read and each of its events applied once, however
 * many subscribers follow it (a thousand subscribers of one collaboration read it once, not a
 * thousand times). Each view is evolved by the
 * same pure projection that builds the read model, so a step is exact for its event; documents are
 * never changed in place, so the `before` of a step stays as it was. What a subscriber may see of
 * a step is decided by that subscriber (sources.ts), not here.
 */
export class SharedViews {
  private readonly views = new Map<string, SharedView>();
  private readonly all = new Map<string, AllStreamsView>();

  constructor(private readonly sources: Sources) {}

  /** Views held (for tests and metrics). */
  get size(): number {
    return this.views.size;
  }

  /** Subscriptions following them, joined or joining. */
  get followers(): number {
    let n = 0;
    for (const view of this.views.values()) n += view.refs;
    for (const all of this.all.values()) n += all.followers;
    return n;
  }

  /** Listeners these views hold at the hub. */
  get listening(): number {
    return this.views.size + this.all.size;
  }

  /**
   * Follows every stream under the hub's prefix through `projection`, from the next event on: each
   * event comes with the document `keyOf` names before and after it. One view per stream, shared
   * by every follower; the {@link ALL_STREAMS_VIEWS} used last are kept, and a stream met again
   * after its view went is read again up to the event (so an auditor, who meets every
   * collaboration, does not hold them all). The view is
   * the projection's, whoever follows it: its followers name their documents alike (`keyOf`).
   */
  followAll<D extends Doc>(
    projection: Projection,
    keyOf: (event: RecordedEvent) => DocKey,
    listener: ViewListener<D>,
  ): { stop(): void } {
    let all = this.all.get(projection.name);
    if (!all) {
      const created = new AllStreamsView(this.sources, projection, keyOf, () => {
        if (this.all.get(projection.name) === created) this.all.delete(projection.name);
      });
      this.all.set(projection.name, created);
      all = created;
    }
    const joined = all;
    joined.join(listener as ViewListener<unknown>);
    let stopped = false;
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        joined.leave(listener as ViewListener<unknown>);
      },
    };
  }

  /**
   * Follows `key` through `projection` over the events of `streamId`: answers the document as of
   * the last event the view has applied; `listener` gets every later event, in order, once each.
   */
  async follow<D extends Doc>(
    projection: Projection,
    streamId: string,
    key: DocKey,
    listener: ViewListener<D>,
  ): Promise<Followed<D>> {
    const name = `${projection.name}\u0000${streamId}\u0000${key.collection.name}\u0000${key.id}`;
    let view = this.views.get(name);
    if (!view) {
      view = new SharedView(this.sources, projection, streamId, key, () => {
        if (this.views.get(name) === view) this.views.delete(name);
      });
      this.views.set(name, view);
    }
    // Counted at once, not once joined: the view cannot go while a follower waits to join it.
    view.refs++;
    const joined = view;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      joined.leave(listener as ViewListener<unknown>);
    };
    try {
      const current = (await joined.join(listener as ViewListener<unknown>)) as D | undefined;
      return { current, stop };
    } catch (error) {
      stop();
      throw error;
    }
  }
}

class SharedView {
  refs = 0;
  private readonly view;
  private readonly listeners = new Set<ViewListener<unknown>>();
  private position = 0n;
  private failed: { error: unknown } | undefined;
  private chain: Promise<void>;
  private listening: (() => void) | undefined;

  constructor(
    private readonly sources: Sources,
    projection: Projection,
    streamId: string,
    private readonly key: DocKey,
    private readonly onEnd: () => void,
  ) {
    this.view = createMemoryProjection(projection);
    // Listening first, then reading: what the hub delivers meanwhile waits in the chain behind the
    // read, and what the read already held is skipped by its position. Nothing is missed.
    this.listening = sources.listenStream(streamId, (events) => this.enqueue(() => this.apply(events, true)));
    this.chain = Promise.resolve();
    this.enqueue(async () => this.apply(await sources.readStream(streamId), false));
  }

  private doc(): unknown {
    return this.view.reader.get(this.key.collection, this.key.id);
  }

  /**
   * Runs `work` after everything queued before it (once the view failed, only what must answer
   * anyway); a failure ends the view for every follower.
   */
  private enqueue(work: () => Promise<void> | void, evenIfFailed = false): void {
    this.chain = this.chain
      .then(() => (this.failed && !evenIfFailed ? undefined : work()))
      .catch((error: unknown) => {
        this.failed = { error };
        this.sources.onError?.(error);
        this.end();
        for (const listener of this.listeners) listener({ failed: error });
        this.listeners.clear();
      });
  }

  private end(): void {
    this.listening?.();
    this.listening = undefined;
    this.onEnd();
  }

  private async apply(events: readonly RecordedEvent[], live: boolean): Promise<void> {
    for (const event of events) {
      if (event.position <= this.position) continue;
      const before = this.doc();
      await this.view.apply(event);
      this.position = event.position;
      if (!live) continue;
      const step = { event, before, after: this.doc() };
      for (const listener of this.listeners) listener(step);
    }
  }

  /** Joins between two events: answers the document as of the last applied. */
  join(listener: ViewListener<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.enqueue(() => {
        if (this.failed) return reject(this.failed.error as Error);
        this.listeners.add(listener);
        resolve(this.doc());
      }, true),
    );
  }

  leave(listener: ViewListener<unknown>): void {
    this.listeners.delete(listener);
    if (--this.refs === 0) this.end();
  }
}

class AllStreamsView {
  private readonly listeners = new Set<ViewListener<unknown>>();
  private readonly views = new LRUCache<
    string,
    { readonly view: ReturnType<typeof createMemoryProjection>; position: bigint }
  >({ max: ALL_STREAMS_VIEWS });
  private chain = Promise.resolve();
  private listening: (() => void) | undefined;

  constructor(
    private readonly sources: Sources,
    private readonly projection: Projection,
    private readonly keyOf: (event: RecordedEvent) => DocKey,
    private readonly onEnd: () => void,
  ) {
    this.listening = sources.listenAll((events) => {
      this.chain = this.chain
        .then(() => this.apply(events))
        .catch((error: unknown) => {
          this.sources.onError?.(error);
          for (const listener of this.listeners) listener({ failed: error });
        });
    });
  }

  get followers(): number {
    return this.listeners.size;
  }

  private async apply(events: readonly RecordedEvent[]): Promise<void> {
    for (const event of events) {
      let step: ViewStep<unknown>;
      try {
        step = await this.step(event);
      } catch (error) {
        // This stream's view cannot go on (its history unreadable, an event that does not apply):
        // it goes, the followers are told; the other streams' views go on.
        this.views.delete(event.streamId);
        this.sources.onError?.(error);
        for (const listener of this.listeners) listener({ failed: error });
        continue;
      }
      for (const listener of this.listeners) listener(step);
    }
  }

  private async step(event: RecordedEvent): Promise<ViewStep<unknown>> {
    let held = this.views.get(event.streamId);
    if (!held) {
      // Met for the first time (or again, its view let go of): read up to just before this event.
      const view = createMemoryProjection(this.projection);
      if (event.revision > 0n) {
        for (const e of await this.sources.readStream(event.streamId, event.revision - 1n)) {
          await view.apply(e);
        }
      }
      held = { view, position: 0n };
      this.views.set(event.streamId, held);
    }
    const key = this.keyOf(event);
    const before = held.view.reader.get(key.collection, key.id);
    if (event.position > held.position) {
      await held.view.apply(event);
      held.position = event.position;
    }
    return { event, before, after: held.view.reader.get(key.collection, key.id) };
  }

  join(listener: ViewListener<unknown>): void {
    this.listeners.add(listener);
  }

  leave(listener: ViewListener<unknown>): void {
    this.listeners.delete(listener);
    if (this.listeners.size > 0) return;
    this.listening?.();
    this.listening = undefined;
    this.onEnd();
  }
}

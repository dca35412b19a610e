import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../core/event.js';
import { put, type Projection } from '../projectionRunner/projection.js';
import { collection } from '../readStore/collection.js';
import { ALL_STREAMS_VIEWS, SharedViews, type LogListener, type ViewStep } from './sharedViews.js';

interface CountDoc {
  readonly count: number;
  readonly positions: readonly number[];
}

const COUNTS = collection<CountDoc>('counts');

/** Counts a stream's events into one document, and remembers their positions. */
const counter: Projection = {
  name: 'counter',
  version: 1,
  collections: [],
  eventTypes: ['Tick'],
  touches: (event) => [{ collection: COUNTS, id: event.streamId }],
  evolve: (event, docs) => {
    const before = docs.get(COUNTS, event.streamId);
    return [
      put(COUNTS, event.streamId, {
        count: (before?.count ?? 0) + 1,
        positions: [...(before?.positions ?? []), Number(event.position)],
      }),
    ];
  },
};

const tick = (streamId: string, position: number): RecordedEvent => ({
  id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
  type: 'Tick',
  version: 1,
  data: {},
  metadata: { occurredAt: '2026-01-01T00:00:00.000Z' } as RecordedEvent['metadata'],
  streamId,
  revision: BigInt(position - 1),
  position: BigInt(position),
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '',
  hash: '',
});

/** A log of one process in miniature: a stream's history, a hub delivering what is appended. */
const fakeLog = () => {
  const history = new Map<string, RecordedEvent[]>();
  const listeners = new Map<string, Set<LogListener>>();
  const everything = new Set<LogListener>();
  let reads = 0;
  const errors: unknown[] = [];
  /** Reads wait for this when set: the log moves on while a stream is being read. */
  let gate: Promise<void> | undefined;
  return {
    get reads() {
      return reads;
    },
    errors,
    get listening() {
      return [...listeners.values()].reduce((n, set) => n + set.size, everything.size);
    },
    hold() {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = undefined;
        open();
      };
    },
    append(appended: RecordedEvent) {
      // Revisions count each stream's own events.
      const stream = history.get(appended.streamId) ?? [];
      const event = { ...appended, revision: BigInt(stream.length) };
      history.set(event.streamId, [...stream, event]);
      for (const listener of listeners.get(event.streamId) ?? []) listener([event]);
      for (const listener of everything) listener([event]);
    },
    sources: {
      onError: (error: unknown) => errors.push(error),
      listenStream: (streamId: string, listener: LogListener) => {
        const set = listeners.get(streamId) ?? new Set();
        set.add(listener);
        listeners.set(streamId, set);
        return () => set.delete(listener);
      },
      listenAll: (listener: LogListener) => {
        everything.add(listener);
        return () => everything.delete(listener);
      },
      readStream: async (streamId: string, toRevision?: bigint) => {
        reads++;
        const snapshot = (history.get(streamId) ?? []).filter(
          (e) => toRevision === undefined || e.revision <= toRevision,
        );
        await gate;
        if (streamId === 'broken') throw new Error('the log cannot be read');
        return snapshot;
      },
    },
  };
};

const key = (streamId: string) => ({ collection: COUNTS, id: streamId });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Shared live views', () => {
  it('reads a stream once for all its followers and gives each every later event, once', async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    log.append(tick('s', 1));
    log.append(tick('s', 2));
    const seen: ViewStep<CountDoc>[][] = [[], []];
    const first = await views.follow<CountDoc>(counter, 's', key('s'), (step) => {
      if (!('failed' in step)) seen[0]!.push(step);
    });
    log.append(tick('s', 3));
    await settle();
    const second = await views.follow<CountDoc>(counter, 's', key('s'), (step) => {
      if (!('failed' in step)) seen[1]!.push(step);
    });
    log.append(tick('s', 4));
    await settle();
    expect(log.reads).toBe(1);
    expect(views.size).toBe(1);
    expect(first.current).toMatchObject({ count: 2 });
    // Joined after the third event: its document has it, and only the fourth comes as a step.
    expect(second.current).toMatchObject({ count: 3 });
    expect(seen[0]!.map((s) => s.event.position)).toEqual([3n, 4n]);
    expect(seen[1]!.map((s) => s.event.position)).toEqual([4n]);
    // The document before a step is left as it was.
    expect(seen[0]![1]!.before).toMatchObject({ count: 3, positions: [1, 2, 3] });
    expect(seen[0]![1]!.after).toMatchObject({ count: 4, positions: [1, 2, 3, 4] });
    expect(seen[1]![0]).toBe(seen[0]![1]);
    first.stop();
    first.stop();
    expect(views.size).toBe(1);
    second.stop();
    // Nobody follows it: the view and its place at the hub are gone.
    expect(views.size).toBe(0);
    expect(log.listening).toBe(0);
  });

  it('misses nothing and repeats nothing that is appended while the stream is being read', async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    log.append(tick('s', 1));
    const open = log.hold();
    const steps: bigint[] = [];
    const following = views.follow<CountDoc>(counter, 's', key('s'), (step) => {
      if (!('failed' in step)) steps.push(step.event.position);
    });
    // Delivered by the hub while the read (which saw only the first event) has not answered.
    log.append(tick('s', 2));
    log.append(tick('s', 3));
    open();
    const followed = await following;
    await settle();
    log.append(tick('s', 4));
    await settle();
    // Joined once the read and what came meanwhile were applied: each event counted once.
    expect(followed.current).toMatchObject({ count: 3, positions: [1, 2, 3] });
    expect(steps).toEqual([4n]);
    followed.stop();
  });

  it('keeps a view that a follower is joining while the last one leaves', async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    log.append(tick('s', 1));
    const first = await views.follow<CountDoc>(counter, 's', key('s'), () => {});
    const open = log.hold();
    const steps: bigint[] = [];
    const joining = views.follow<CountDoc>(counter, 's', key('s'), (step) => {
      if (!('failed' in step)) steps.push(step.event.position);
    });
    first.stop();
    open();
    const second = await joining;
    log.append(tick('s', 2));
    await settle();
    expect(log.reads).toBe(1);
    expect(steps).toEqual([2n]);
    second.stop();
    expect(views.size).toBe(0);
  });

  it('fails its followers when the stream cannot be read, and reads afresh for the next', async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    await expect(views.follow(counter, 'broken', key('broken'), () => {})).rejects.toThrow(
      'the log cannot be read',
    );
    expect(views.size).toBe(0);
    expect(log.listening).toBe(0);
    await expect(views.follow(counter, 'broken', key('broken'), () => {})).rejects.toThrow();
    expect(log.reads).toBe(2);
    expect(log.errors).toHaveLength(2);
  });

  it('ends the view for every follower when an event cannot be applied', async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    const failing: Projection = {
      ...counter,
      evolve: (event, docs) => {
        if (event.position === 2n) throw new Error('cannot apply');
        return counter.evolve(event, docs);
      },
    };
    log.append(tick('s', 1));
    const failures: unknown[] = [];
    const followers = await Promise.all(
      [0, 1].map(() =>
        views.follow(failing, 's', key('s'), (step) => {
          if ('failed' in step) failures.push(step.failed);
        }),
      ),
    );
    log.append(tick('s', 2));
    await settle();
    expect(failures).toHaveLength(2);
    expect(views.size).toBe(0);
    expect(log.listening).toBe(0);
    for (const follower of followers) follower.stop();
    // A new follower starts from a new view.
    const again = await views.follow<CountDoc>(counter, 's', key('s'), () => {});
    expect(again.current).toMatchObject({ count: 2 });
    again.stop();
  });
});

describe('Shared live views of every stream', () => {
  const byStream = (event: RecordedEvent) => key(event.streamId);

  it('reads each stream met once for all followers, up to the event, and lets go of the last follower’s listener', async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    log.append(tick('a', 1));
    log.append(tick('a', 2));
    const seen: ViewStep<CountDoc>[][] = [[], []];
    const followers = seen.map((steps) =>
      views.followAll<CountDoc>(counter, byStream, (step) => {
        if (!('failed' in step)) steps.push(step);
      }),
    );
    log.append(tick('a', 3));
    log.append(tick('b', 4));
    log.append(tick('a', 5));
    await settle();
    // 'a' read once (its first two events, before the one met), 'b' never (its first event met).
    expect(log.reads).toBe(1);
    expect(seen[0]!.map((s) => [s.event.position, s.before?.count, s.after?.count])).toEqual([
      [3n, 2, 3],
      [4n, undefined, 1],
      [5n, 3, 4],
    ]);
    expect(seen[1]).toEqual(seen[0]);
    expect(views.followers).toBe(2);
    expect(log.listening).toBe(1);
    for (const follower of followers) follower.stop();
    expect(views.followers).toBe(0);
    expect(log.listening).toBe(0);
  });

  it(`keeps the views of the ${ALL_STREAMS_VIEWS} streams used last, and reads a stream met again after its view went`, async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    const steps: ViewStep<CountDoc>[] = [];
    const following = views.followAll<CountDoc>(counter, byStream, (step) => {
      if (!('failed' in step)) steps.push(step);
    });
    let position = 0;
    log.append(tick('first', ++position));
    for (let i = 0; i < ALL_STREAMS_VIEWS; i++) log.append(tick(`s-${i}`, ++position));
    log.append(tick('first', ++position));
    await settle();
    // 'first' was the one used longest ago: read again (its first event) when met again.
    expect(log.reads).toBe(1);
    expect(steps.at(-1)).toMatchObject({ before: { count: 1 }, after: { count: 2 } });
    following.stop();
  });

  it('tells its followers of a stream whose view cannot go on, and goes on with the others', async () => {
    const log = fakeLog();
    const views = new SharedViews(log.sources);
    log.append(tick('broken', 1));
    const failures: unknown[] = [];
    const positions: bigint[] = [];
    const following = views.followAll<CountDoc>(counter, byStream, (step) => {
      if ('failed' in step) failures.push(step.failed);
      else positions.push(step.event.position);
    });
    log.append(tick('broken', 2));
    log.append(tick('fine', 3));
    await settle();
    expect(failures).toHaveLength(1);
    expect(log.errors).toEqual(failures);
    expect(positions).toEqual([3n]);
    following.stop();
  });
});

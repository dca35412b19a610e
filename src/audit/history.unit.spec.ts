import { beforeAll, describe, expect, it } from 'vitest';
import { createEventCatalog } from '../contexts/catalog.js';
import { createWriteSide } from '../contexts/writeSide.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { getInMemoryEventStore } from '../eventStore/memory/inMemoryEventStore.js';
import { storedEventOf, type StoredEvent } from '../eventStore/storedEvent.js';
import { writeEveryEventType } from '../../test/support/everyEventType.js';
import { replayCollaboration, stepAsOf } from './history.js';
import { exportableTo, withheldOf, shownEvent } from './readable.js';

/** A collaboration's history replayed from a damaged log (src/audit/history.ts, readable.ts). */

const catalog = createEventCatalog();
const edited = (e: StoredEvent, part: 'dataText' | 'metadataText', edit: (text: string) => string) =>
  storedEventOf(catalog, { ...e, [part]: edit(e[part]) });

describe('a replay of a damaged log', () => {
  let store: EventStore;
  let blind: StoredEvent[];
  beforeAll(async () => {
    store = getInMemoryEventStore({ catalog });
    await writeEveryEventType(createWriteSide({ store, catalog }));
    blind = await store.readStoredStream('collaboration-k-blind');
  });
  const at = (type: string) => blind.findIndex((e) => e.type === type);

  it('replays every event of an intact log', async () => {
    const steps = await replayCollaboration(blind);
    expect(steps.map((s) => [s.replayed, s.problem])).toEqual(blind.map(() => [true, undefined]));
    expect(steps.at(-1)!.view!.status).toBe('COMPLETED');
  });

  it('lists an event that cannot be read, says why, and leaves the state as it was', async () => {
    const i = at('ContentReviewed');
    const log = [...blind];
    log[i] = edited(log[i]!, 'dataText', (t) => t.replace('"accepted":true', '"accepted":"yes"'));
    const steps = await replayCollaboration(log);
    expect(steps).toHaveLength(blind.length);
    expect(steps[i]).toMatchObject({
      replayed: false,
      event: undefined,
      problem: { code: 'DATA_SHAPE', detail: '/accepted: must be boolean' },
    });
    expect(steps[i]!.metadata).toEqual(blind[i]!.metadata);
    expect(steps[i]!.state).toBe(steps[i - 1]!.state);
    expect(steps[i]!.stored).toBe(log[i]);
  });

  it('says when only who and when cannot be read, and when nothing decodes', async () => {
    const i = at('MetricsSnapshotRecorded');
    const log = [...blind];
    log[i] = edited(log[i]!, 'metadataText', (t) => t.replace('"role"', '"rOle"'));
    log[i + 1] = edited(log[i + 1]!, 'dataText', (t) => t.slice(1));
    const steps = await replayCollaboration(log);
    expect(steps[i]).toMatchObject({
      replayed: false,
      metadata: undefined,
      problem: { code: 'METADATA_SHAPE' },
    });
    expect(steps[i + 1]).toMatchObject({ replayed: false, problem: { code: 'DATA_NOT_JSON' } });
    expect(steps[i + 1]!.metadata).toEqual(blind[i + 1]!.metadata);
  });

  it('says an event of another kind of stream, put in this one, is of no type it knows', async () => {
    const [linked] = await store.readStoredStream('creatorCollaborations-c1');
    const moved = { ...linked!, streamId: blind[0]!.streamId, revision: BigInt(blind.length) };
    const steps = await replayCollaboration([...blind, moved]);
    expect(steps.at(-1)).toMatchObject({
      replayed: false,
      problem: { code: 'UNKNOWN_TYPE', detail: 'CollaborationLinked is not an event of a collaboration' },
    });
  });

  it('answers as of a revision or an instant from the last event replayed, naming those it lacks', async () => {
    const i = at('ContentReviewed');
    const log = [...blind];
    log[i] = edited(log[i]!, 'metadataText', (t) => t.replace('"occurredAt"', '"occurredOn"'));
    const steps = await replayCollaboration(log);
    const byRevision = stepAsOf(steps, { revision: i })!;
    expect(byRevision.step.stored.revision).toBe(BigInt(i - 1));
    expect(byRevision.notReplayed.map((s) => s.stored.revision)).toEqual([BigInt(i)]);
    // Its time cannot be read: it counts where it stands, before the next event that has one.
    const next = steps[i + 1]!.metadata!.occurredAt;
    expect(stepAsOf(steps, { at: next })!.notReplayed).toHaveLength(1);
    expect(stepAsOf(steps, { at: next })!.step.stored.revision).toBe(BigInt(i + 1));
    // Nothing replayed up to the point asked: no answer.
    log[0] = edited(log[0]!, 'dataText', (t) => t.replace('"brief"', '"bRief"'));
    expect(stepAsOf(await replayCollaboration(log), { revision: 0 })).toBeUndefined();
  });

  it('withholds from a party what cannot be read, and every rating it may not read', async () => {
    const rated = at('CollaborationRated');
    const flagged = at('RatingFlagged');
    const log = [...blind];
    log[rated] = edited(log[rated]!, 'dataText', (t) => t.replace('"scores"', '"scoreS"'));
    const steps = await replayCollaboration(log);
    const creator = { everything: false, side: 'CREATOR' } as const;
    const auditor = { everything: true } as const;
    // The rating is not in the state any more; the flag of it still names it.
    const hidden = withheldOf(creator, steps);
    expect([...hidden.ratings]).toEqual(['r-blind-s']);
    expect(shownEvent(steps[rated]!, log[rated]!, creator, hidden)).toEqual({
      type: 'CollaborationRated',
      data: null,
      redacted: true,
      storedData: null,
      storedMetadata: null,
      problem: { code: 'DATA_SHAPE', detail: null },
    });
    expect(shownEvent(steps[flagged]!, log[flagged]!, creator, hidden)).toMatchObject({
      type: 'Redacted',
      data: null,
      redacted: true,
    });
    expect(shownEvent(steps[rated]!, log[rated]!, auditor, withheldOf(auditor, steps))).toMatchObject({
      type: 'CollaborationRated',
      redacted: false,
      storedData: log[rated]!.dataText,
      problem: { code: 'DATA_SHAPE', detail: expect.stringContaining('scores') },
    });
    const history = { stored: log, steps, reader: creator, withheld: hidden };
    expect(exportableTo(history)).toBe(false);
    expect(exportableTo({ ...history, reader: auditor, withheld: withheldOf(auditor, steps) })).toBe(true);
    // The seller, who wrote the rating, may read it on an intact log; not once its event cannot be read.
    const seller = { everything: false, side: 'SELLER' } as const;
    const intact = await replayCollaboration(blind);
    expect(
      exportableTo({ stored: blind, steps: intact, reader: seller, withheld: withheldOf(seller, intact) }),
    ).toBe(true);
    expect(exportableTo({ stored: log, steps, reader: seller, withheld: withheldOf(seller, steps) })).toBe(
      false,
    );
  });
});

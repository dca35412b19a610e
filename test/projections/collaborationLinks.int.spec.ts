import { describe, expect, it } from 'vitest';
import {
  collaborationLinksReactor,
  type LinkReaction,
} from '../../projections/collaborationLinks/collaborationLinks.reactor.js';
import { CREATORS, creatorsProjection } from '../../projections/creators/creators.projection.js';
import { creatorReputationAsOf } from '../../src/audit/history.js';
import { createEventCatalog } from '../../src/contexts/catalog.js';
import { creatorStreamId } from '../../src/contexts/creator/creator.decide.js';
import {
  creatorLinksStreamId,
  linkCollaboration,
  linkedCollaborations,
} from '../../src/contexts/links/collaborationLinks.js';
import { createWriteSide } from '../../src/contexts/writeSide.js';
import { getInMemoryEventStore } from '../../src/eventStore/memory/inMemoryEventStore.js';
import { createProjectionRunner } from '../../src/projectionRunner/projectionRunner.js';
import { createMemoryProjection } from '../../src/projectionRunner/replay.js';
import { getInMemoryReadStore } from '../../src/readStore/memory/inMemoryReadStore.js';
import { seedHistory } from '../../scripts/seed/history.js';

/**
 * A creator's collaborations are linked in the log (src/contexts/links), so its past reputation is
 * replayed from its own history — and equals what a scan of the whole log gives.
 */
describe("a creator's link stream", () => {
  const seeded = async () => {
    const catalog = createEventCatalog();
    const store = getInMemoryEventStore({ catalog });
    await seedHistory(
      createWriteSide({ store, catalog }),
      { creators: 12, sellers: 5, collaborations: 120 },
      { seed: 4 },
    );
    return { store, catalog };
  };

  it('names every collaboration proposed to the creator, once', async () => {
    const { store } = await seeded();
    const proposals = await store.readAll({ filter: { eventTypes: ['CollaborationProposed'] } });
    const creators = new Set(proposals.map((e) => (e.data as { creatorId: string }).creatorId));
    for (const creatorId of creators) {
      const expected = proposals
        .filter((e) => (e.data as { creatorId: string }).creatorId === creatorId)
        .map((e) => (e.data as { collaborationId: string }).collaborationId);
      expect((await linkedCollaborations(store, creatorId)).sort()).toEqual(expected.sort());
    }
  });

  it('gives the reputation as of any instant that a scan of the whole log gives', async () => {
    const { store } = await seeded();
    const all = await store.readAll();
    const byScan = async (creatorId: string, at: string) => {
      const mine = new Set(
        all
          .filter(
            (e) =>
              e.type === 'CollaborationProposed' && (e.data as { creatorId: string }).creatorId === creatorId,
          )
          .map((e) => e.streamId),
      );
      const projection = createMemoryProjection(creatorsProjection);
      for (const event of all) {
        if (
          (mine.has(event.streamId) || event.streamId === creatorStreamId(creatorId)) &&
          event.metadata.occurredAt <= at
        ) {
          await projection.apply(event);
        }
      }
      return projection.reader.get(CREATORS, creatorId);
    };
    for (const creatorId of ['c-00001', 'c-00004', 'c-00009']) {
      for (const at of ['2026-02-01T00:00:00.000Z', '2026-04-15T00:00:00.000Z', '2027-01-01T00:00:00.000Z']) {
        const linked = await creatorReputationAsOf(store, creatorId, at);
        const scanned = await byScan(creatorId, at);
        expect(linked?.reputation, `${creatorId} at ${at}`).toEqual(
          scanned?.registered ? scanned.reputation : undefined,
        );
      }
    }
  });

  it('is written for a log from before links existed, by the linker reacting from its start', async () => {
    const { store, catalog } = await seeded();
    // An older log: the same history without its link streams.
    const old = getInMemoryEventStore({ catalog });
    for (const event of await store.readAll()) {
      if (event.streamId.startsWith('creatorCollaborations-')) continue;
      await old.append(event.streamId, [event]);
    }
    expect(await old.readStream(creatorLinksStreamId('c-00001'))).toEqual([]);
    const runner = createProjectionRunner({
      eventStore: old,
      readStore: getInMemoryReadStore(),
      projections: [collaborationLinksReactor],
      react: async (reaction, event) =>
        linkCollaboration({ store: old, catalog }, reaction as LinkReaction, {
          actor: 'platform',
          role: 'PLATFORM',
          occurredAt: event.metadata.occurredAt,
        }),
    });
    await runner.start();
    await runner.waitFor(await old.headPosition(), 10_000);
    await runner.stop();
    expect((await linkedCollaborations(old, 'c-00001')).sort()).toEqual(
      (await linkedCollaborations(store, 'c-00001')).sort(),
    );
  });
});

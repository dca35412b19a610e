import { describe, expect, it } from 'vitest';
import {
  COLLABORATIONS,
  collaborationsProjection,
  type CollaborationDoc,
} from '../../../projections/collaborations/collaborations.projection.js';
import { collaborationStreamId } from '../../contexts/collaboration/collaboration.decide.js';
import { replayProjection } from '../../projectionRunner/replay.js';
import { scenario } from '../../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../../test/support/recorded.js';
import {
  briefOf,
  collaborationFromDoc,
  collaborationFromSummary,
  type CollaborationSummary,
} from './collaboration.view.js';

const seller: Parameters<typeof collaborationFromDoc>[1] = { userId: 'u-s1', role: 'SELLER', sellerId: 's1' };

const proposal = async (): Promise<CollaborationDoc> => {
  const log = new LogBuilder().addAll(collaborationStreamId('k1'), scenario().proposed().events);
  const docs = await replayProjection(collaborationsProjection, log.events);
  return docs.get(COLLABORATIONS, 'k1')!;
};

/** What the read model's indexes hold of it, as a directory page reads them. */
const summaryOf = (doc: CollaborationDoc): CollaborationSummary => {
  const { id, status, sellerId, creatorId, updatedAt, proposedAt } = collaborationFromDoc(doc, seller);
  return { id, status, sellerId, creatorId, updatedAt, proposedAt };
};

describe('a collaboration from its summary (a directory page)', () => {
  it('loads its document only when a field beyond the summary is asked, once for all of them', async () => {
    const doc = await proposal();
    let loads = 0;
    const collaboration = collaborationFromSummary(summaryOf(doc), seller, async () => {
      loads++;
      return doc;
    });
    expect([collaboration.id, collaboration.status, collaboration.sellerId]).toEqual([
      'k1',
      'PROPOSED',
      's1',
    ]);
    expect(loads).toBe(0);

    const { source } = collaboration;
    const [brief, revision, milestones] = await Promise.all([
      source.read(briefOf),
      source.read((d) => d.revision),
      source.readView((view) => view.milestones.length),
    ]);
    expect([brief.title, revision, milestones]).toEqual([doc.state.brief!.title, doc.revision, 2]);
    expect(await source.ratings()).toEqual([]);
    expect(loads).toBe(1);
  });

  it('refuses its other fields once the document has left the read model', async () => {
    const collaboration = collaborationFromSummary(
      summaryOf(await proposal()),
      seller,
      async () => undefined,
    );
    await expect(collaboration.source.read((d) => d.revision)).rejects.toThrow(
      'Collaboration k1 is no longer in the read model',
    );
  });
});

describe('a collaboration from its document', () => {
  it('answers every field at once, with no promise to wait for', async () => {
    const doc = await proposal();
    const { source } = collaborationFromDoc(doc, seller);
    expect(source.read((d) => d.revision)).toBe(doc.revision);
    expect(source.readView((view) => view.deadlines.next?.rule)).toBe('PROPOSAL_EXPIRED');
  });
});

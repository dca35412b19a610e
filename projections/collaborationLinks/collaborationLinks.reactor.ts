import type { Reactor } from '../../src/projectionRunner/projection.js';
import type { EventOfType } from '../shared.js';

/** What the reactor asks for: a collaboration linked to its creator (src/contexts/links). */
export interface LinkReaction {
  readonly type: 'LinkCollaboration';
  readonly creatorId: string;
  readonly collaborationId: string;
  readonly sellerId: string;
}

/**
 * Links every proposed collaboration to its creator's link stream. The write side links new ones
 * itself, before their proposal; this reactor covers logs written before links existed (it starts
 * from the beginning of the log once) and anything a crash left unlinked. Linking twice writes once.
 */
export const collaborationLinksReactor: Reactor<LinkReaction, EventOfType<'CollaborationProposed'>> = {
  name: 'collaborationLinks',
  version: 1,
  collections: [],
  rebuildCost: 4,
  eventTypes: ['CollaborationProposed'],
  touches: () => [],
  evolve: () => [],
  reactions: ({ data }) => [
    {
      type: 'LinkCollaboration',
      creatorId: data.creatorId,
      collaborationId: data.collaborationId,
      sellerId: data.sellerId,
    },
  ],
};

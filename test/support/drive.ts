import type { CollaborationCommandBody, WriteSide } from '../../src/contexts/writeSide.js';
import { addDays, type Actor } from '../../src/contexts/shared.js';
import type { BriefInput } from '../../src/contexts/collaboration/brief.js';
import { aBrief } from './collaborationFixtures.js';

/** Actors as tokens make them (`user-<id>`), for setting up through the write side. */
export const sellerActor = (id: string): Actor => ({ userId: `user-${id}`, role: 'SELLER', partyId: id });
export const creatorActor = (id: string): Actor => ({ userId: `user-${id}`, role: 'CREATOR', partyId: id });

export const registerParties = async (
  write: WriteSide,
  now: string,
  parties: { sellers?: readonly string[]; creators?: readonly string[] },
): Promise<void> => {
  for (const id of parties.sellers ?? []) {
    await write.seller({
      type: 'RegisterSeller',
      sellerId: id,
      profile: { name: `Seller ${id}`, country: 'CN' },
      actor: sellerActor(id),
      now,
    });
  }
  for (const id of parties.creators ?? []) {
    await write.creator({
      type: 'RegisterCreator',
      creatorId: id,
      profile: {
        displayName: `Creator ${id}`,
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle: `@${id}`, followers: 5000 }],
      },
      actor: creatorActor(id),
      now,
    });
  }
};

/**
 * Drives one collaboration from proposal to completion through the write side (the real command
 * path and store), starting at `start`: proposed, accepted, script approved, published (late by
 * `lateHours`), final metrics, completed. Returns when its rating window is open.
 */
export const completeCollaboration = async (
  write: WriteSide,
  options: {
    collaborationId: string;
    sellerId: string;
    creatorId: string;
    start: string;
    lateHours?: number;
    /** Parts of the brief other than its dates. */
    brief?: Partial<BriefInput>;
  },
): Promise<{ completedAt: string }> => {
  const { collaborationId, start } = options;
  const seller = sellerActor(options.sellerId);
  const creator = creatorActor(options.creatorId);
  const send = (actor: Actor, now: string, body: CollaborationCommandBody) =>
    write.collaboration({ ...body, collaborationId, actor, now } as Parameters<
      WriteSide['collaboration']
    >[0]);
  const day = (n: number) => addDays(start, n);
  await write.collaboration({
    type: 'ProposeCollaboration',
    collaborationId,
    sellerId: options.sellerId,
    creatorId: options.creatorId,
    brief: aBrief({ ...options.brief, scriptDueAt: day(5), publishDueAt: day(10) }),
    actor: seller,
    now: start,
  });
  await send(creator, day(1), { type: 'AcceptProposal' });
  await send(creator, day(2), { type: 'SubmitScript', text: 'Hook, demo, call to action' });
  await send(seller, day(3), { type: 'ApproveScript' });
  const publishedAt = new Date(Date.parse(day(10)) + (options.lateHours ?? 0) * 3_600_000).toISOString();
  await send(creator, publishedAt, {
    type: 'PublishContent',
    platform: options.brief?.platforms?.[0] ?? 'TIKTOK',
    url: `https://www.tiktok.com/@${options.creatorId}/video/${collaborationId}`,
    publishedAt,
  });
  const finalAt = addDays(publishedAt, 7);
  await send(seller, finalAt, {
    type: 'RecordMetricsSnapshot',
    snapshotId: 'final',
    capturedAt: finalAt,
    views: 20_000,
    likes: 900,
    comments: 100,
    shares: 50,
    clicks: 400,
    orders: 40,
    gmv: { amountMinor: 50_000, currency: 'USD' },
  });
  await send(seller, finalAt, { type: 'CompleteCollaboration' });
  return { completedAt: finalAt };
};

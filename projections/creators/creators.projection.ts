import equal from 'fast-deep-equal';
import type { CollaborationEventOfType } from '../../src/contexts/collaboration/collaboration.events.js';
import type { CreatorEvent, CreatorProfile } from '../../src/contexts/creator/creator.events.js';
import {
  accountKey,
  creatorVerification,
  NO_MARKS,
  type CreatorMarks,
} from '../../src/contexts/creator/verification.js';
import { assertNever } from '../../src/core/decider.js';
import type { Recorded } from '../../src/core/event.js';
import {
  put,
  type DocReader,
  type DocUpdate,
  type Projection,
} from '../../src/projectionRunner/projection.js';
import { collection } from '../../src/readStore/collection.js';
import { at, collaborationIdOf, handledTypes, isCollaborationEvent, type EventOfType } from '../shared.js';
import {
  contribute,
  diffFigures,
  emptyAggregate,
  figuresOf,
  implausible,
  type CollaborationFacts,
  type ReputationAggregate,
  type FigureChange,
  type ReputationFigures,
  type SnapshotFacts,
} from './reputation.js';

/**
 * Creators: the directory (profile + reputation figures, indexed for every filter and sort of
 * DOMAIN.md § Creator directory), each creator's reputation with its breakdown, and the change log
 * saying which event moved which figure by how much.
 */

export const FOLLOWER_TIERS = ['NANO', 'MICRO', 'MID', 'MACRO', 'MEGA'] as const;
export type FollowerTier = (typeof FOLLOWER_TIERS)[number];

/** DOMAIN.md § Creator directory: NANO < 10k, MICRO < 100k, MID < 500k, MACRO < 1M, MEGA. */
export const followerTier = (followers: number): FollowerTier =>
  followers < 10_000
    ? 'NANO'
    : followers < 100_000
      ? 'MICRO'
      : followers < 500_000
        ? 'MID'
        : followers < 1_000_000
          ? 'MACRO'
          : 'MEGA';

interface FactsEntry extends CollaborationFacts {
  readonly firstFinal: SnapshotFacts | null;
  readonly latest: SnapshotFacts | null;
}

/** Per creator: the sum of every collaboration's contribution, from which the figures follow. */
export interface CreatorFactsDoc {
  readonly creatorId: string;
  readonly aggregate: ReputationAggregate;
}

/** Per collaboration: whose it is, and its facts as reputation sees them. */
export interface CreatorLinkDoc {
  readonly creatorId: string;
  readonly facts: FactsEntry;
}

export interface CreatorDoc {
  readonly creatorId: string;
  readonly registered: boolean;
  readonly profile: CreatorProfile | null;
  readonly registeredAt: string | null;
  readonly country: string;
  readonly languages: readonly string[];
  readonly categories: readonly string[];
  readonly platforms: readonly string[];
  readonly followers: number;
  readonly followerTier: FollowerTier;
  readonly reputation: ReputationFigures;
  readonly rating: number;
  readonly engagementRate: number | null;
  readonly conversionRate: number | null;
  readonly onTimeRate: number;
  readonly grade: string;
  readonly creditScore: number;
  readonly recommendationWeight: number;
  readonly completed: number;
  readonly reputationUpdatedAt: string | null;
  // Public reviews and verified parties (DOMAIN.md § Public reviews)
  /** Its public reviews: the counted ratings (a review is exactly a rating reputation counts). */
  readonly reviewCount: number;
  /** Whether every account and language of the profile is verified, and since when. */
  readonly verified: boolean;
  readonly verifiedSince: string | null;
  /** What arbitrators checked, with when (how they checked is not kept here: it is not public). */
  readonly marks: CreatorMarks;
}

/** Which event moved which of a creator's figures, by how much. */
export interface ReputationChangeDoc {
  readonly creatorId: string;
  readonly collaborationId: string;
  readonly position: number;
  readonly at: string;
  readonly eventType: string;
  readonly changes: readonly FigureChange[];
}

export const CREATORS = collection<CreatorDoc>('creators', {
  indexes: [
    { field: 'categories', type: 'string', multi: true },
    { field: 'languages', type: 'string', multi: true },
    { field: 'platforms', type: 'string', multi: true },
    { field: 'country', type: 'string' },
    { field: 'followerTier', type: 'string' },
    { field: 'followers', type: 'number' },
    { field: 'rating', type: 'number' },
    { field: 'engagementRate', type: 'number' },
    { field: 'conversionRate', type: 'number' },
    { field: 'onTimeRate', type: 'number' },
    { field: 'grade', type: 'string' },
    { field: 'creditScore', type: 'number' },
    { field: 'recommendationWeight', type: 'number' },
    { field: 'completed', type: 'number' },
    { field: 'reviewCount', type: 'number' },
    { field: 'verified', type: 'number' },
  ],
});
export const CREATOR_FACTS = collection<CreatorFactsDoc>('creatorFacts');
export const CREATOR_LINKS = collection<CreatorLinkDoc>('creatorLinks');
export const REPUTATION_CHANGES = collection<ReputationChangeDoc>('reputationChanges', {
  indexes: [
    { field: 'creatorId', type: 'string' },
    { field: 'position', type: 'number' },
    { field: 'at', type: 'string' },
  ],
});

export const emptyReputation = (): ReputationFigures => figuresOf(emptyAggregate());

const profileFields = (profile: CreatorProfile | null) => {
  const followers = profile?.platformAccounts.reduce((sum, a) => sum + a.followers, 0) ?? 0;
  return {
    country: profile?.country ?? '',
    languages: profile?.languages ?? [],
    categories: profile?.categories ?? [],
    platforms: [...new Set(profile?.platformAccounts.map((a) => a.platform) ?? [])],
    followers,
    followerTier: followerTier(followers),
  };
};

const reputationFields = (reputation: ReputationFigures) => ({
  reputation,
  rating: reputation.overall,
  engagementRate: reputation.engagementRate,
  conversionRate: reputation.conversionRate,
  onTimeRate: reputation.onTimeRate,
  grade: reputation.grade,
  creditScore: reputation.creditScore,
  recommendationWeight: reputation.recommendationWeight,
  completed: reputation.completed,
  reviewCount: reputation.ratingsCounted,
});

const verificationFields = (profile: CreatorProfile | null, marks: CreatorMarks) => {
  const view = profile ? creatorVerification(profile, marks) : null;
  return { marks, verified: view?.verified ?? false, verifiedSince: view?.since ?? null };
};

const newCreatorDoc = (creatorId: string): CreatorDoc => ({
  creatorId,
  registered: false,
  profile: null,
  registeredAt: null,
  ...profileFields(null),
  ...reputationFields(emptyReputation()),
  reputationUpdatedAt: null,
  ...verificationFields(null, NO_MARKS),
});

const EVENT_TYPES = handledTypes(
  'CreatorRegistered',
  'CreatorProfileUpdated',
  'CreatorAccountVerified',
  'CreatorLanguageVerified',
  'CollaborationProposed',
  'ProposalAccepted',
  'ProposalDeclined',
  'ProposalWithdrawn',
  'ProposalExpired',
  'CollaborationCancelled',
  'ScriptApproved',
  'ScriptAutoApproved',
  'ContentPublished',
  'CollaborationCompleted',
  'MetricsSnapshotRecorded',
  'CollaborationRated',
  'RatingsRevealed',
  'RatingFlagged',
  'RatingReviewed',
  'DisputeResolved',
  'ContentFixed',
  'ContentFixOverdue',
);
type CreatorsEvent = EventOfType<(typeof EVENT_TYPES)[number]>;
type CreatorStreamEvent = Extract<CreatorsEvent, CreatorEvent>;

const isCreatorEvent = (event: Recorded<CreatorsEvent>): event is Recorded<CreatorStreamEvent> =>
  event.type.startsWith('Creator');
/** The events of a creator's collaborations that reputation follows. */
type FactEvent = Exclude<CreatorsEvent, CreatorEvent>;

const snapshotFacts = (data: CollaborationEventOfType<'MetricsSnapshotRecorded'>['data']): SnapshotFacts => ({
  views: data.views,
  likes: data.likes,
  comments: data.comments,
  shares: data.shares,
  clicks: data.clicks,
  orders: data.orders,
  final: data.final,
  capturedAt: data.capturedAt,
});

/** One collaboration's facts after an event; undefined when the event says nothing reputation uses. */
const evolveFacts = (
  facts: FactsEntry,
  event: Recorded<Exclude<FactEvent, { type: 'CollaborationProposed' }>>,
): FactsEntry | undefined => {
  switch (event.type) {
    case 'ProposalAccepted':
      return { ...facts, accepted: true, status: 'ACTIVE' };
    case 'ProposalDeclined':
      return { ...facts, status: 'DECLINED' };
    case 'ProposalWithdrawn':
    case 'CollaborationCancelled':
      return { ...facts, status: 'CANCELLED' };
    case 'ProposalExpired':
      return { ...facts, status: 'EXPIRED' };
    case 'ScriptApproved':
    case 'ScriptAutoApproved':
      return { ...facts, status: 'SCRIPT_APPROVED' };
    case 'ContentPublished':
      return { ...facts, status: 'PUBLISHED', published: true, late: event.data.late };
    case 'CollaborationCompleted':
      return { ...facts, status: 'COMPLETED' };
    case 'MetricsSnapshotRecorded': {
      const snapshot = snapshotFacts(event.data);
      const latest =
        !facts.latest || snapshot.capturedAt >= facts.latest.capturedAt ? snapshot : facts.latest;
      const firstFinal =
        snapshot.final && (!facts.firstFinal || snapshot.capturedAt < facts.firstFinal.capturedAt)
          ? snapshot
          : facts.firstFinal;
      return {
        ...facts,
        latest,
        firstFinal,
        measured: firstFinal ?? latest,
        metricsFlagged: facts.metricsFlagged || event.data.inconsistent || implausible(snapshot),
      };
    }
    case 'CollaborationRated':
      if (event.data.direction !== 'SELLER_TO_CREATOR') return undefined;
      return {
        ...facts,
        ratings: [
          ...facts.ratings,
          {
            ratingId: event.data.ratingId,
            scores: event.data.scores,
            ratedAt: at(event),
            revealed: false,
            review: 'NONE',
          },
        ],
      };
    case 'RatingsRevealed':
      return {
        ...facts,
        ratings: facts.ratings.map((r) =>
          event.data.ratingIds.includes(r.ratingId) ? { ...r, revealed: true } : r,
        ),
      };
    case 'RatingFlagged':
      return {
        ...facts,
        ratings: facts.ratings.map((r) =>
          r.ratingId === event.data.ratingId ? { ...r, review: 'PENDING' } : r,
        ),
      };
    case 'RatingReviewed':
      return {
        ...facts,
        ratings: facts.ratings.map((r) =>
          r.ratingId === event.data.ratingId ? { ...r, review: event.data.decision } : r,
        ),
      };
    case 'DisputeResolved':
      return { ...facts, disputeOutcomes: [...facts.disputeOutcomes, event.data.outcome] };
    // DOMAIN.md § Reputation: a fix recorded after its deadline, or never, makes the collaboration late.
    case 'ContentFixed':
      return event.data.late && !facts.late ? { ...facts, late: true } : undefined;
    case 'ContentFixOverdue':
      return facts.late ? undefined : { ...facts, late: true };
    default:
      return assertNever(event);
  }
};

const creatorOf = (event: Recorded<FactEvent>, docs: DocReader): string | undefined => {
  if (event.type === 'CollaborationProposed') return event.data.creatorId;
  return docs.get(CREATOR_LINKS, collaborationIdOf(event))?.creatorId;
};

const changeId = (creatorId: string, position: bigint) =>
  `${creatorId}:${position.toString().padStart(16, '0')}`;

export const creatorsProjection: Projection<CreatorsEvent> = {
  name: 'creators',
  // 2: figures exact; nothing hidden (an unrevealed rating, its review) moves a public figure.
  // 3: how many reviews, and whether verified (DOMAIN.md § Public reviews).
  // 3: a fix of content recorded late, or never, counts as late in the on-time rate.
  version: 3,
  collections: [CREATORS, CREATOR_FACTS, CREATOR_LINKS, REPUTATION_CHANGES],
  rebuildCost: 91,
  eventTypes: EVENT_TYPES,

  touches(event, docs) {
    if (isCreatorEvent(event)) return [{ collection: CREATORS, id: event.data.creatorId }];
    if (!isCollaborationEvent(event)) return [];
    const link = { collection: CREATOR_LINKS, id: collaborationIdOf(event) };
    const creatorId = creatorOf(event, docs);
    if (!creatorId) return [link];
    return [link, { collection: CREATORS, id: creatorId }, { collection: CREATOR_FACTS, id: creatorId }];
  },

  evolve(event, docs) {
    if (isCreatorEvent(event)) {
      const { creatorId } = event.data;
      const current = docs.get(CREATORS, creatorId) ?? newCreatorDoc(creatorId);
      if (event.type === 'CreatorAccountVerified' || event.type === 'CreatorLanguageVerified') {
        const mark = { verifiedAt: at(event), check: '' };
        const marks =
          event.type === 'CreatorAccountVerified'
            ? {
                ...current.marks,
                accounts: {
                  ...current.marks.accounts,
                  [accountKey(event.data.platform, event.data.handle)]: mark,
                },
              }
            : { ...current.marks, languages: { ...current.marks.languages, [event.data.language]: mark } };
        return [put(CREATORS, creatorId, { ...current, ...verificationFields(current.profile, marks) })];
      }
      const { profile } = event.data;
      const doc: CreatorDoc = {
        ...current,
        registered: true,
        profile,
        registeredAt: current.registeredAt ?? at(event),
        ...profileFields(profile),
        ...verificationFields(profile, current.marks),
      };
      return [put(CREATORS, creatorId, doc)];
    }
    if (!isCollaborationEvent(event)) return [];
    const collaborationId = collaborationIdOf(event);
    const creatorId = creatorOf(event, docs);
    if (!creatorId) return [];
    const factsDoc = docs.get(CREATOR_FACTS, creatorId) ?? { creatorId, aggregate: emptyAggregate() };
    const updates: DocUpdate[] = [];
    const before = docs.get(CREATOR_LINKS, collaborationId)?.facts;
    let entry = before;
    if (event.type === 'CollaborationProposed') {
      entry = {
        collaborationId,
        sellerId: event.data.sellerId,
        accepted: false,
        status: 'PROPOSED',
        published: false,
        late: false,
        measured: null,
        metricsFlagged: false,
        ratings: [],
        disputeOutcomes: [],
        firstFinal: null,
        latest: null,
      };
    } else {
      const next = entry && evolveFacts(entry, event);
      if (!next) return updates;
      entry = next;
    }
    updates.push(put(CREATOR_LINKS, collaborationId, { creatorId, facts: entry }));
    // Take this collaboration's old contribution out and put the new one in.
    const aggregate = contribute(
      before ? contribute(factsDoc.aggregate, before, -1) : factsDoc.aggregate,
      entry,
      1,
    );
    updates.push(put(CREATOR_FACTS, creatorId, { creatorId, aggregate }));

    const current = docs.get(CREATORS, creatorId) ?? newCreatorDoc(creatorId);
    const reputation = figuresOf(aggregate);
    const changes = diffFigures(current.reputation, reputation);
    if (equal(current.reputation, reputation)) {
      // Nothing public moved (e.g. a rating still hidden): not even the time of the last change.
      return updates;
    }
    const doc: CreatorDoc = { ...current, ...reputationFields(reputation), reputationUpdatedAt: at(event) };
    updates.push(put(CREATORS, creatorId, doc));
    if (changes.length > 0) {
      updates.push(
        put(REPUTATION_CHANGES, changeId(creatorId, event.position), {
          creatorId,
          collaborationId,
          position: Number(event.position),
          at: at(event),
          eventType: event.type,
          changes,
        }),
      );
    }
    return updates;
  },
};

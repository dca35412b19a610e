import { registerEnumType } from 'type-graphql';
import {
  CONTENT_FORMATS,
  CONTENT_ISSUES,
  DEADLINE_RULES,
  DISPUTE_OUTCOMES,
  DISPUTE_REASONS,
  EVIDENCE_KINDS,
  MILESTONE_ACTIONS,
  MILESTONE_TRIGGERS,
  CREATOR_TO_SELLER_DIMENSIONS,
  RATING_DIRECTIONS,
  RATING_FLAG_RULES,
  REPORT_REASONS,
  SELLER_TO_CREATOR_DIMENSIONS,
  USAGE_SCOPES,
} from '../../contexts/collaboration/collaboration.events.js';
import { CATEGORIES, PLATFORMS } from '../../contexts/vocabulary.js';
import { FOLLOWER_TIERS } from '../../../projections/creators/creators.projection.js';
import { TOKEN_ROLES } from '../../access/viewer.js';

/** The domain's vocabularies as GraphQL enums: one list, one source (the event catalog's). */
export const enumOf = <const T extends readonly string[]>(values: T, name: string, description: string) => {
  const object = Object.fromEntries(values.map((v) => [v, v])) as { [K in T[number]]: K };
  registerEnumType(object, { name, description });
  return object;
};

export const Role = enumOf(TOKEN_ROLES, 'Role', 'Who may act (DOMAIN.md § Who uses it)');
export const Platform = enumOf(PLATFORMS, 'Platform', 'Social platforms');
export const Category = enumOf(CATEGORIES, 'Category', 'Product categories');
export const FollowerTier = enumOf(
  FOLLOWER_TIERS,
  'FollowerTier',
  'NANO < 10k, MICRO < 100k, MID < 500k, MACRO < 1M, MEGA',
);
export const Grade = enumOf(
  ['A', 'B', 'C', 'D', 'NEW'] as const,
  'Grade',
  'A ≥ 850, B ≥ 700, C ≥ 550, D below; NEW under 3 completed',
);
export const CollaborationStatus = enumOf(
  [
    'PROPOSED',
    'ACTIVE',
    'SCRIPT_APPROVED',
    'PUBLISHED',
    'COMPLETED',
    'DECLINED',
    'CANCELLED',
    'EXPIRED',
  ] as const,
  'CollaborationStatus',
  'Where a collaboration stands',
);
export const ContentFormat = enumOf(CONTENT_FORMATS, 'ContentFormat', 'Content formats');
export const MilestoneTrigger = enumOf(MILESTONE_TRIGGERS, 'MilestoneTrigger', 'What makes a milestone due');
export const MilestoneStatus = enumOf(
  ['PENDING', 'DUE', 'HELD', 'RELEASED', 'REFUNDED', 'CANCELLED'] as const,
  'MilestoneStatus',
  'Where a payment milestone stands',
);
export const ContentIssue = enumOf(CONTENT_ISSUES, 'ContentIssue', 'Issues found in published content');
export const DisputeReason = enumOf(DISPUTE_REASONS, 'DisputeReason', 'Why a dispute was opened');
export const EvidenceKind = enumOf(EVIDENCE_KINDS, 'EvidenceKind', 'Kinds of evidence');
export const DisputeOutcome = enumOf(DISPUTE_OUTCOMES, 'DisputeOutcome', 'How a dispute ended');
export const ArbitrationOutcome = enumOf(
  ['CREATOR_AT_FAULT', 'SELLER_AT_FAULT', 'SHARED', 'NO_FAULT'] as const,
  'ArbitrationOutcome',
  'What an arbitrator may decide (WITHDRAWN is the opener’s)',
);
export const MilestoneAction = enumOf(
  MILESTONE_ACTIONS,
  'MilestoneAction',
  'What a resolution does to a held milestone',
);
export const RatingDirection = enumOf(RATING_DIRECTIONS, 'RatingDirection', 'Who rated whom');
export const RatingFlagRule = enumOf(
  RATING_FLAG_RULES,
  'RatingFlagRule',
  'Why a rating was flagged (DOMAIN.md § Rating review)',
);
export const RatingReviewState = enumOf(
  ['NONE', 'PENDING', 'UPHELD', 'REMOVED'] as const,
  'RatingReviewState',
  'Review of a rating',
);
export const RatingDecision = enumOf(
  ['UPHOLD', 'REMOVE'] as const,
  'RatingDecision',
  'An arbitrator’s decision on a flagged rating',
);
export const UsageScope = enumOf(
  USAGE_SCOPES,
  'UsageScope',
  'What the seller may do with the content: post it organically, run it as a paid ad, or whitelist the creator’s account',
);
export const DeadlineRule = enumOf(DEADLINE_RULES, 'DeadlineRule', 'Deadlines the platform enforces');
export const Side = enumOf(
  ['SELLER', 'CREATOR', 'ARBITRATOR'] as const,
  'Side',
  'Who wrote or added something',
);
export const DisputeStatus = enumOf(
  ['OPEN', 'RESOLVED'] as const,
  'DisputeStatus',
  'Whether a dispute is open',
);
export const CreatorSort = enumOf(
  ['RECOMMENDATION', 'RATING', 'ENGAGEMENT', 'CONVERSION', 'FOLLOWERS'] as const,
  'CreatorSort',
  'Directory order: by recommendation weight (default), rating, engagement, conversion or followers',
);
export const LibrarySort = enumOf(
  ['LAST_COLLABORATION', 'RATING', 'ROI', 'COLLABORATIONS', 'SPEND'] as const,
  'LibrarySort',
  'Library order',
);

// Public reviews and verified parties (DOMAIN.md § Public reviews)
export const RatingDimension = enumOf(
  [...new Set([...SELLER_TO_CREATOR_DIMENSIONS, ...CREATOR_TO_SELLER_DIMENSIONS])] as [string, ...string[]],
  'RatingDimension',
  'The dimensions ratings score: a seller rates the first five, a creator the last three and COMMUNICATION',
);
export const ReportReason = enumOf(
  REPORT_REASONS,
  'ReportReason',
  'Why a review is reported (and why its text was removed)',
);
export const ReportStatus = enumOf(
  ['OPEN', 'DISMISSED', 'TEXT_REMOVED'] as const,
  'ReportStatus',
  'Where a report of a review stands',
);
export const ReportDecision = enumOf(
  ['DISMISS', 'REMOVE_TEXT'] as const,
  'ReportDecision',
  'An arbitrator’s decision on a report: the review stays, or its text goes',
);
export const ReviewSort = enumOf(
  ['RECENT', 'LOWEST', 'HIGHEST', 'MOST_RELEVANT'] as const,
  'ReviewSort',
  'Reviews: most recently revealed first (default), lowest or highest mean first, or the reader’s category and market first',
);
export const VerificationStatus = enumOf(
  ['UNVERIFIED', 'PENDING', 'VERIFIED', 'REJECTED', 'DECLINED'] as const,
  'VerificationStatus',
  'Where a party’s verification stands (REJECTED: a seller’s submission; DECLINED: a creator’s request)',
);
export const VerificationDecision = enumOf(
  ['APPROVE', 'REJECT'] as const,
  'VerificationDecision',
  'An arbitrator’s decision on a seller’s business verification',
);
export const MetricsSource = enumOf(
  ['SELLER', 'CREATOR', 'INTEGRATION'] as const,
  'MetricsSource',
  'Who recorded a metrics snapshot',
);

import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, type EventOf } from '../../core/eventCatalog.js';
import {
  Closed,
  Count,
  CountryCode,
  Enum,
  Id,
  Instant,
  LanguageCode,
  Money,
  Sha256,
  Text,
  Url,
} from '../../core/schema.js';
import { CategorySchema, PlatformSchema } from '../vocabulary.js';

/** The events of one collaboration's stream (DOMAIN.md § The collaboration). */

export const CONTENT_FORMATS = [
  'TALKING_HEAD',
  'SKIT',
  'UNBOXING',
  'TUTORIAL',
  'LIVE',
  'REVIEW',
  'OTHER',
] as const;
export const MILESTONE_TRIGGERS = ['ACCEPT', 'SCRIPT_APPROVAL', 'PUBLISH', 'COMPLETION'] as const;
export type MilestoneTrigger = (typeof MILESTONE_TRIGGERS)[number];
export const CONTENT_ISSUES = [
  'MISSING_DISCLOSURE',
  'OFF_BRIEF',
  'BRAND_SAFETY',
  'POLICY_VIOLATION',
  'OTHER',
] as const;
export const SIDES = ['SELLER', 'CREATOR'] as const;
export type Side = (typeof SIDES)[number];
export const METRICS_SOURCES = ['SELLER', 'CREATOR', 'INTEGRATION'] as const;
export const SELLER_TO_CREATOR_DIMENSIONS = [
  'CONTENT_QUALITY',
  'TIMELINESS',
  'COMMUNICATION',
  'COMPLIANCE',
  'BRAND_FIT',
] as const;
export const CREATOR_TO_SELLER_DIMENSIONS = [
  'BRIEF_CLARITY',
  'FEEDBACK_QUALITY',
  'PAYMENT_RELIABILITY',
  'COMMUNICATION',
] as const;
export const RATING_DIRECTIONS = ['SELLER_TO_CREATOR', 'CREATOR_TO_SELLER'] as const;
export type RatingDirection = (typeof RATING_DIRECTIONS)[number];
export const RATING_FLAG_RULES = [
  'TIMELINESS_CONTRADICTS_PUBLISH',
  'RATING_BURST',
  'POSSIBLE_COLLUSION',
  'CONTRADICTS_METRICS',
] as const;
export type RatingFlagRule = (typeof RATING_FLAG_RULES)[number];
export const DISPUTE_REASONS = [
  'NOT_PUBLISHED_ON_TIME',
  'CONTENT_MISMATCH',
  'FAKE_METRICS',
  'POLICY_VIOLATION',
  'COMMUNICATION',
  'NON_PAYMENT',
  'OTHER',
] as const;
export const EVIDENCE_KINDS = [
  'CHAT_LOG',
  'SCREENSHOT',
  'PUBLISH_PROOF',
  'METRICS_REPORT',
  'CONTRACT',
  'OTHER',
] as const;
export const DISPUTE_OUTCOMES = [
  'CREATOR_AT_FAULT',
  'SELLER_AT_FAULT',
  'SHARED',
  'NO_FAULT',
  'WITHDRAWN',
] as const;
export type DisputeOutcome = (typeof DISPUTE_OUTCOMES)[number];
export const MILESTONE_ACTIONS = ['RELEASE', 'REFUND', 'RESUME'] as const;
export type MilestoneAction = (typeof MILESTONE_ACTIONS)[number];
export const DEADLINE_RULES = [
  'PROPOSAL_EXPIRED',
  'SCRIPT_AUTO_APPROVED',
  'CONTENT_AUTO_ACCEPTED',
  'RATING_WINDOW_CLOSED',
] as const;
export type DeadlineRule = (typeof DEADLINE_RULES)[number];
export const METRIC_TARGET_NAMES = [
  'minViews',
  'minEngagementRate',
  'minClicks',
  'minOrders',
  'minGmvMinor',
] as const;
export type MetricTargetName = (typeof METRIC_TARGET_NAMES)[number];

const MilestoneName = () =>
  Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,31}$', description: 'e.g. DEPOSIT, FINAL' });
const Score = Type.Integer({ minimum: 1, maximum: 5 });

export const MetricTargetsSchema = Closed({
  minViews: Type.Optional(Count()),
  minEngagementRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  minClicks: Type.Optional(Count()),
  minOrders: Type.Optional(Count()),
  minGmvMinor: Type.Optional(Count()),
});
export type MetricTargets = Static<typeof MetricTargetsSchema>;

export const BriefSchema = Closed(
  {
    title: Text(200),
    product: Closed({ name: Text(200), category: CategorySchema, url: Type.Optional(Url()) }),
    targetMarkets: Type.Array(CountryCode(), { minItems: 1, maxItems: 50, uniqueItems: true }),
    language: LanguageCode(),
    contentFormat: Enum(CONTENT_FORMATS),
    platforms: Type.Array(PlatformSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
    deliverables: Type.Array(
      Closed({ description: Text(500), quantity: Type.Integer({ minimum: 1, maximum: 100 }) }),
      { minItems: 1, maxItems: 20 },
    ),
    scriptDueAt: Instant(),
    publishDueAt: Instant(),
    fee: Money(),
    paymentMilestones: Type.Array(
      Closed({
        name: MilestoneName(),
        percent: Type.Integer({ minimum: 1, maximum: 100 }),
        dueOn: Enum(MILESTONE_TRIGGERS),
      }),
      { minItems: 1, maxItems: 6 },
    ),
    revisionLimit: Type.Integer({ minimum: 0, maximum: 10 }),
    measurementWindowDays: Type.Integer({ minimum: 7, maximum: 14 }),
    metricTargets: MetricTargetsSchema,
    usageRights: Closed({
      channels: Type.Array(Text(50), { maxItems: 20 }),
      months: Type.Integer({ minimum: 0, maximum: 120 }),
      paidAdsAllowed: Type.Boolean(),
    }),
    disclosure: Closed({ required: Type.Boolean(), tag: Type.Optional(Text(50)) }),
    tracking: Closed({ utmLink: Type.Optional(Url()), discountCode: Type.Optional(Text(40)) }),
    notes: Type.Optional(Text(5000)),
  },
  'The brief: everything the seller asks for, fixed at proposal.',
);
export type Brief = Static<typeof BriefSchema>;

export const MilestoneSchema = Closed({
  name: MilestoneName(),
  percent: Type.Integer({ minimum: 1, maximum: 100 }),
  dueOn: Enum(MILESTONE_TRIGGERS),
  amount: Money(),
});
export type Milestone = Static<typeof MilestoneSchema>;

const DeadlineFired = {
  rule: Enum(DEADLINE_RULES),
  dueAt: Instant('When the deadline fell due'),
  firedAt: Instant('When the platform acted on it'),
};

const def = defineEvent;
const CollaborationId = () => Id('Collaboration id');

export const CollaborationProposed = def(
  'CollaborationProposed',
  'A seller proposed a collaboration to a creator with a full brief; the fee is split into milestones.',
  Closed({
    collaborationId: CollaborationId(),
    sellerId: Id('Seller id'),
    creatorId: Id('Creator id'),
    brief: BriefSchema,
    milestones: Type.Array(MilestoneSchema, { minItems: 1 }),
    templateId: Type.Optional(Id('Brief template the brief was made from')),
  }),
);
export const ProposalAccepted = def('ProposalAccepted', 'The creator accepted the brief.', Closed({}));
export const ProposalDeclined = def(
  'ProposalDeclined',
  'The creator declined the brief, with a reason.',
  Closed({ reason: Text(1000) }),
);
export const ProposalWithdrawn = def(
  'ProposalWithdrawn',
  'The seller withdrew the proposal before an answer.',
  Closed({ reason: Type.Optional(Text(1000)) }),
);
export const ProposalExpired = def(
  'ProposalExpired',
  'The proposal got no answer by its script due date; the platform expired it.',
  Closed(DeadlineFired),
);
export const CollaborationCancelled = def(
  'CollaborationCancelled',
  'A party cancelled the collaboration before publish.',
  Closed({ cancelledBy: Enum(SIDES), reason: Text(1000) }),
);
export const ScriptSubmitted = def(
  'ScriptSubmitted',
  'The creator submitted a numbered script version (text or link).',
  Closed({
    version: Type.Integer({ minimum: 1 }),
    text: Type.Optional(Text(20_000)),
    url: Type.Optional(Url()),
    note: Type.Optional(Text(2000)),
  }),
);
export const RevisionRequested = def(
  'RevisionRequested',
  'The seller asked for a revision of the script, with concrete feedback.',
  Closed({
    scriptVersion: Type.Integer({ minimum: 1 }),
    revisionNumber: Type.Integer({ minimum: 1 }),
    feedback: Text(5000),
  }),
);
export const ScriptApproved = def(
  'ScriptApproved',
  'The seller approved a script version.',
  Closed({ scriptVersion: Type.Integer({ minimum: 1 }) }),
);
export const ScriptAutoApproved = def(
  'ScriptAutoApproved',
  'The seller did not answer a submitted script for 7 days; the platform approved it.',
  Closed({ scriptVersion: Type.Integer({ minimum: 1 }), ...DeadlineFired }),
);
export const ContentPublished = def(
  'ContentPublished',
  'The creator published the content. Late when published after the publish due date.',
  Closed({
    platform: PlatformSchema,
    url: Url(),
    publishedAt: Instant(),
    publishDueAt: Instant(),
    late: Type.Boolean(),
    lateByHours: Type.Number({
      minimum: 0,
      description: 'Hours after the publish due date, to 0.01 h (for display; rules compare the instants)',
    }),
  }),
);
export const ContentReviewed = def(
  'ContentReviewed',
  'The seller reviewed the published content: accepted, or the issues found.',
  Closed({
    accepted: Type.Boolean(),
    issues: Type.Array(Enum(CONTENT_ISSUES), { uniqueItems: true }),
    comment: Type.Optional(Text(5000)),
  }),
);
export const ContentAutoAccepted = def(
  'ContentAutoAccepted',
  'The seller did not review published content for 7 days; the platform accepted it.',
  Closed(DeadlineFired),
);
export const MetricsSnapshotRecorded = def(
  'MetricsSnapshotRecorded',
  'Cumulative metrics of the published content at one moment, with their source.',
  Closed({
    snapshotId: Id('Snapshot id'),
    source: Enum(METRICS_SOURCES),
    integration: Type.Optional(Text(100)),
    capturedAt: Instant(),
    views: Count(),
    likes: Count(),
    comments: Count(),
    shares: Count(),
    clicks: Count(),
    orders: Count(),
    gmv: Money(),
    final: Type.Boolean({ description: 'Captured at or after publishedAt + measurement window' }),
    inconsistent: Type.Boolean({ description: 'INCONSISTENT_METRICS: a counter went down' }),
    inconsistentFields: Type.Array(Type.String(), { uniqueItems: true }),
  }),
);
export const MessagePosted = def(
  'MessagePosted',
  'A message on the collaboration: the communication trail that later serves as evidence.',
  Closed({
    messageId: Id('Message id'),
    side: Enum(['SELLER', 'CREATOR', 'ARBITRATOR'] as const),
    body: Text(5000),
    attachments: Type.Array(Sha256(), { maxItems: 10, uniqueItems: true }),
  }),
);
export const CollaborationCompleted = def(
  'CollaborationCompleted',
  'The seller completed the collaboration; the rating window opens.',
  Closed({
    finalSnapshotId: Type.Union([Id(), Type.Null()]),
    targetsMet: Type.Boolean(),
    missedTargets: Type.Array(Enum(METRIC_TARGET_NAMES), { uniqueItems: true }),
    ratingWindowClosesAt: Instant(),
    disputeWindowClosesAt: Instant(),
  }),
);
export const MilestoneDue = def(
  'MilestoneDue',
  'A payment milestone fell due (its trigger happened).',
  Closed({ name: MilestoneName(), amount: Money() }),
);
export const MilestoneReleased = def(
  'MilestoneReleased',
  'A payment milestone was released to the creator.',
  Closed({
    name: MilestoneName(),
    amount: Money(),
    trigger: Enum(['SELLER', 'COMPLETION', 'DISPUTE_RESOLUTION'] as const),
    waivedTargets: Type.Array(Enum(METRIC_TARGET_NAMES), { uniqueItems: true }),
  }),
);
export const MilestoneHeld = def(
  'MilestoneHeld',
  'A payment milestone is held: by an open dispute, or because metric targets were missed.',
  Closed({
    name: MilestoneName(),
    reason: Enum(['DISPUTE_OPEN', 'TARGETS_MISSED'] as const),
    disputeId: Type.Optional(Id()),
    missedTargets: Type.Array(Enum(METRIC_TARGET_NAMES), { uniqueItems: true }),
  }),
);
export const MilestoneHoldLifted = def(
  'MilestoneHoldLifted',
  "A dispute's hold on a milestone was lifted without releasing or refunding it.",
  Closed({ name: MilestoneName(), disputeId: Id() }),
);
export const MilestoneRefunded = def(
  'MilestoneRefunded',
  'A held milestone was refunded to the seller by a dispute resolution.',
  Closed({ name: MilestoneName(), amount: Money(), disputeId: Id() }),
);
export const MilestoneCancelled = def(
  'MilestoneCancelled',
  'An unpaid milestone lapsed because the collaboration was cancelled.',
  Closed({ name: MilestoneName() }),
);
export const CollaborationRated = def(
  'CollaborationRated',
  'One side rated the other (double-blind: hidden until revealed).',
  Closed({
    ratingId: Id('Rating id'),
    direction: Enum(RATING_DIRECTIONS),
    raterId: Id(),
    rateeId: Id(),
    scores: Type.Record(Type.String({ pattern: '^[A-Z_]{3,40}$' }), Score),
    comment: Text(2000),
    tags: Type.Array(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,39}$' }), { maxItems: 10, uniqueItems: true }),
  }),
);
export const RatingsRevealed = def(
  'RatingsRevealed',
  'The ratings given so far became visible to both sides and to reputation, at once.',
  Closed({
    ratingIds: Type.Array(Id(), { minItems: 1 }),
    reason: Enum(['BOTH_RATED', 'WINDOW_CLOSED'] as const),
  }),
);
export const RatingWindowClosed = def(
  'RatingWindowClosed',
  'The 14-day rating window closed.',
  Closed(DeadlineFired),
);
export const RatingFlagged = def(
  'RatingFlagged',
  'A rating was flagged for review (DOMAIN.md § Rating review) and is held out of reputation.',
  Closed({ ratingId: Id(), rule: Enum(RATING_FLAG_RULES), detail: Text(1000) }),
);
export const RatingReviewed = def(
  'RatingReviewed',
  'An arbitrator upheld a flagged rating (it counts) or removed it (it never counts).',
  Closed({ ratingId: Id(), decision: Enum(['UPHELD', 'REMOVED'] as const), note: Text(2000) }),
);
export const DisputeOpened = def(
  'DisputeOpened',
  'A party opened a dispute; every unreleased milestone is held.',
  Closed({
    disputeId: Id('Dispute id'),
    openedBy: Enum(SIDES),
    reason: Enum(DISPUTE_REASONS),
    statement: Text(10_000),
  }),
);
export const DisputeEvidenceAdded = def(
  'DisputeEvidenceAdded',
  'A party added evidence: the SHA-256 of a file kept in the blob store.',
  Closed({
    disputeId: Id(),
    evidenceId: Id(),
    side: Enum(SIDES),
    kind: Enum(EVIDENCE_KINDS),
    description: Text(2000),
    sha256: Sha256(),
    fileName: Type.Optional(Text(255)),
    contentType: Type.Optional(Text(100)),
    sizeBytes: Type.Optional(Count()),
  }),
);
export const DisputeStatementAdded = def(
  'DisputeStatementAdded',
  'A party (or the arbitrator) added a statement to the dispute.',
  Closed({
    disputeId: Id(),
    statementId: Id(),
    side: Enum(['SELLER', 'CREATOR', 'ARBITRATOR'] as const),
    text: Text(10_000),
  }),
);
export const DisputeResolved = def(
  'DisputeResolved',
  'An arbitrator resolved the dispute (or its opener withdrew it), deciding each held milestone.',
  Closed({
    disputeId: Id(),
    outcome: Enum(DISPUTE_OUTCOMES),
    note: Text(5000),
    milestoneDecisions: Type.Array(Closed({ name: MilestoneName(), action: Enum(MILESTONE_ACTIONS) })),
    refund: Money(),
    payout: Money(),
  }),
);

// Reminders before a deadline acts (DOMAIN.md § Deadlines; reminders.ts): kept apart from the rules.
export const REMINDER_HOURS = [48, 24] as const;
export type ReminderHours = (typeof REMINDER_HOURS)[number];
export const DeadlineReminderSent = def(
  'DeadlineReminderSent',
  'A deadline will act for these sides soon (48 h or 24 h before it falls due): the platform reminded them.',
  Closed({
    rule: Enum(DEADLINE_RULES),
    dueAt: Instant('When the deadline falls due'),
    hoursBefore: Type.Union([Type.Literal(REMINDER_HOURS[0]), Type.Literal(REMINDER_HOURS[1])]),
    sides: Type.Array(Enum(SIDES), { minItems: 1, uniqueItems: true }),
  }),
);

export const collaborationEvents = [
  CollaborationProposed,
  ProposalAccepted,
  ProposalDeclined,
  ProposalWithdrawn,
  ProposalExpired,
  CollaborationCancelled,
  ScriptSubmitted,
  RevisionRequested,
  ScriptApproved,
  ScriptAutoApproved,
  ContentPublished,
  ContentReviewed,
  ContentAutoAccepted,
  MetricsSnapshotRecorded,
  MessagePosted,
  CollaborationCompleted,
  MilestoneDue,
  MilestoneReleased,
  MilestoneHeld,
  MilestoneHoldLifted,
  MilestoneRefunded,
  MilestoneCancelled,
  CollaborationRated,
  RatingsRevealed,
  RatingWindowClosed,
  RatingFlagged,
  RatingReviewed,
  DisputeOpened,
  DisputeEvidenceAdded,
  DisputeStatementAdded,
  DisputeResolved,
  DeadlineReminderSent,
];

export type CollaborationEvent = EventOf<(typeof collaborationEvents)[number]>;
export type CollaborationEventOfType<T extends CollaborationEvent['type']> = Extract<
  CollaborationEvent,
  { type: T }
>;

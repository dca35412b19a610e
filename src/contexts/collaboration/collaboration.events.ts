import { Type, type Static, type TSchema } from '@sinclair/typebox';
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
import { briefFromV1 } from './briefVersions.js';

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
export type ContentIssue = (typeof CONTENT_ISSUES)[number];
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
/** The rules of the first deadline events, whose schemas name only these (their v1 stays as published). */
export const FIRST_DEADLINE_RULES = [
  'PROPOSAL_EXPIRED',
  'SCRIPT_AUTO_APPROVED',
  'CONTENT_AUTO_ACCEPTED',
  'RATING_WINDOW_CLOSED',
  // Public reviews (DOMAIN.md § Public reviews)
  'REPORT_ESCALATED',
] as const;
/** The rules that keep the rest of the lifecycle moving (DOMAIN.md § Deadlines); each its own event. */
export const LIFECYCLE_DEADLINE_RULES = [
  'CONTENT_FIX_OVERDUE',
  'COLLABORATION_AUTO_COMPLETED',
  'DISPUTE_RESPONSE_MISSED',
  'DISPUTE_ESCALATED',
  'USAGE_RIGHTS_ENDED',
] as const;
export const DEADLINE_RULES = [...FIRST_DEADLINE_RULES, ...LIFECYCLE_DEADLINE_RULES] as const;
export type DeadlineRule = (typeof DEADLINE_RULES)[number];
export const METRIC_TARGET_NAMES = [
  'minViews',
  'minEngagementRate',
  'minClicks',
  'minOrders',
  'minGmvMinor',
] as const;
export type MetricTargetName = (typeof METRIC_TARGET_NAMES)[number];

const DeliverableSchema = Closed({
  description: Text(500),
  quantity: Type.Integer({ minimum: 1, maximum: 100 }),
});
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

/** The parts of a brief before its usage rights, the same in every version. */
const briefHead = {
  title: Text(200),
  product: Closed({ name: Text(200), category: CategorySchema, url: Type.Optional(Url()) }),
  targetMarkets: Type.Array(CountryCode(), { minItems: 1, maxItems: 50, uniqueItems: true }),
  language: LanguageCode(),
  contentFormat: Enum(CONTENT_FORMATS),
  platforms: Type.Array(PlatformSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
  deliverables: Type.Array(DeliverableSchema, { minItems: 1, maxItems: 20 }),
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
};
/** The parts of a brief after its usage rights, the same in every version. */
const briefTail = {
  disclosure: Closed({ required: Type.Boolean(), tag: Type.Optional(Text(50)) }),
  tracking: Closed({ utmLink: Type.Optional(Url()), discountCode: Type.Optional(Text(40)) }),
  notes: Type.Optional(Text(5000)),
};

/** The first briefs' usage rights: free-text channels, a number of months, whether paid ads may reuse it. */
export const BriefSchemaV1 = Closed(
  {
    ...briefHead,
    usageRights: Closed({
      channels: Type.Array(Text(50), { maxItems: 20 }),
      months: Type.Integer({ minimum: 0, maximum: 120 }),
      paidAdsAllowed: Type.Boolean(),
    }),
    ...briefTail,
  },
  'The brief: everything the seller asks for, fixed at proposal.',
);

/** What the seller may do with the content (DOMAIN.md § Usage rights). */
export const USAGE_SCOPES = ['ORGANIC', 'PAID_ADS', 'WHITELISTING'] as const;
export type UsageScope = (typeof USAGE_SCOPES)[number];

export const UsageRightsSchema = Closed(
  {
    scope: Type.Array(Enum(USAGE_SCOPES), {
      maxItems: 3,
      uniqueItems: true,
      description: 'Empty: the seller may not reuse the content',
    }),
    platforms: Type.Array(PlatformSchema, { maxItems: 10, uniqueItems: true }),
    months: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 120,
        description: 'The rights end this many months after publish',
      }),
    ),
    endsAt: Type.Optional(Instant('The rights end then')),
  },
  'Usage rights: a scope, the platforms, and an end (months from publish, or a date)',
);
export type UsageRights = Static<typeof UsageRightsSchema>;

export const BriefSchema = Closed(
  {
    ...briefHead,
    usageRights: UsageRightsSchema,
    ...briefTail,
    fixDays: Type.Integer({
      minimum: 1,
      maximum: 30,
      description: 'Days the creator has to fix content reviewed with issues',
    }),
    negotiationRounds: Type.Integer({
      minimum: 0,
      maximum: 10,
      description: 'Counter-offers allowed before acceptance, by either side in all',
    }),
  },
  'The brief: everything the seller asks for at proposal; after a negotiation, the terms agreed.',
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
  rule: Enum(FIRST_DEADLINE_RULES),
  dueAt: Instant('When the deadline fell due'),
  firedAt: Instant('When the platform acted on it'),
};

const def = defineEvent;
const CollaborationId = () => Id('Collaboration id');

const proposed = <B extends TSchema>(brief: B) =>
  Closed({
    collaborationId: CollaborationId(),
    sellerId: Id('Seller id'),
    creatorId: Id('Creator id'),
    brief,
    milestones: Type.Array(MilestoneSchema, { minItems: 1 }),
    templateId: Type.Optional(Id('Brief template the brief was made from')),
  });
export const CollaborationProposed = def(
  'CollaborationProposed',
  'A seller proposed a collaboration to a creator with a full brief; the fee is split into milestones.',
  proposed(BriefSchema),
  {
    // 2: usage rights with a scope, platforms and an end; a fix deadline; a bound on negotiation.
    version: 2,
    history: [
      {
        version: 1,
        schema: proposed(BriefSchemaV1),
        upcast: (data) => {
          const v1 = data as { brief: Record<string, unknown> };
          return { ...v1, brief: briefFromV1(v1.brief, { partial: false }) };
        },
      },
    ],
  },
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
export const HOLD_REASONS = ['DISPUTE_OPEN', 'TARGETS_MISSED', 'CONTENT_NOT_ACCEPTED'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];
const milestoneHeld = <R extends TSchema>(reason: R) =>
  Closed({
    name: MilestoneName(),
    reason,
    disputeId: Type.Optional(Id()),
    missedTargets: Type.Array(Enum(METRIC_TARGET_NAMES), { uniqueItems: true }),
  });
export const MilestoneHeld = def(
  'MilestoneHeld',
  'A payment milestone is held: by an open dispute, or because metric targets were missed.',
  milestoneHeld(
    Enum(
      HOLD_REASONS,
      'CONTENT_NOT_ACCEPTED: the content was reviewed with issues and is not accepted yet (DOMAIN.md § Acceptance)',
    ),
  ),
  {
    // 2: held until content reviewed with issues is accepted. Every version 1 hold reads as it was.
    version: 2,
    history: [
      {
        version: 1,
        schema: milestoneHeld(Enum(['DISPUTE_OPEN', 'TARGETS_MISSED'] as const)),
        upcast: (d) => d,
      },
    ],
  },
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

// ─── Public reviews (DOMAIN.md § Public reviews): a revealed rating's reply, and reports on it ───

export const REPORT_REASONS = [
  'PERSONAL_ATTACK',
  'FALSE_ACCUSATION',
  'PRIVATE_INFORMATION',
  'IRRELEVANT',
  'RETALIATION',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const ReviewReplied = def(
  'ReviewReplied',
  'The reviewed party replied to a review: once, within 14 days of its reveal, never edited.',
  Closed({ ratingId: Id(), side: Enum(SIDES), text: Text(2000) }),
);
export const ReviewReported = def(
  'ReviewReported',
  'The reviewed party reported a review to arbitration, with a statement and evidence files.',
  Closed({
    reportId: Id('Report id'),
    ratingId: Id(),
    side: Enum(SIDES),
    reason: Enum(REPORT_REASONS),
    statement: Text(5000),
    evidence: Type.Array(
      Closed({
        sha256: Sha256(),
        fileName: Type.Optional(Text(255)),
        contentType: Text(100),
        sizeBytes: Count(),
      }),
      { maxItems: 10 },
    ),
  }),
);
export const ReviewReportDismissed = def(
  'ReviewReportDismissed',
  'An arbitrator dismissed a report: the review stays as written.',
  Closed({ reportId: Id(), ratingId: Id(), note: Text(2000) }),
);
export const ReviewTextRemoved = def(
  'ReviewTextRemoved',
  "An arbitrator upheld a report: the review's comment, tags and reply are removed, with a public reason; its scores still count.",
  Closed({ reportId: Id(), ratingId: Id(), reason: Enum(REPORT_REASONS), note: Text(2000) }),
);
export const ReviewReportEscalated = def(
  'ReviewReportEscalated',
  'A report was not decided within 10 days: the platform escalated it.',
  Closed({ reportId: Id(), ratingId: Id(), ...DeadlineFired }),
);

// ——— The lifecycle after the first steps, so that nobody is held hostage: negotiation, acceptance
// with consequences, auto-completion, dispute clocks, usage rights over time (DOMAIN.md
// § Negotiation, § Acceptance, § Deadlines, § Usage rights). ———

/** What a counter-offer may change: the creator's quote, the delivery dates, the content (确认达人报价、内容形式、交付时间). */
const Terms = {
  fee: Money(),
  scriptDueAt: Instant(),
  publishDueAt: Instant(),
  deliverables: Type.Array(DeliverableSchema, { minItems: 1, maxItems: 20 }),
};
const Round = () => Type.Integer({ minimum: 1, maximum: 10, description: "The counter-offer's number" });
/** A deadline of the lifecycle: its one rule, when it fell due and when the platform acted. */
const lifecycleDeadline = <const R extends (typeof LIFECYCLE_DEADLINE_RULES)[number]>(rule: R) => ({
  rule: Enum([rule] as const),
  dueAt: Instant('When the deadline fell due'),
  firedAt: Instant('When the platform acted on it'),
});
const ExtensionId = () => Id('Usage rights extension id');

export const CounterOfferMade = def(
  'CounterOfferMade',
  'Before acceptance, a party countered the latest offer with the fee, dates and deliverables it would agree to.',
  Closed({ round: Round(), by: Enum(SIDES), ...Terms, note: Type.Optional(Text(2000)) }),
);
export const CounterOfferAccepted = def(
  'CounterOfferAccepted',
  "A party accepted the other side's counter-offer: its terms are the brief from now on, the fee split again into the milestones.",
  Closed({
    round: Round(),
    acceptedBy: Enum(SIDES),
    brief: BriefSchema,
    milestones: Type.Array(MilestoneSchema, { minItems: 1 }),
  }),
);
export const ContentFixed = def(
  'ContentFixed',
  'The creator fixed content the seller reviewed with issues: a new link, or a note of the edit. Late when after its fix deadline.',
  Closed({
    fixNumber: Type.Integer({ minimum: 1 }),
    url: Type.Optional(Url()),
    note: Type.Optional(Text(2000)),
    fixDueAt: Instant('When the fix was due'),
    late: Type.Boolean(),
    lateByHours: Type.Number({ minimum: 0, description: 'Hours after the fix deadline, to 0.01 h' }),
  }),
);
export const ContentFixOverdue = def(
  'ContentFixOverdue',
  'The creator did not fix content reviewed with issues within the days the brief gives; the final payment stays held.',
  Closed(lifecycleDeadline('CONTENT_FIX_OVERDUE')),
);
export const CollaborationAutoCompleted = def(
  'CollaborationAutoCompleted',
  'Nobody completed the collaboration 3 days after its measurement window; the platform completes it (CollaborationCompleted follows).',
  Closed(lifecycleDeadline('COLLABORATION_AUTO_COMPLETED')),
);
export const DisputeResponseMissed = def(
  'DisputeResponseMissed',
  'The other side stated nothing (no statement, no evidence) within 5 days of the dispute opening; the dispute goes on.',
  Closed({ disputeId: Id(), respondent: Enum(SIDES), ...lifecycleDeadline('DISPUTE_RESPONSE_MISSED') }),
);
export const DisputeEscalated = def(
  'DisputeEscalated',
  'No arbitrator decided the dispute within 30 days of its opening: it is escalated.',
  Closed({ disputeId: Id(), ...lifecycleDeadline('DISPUTE_ESCALATED') }),
);
export const UsageRightsEnded = def(
  'UsageRightsEnded',
  'The usage rights of the content ended: the seller may no longer use it as the brief allowed.',
  Closed(lifecycleDeadline('USAGE_RIGHTS_ENDED')),
);
const Extension = {
  extensionId: ExtensionId(),
  scope: Type.Array(Enum(USAGE_SCOPES), { minItems: 1, maxItems: 3, uniqueItems: true }),
  platforms: Type.Array(PlatformSchema, { minItems: 1, maxItems: 10, uniqueItems: true }),
  endsAt: Instant('The usage rights end then'),
  fee: Type.Optional(Money()),
};
export const UsageRightsExtensionProposed = def(
  'UsageRightsExtensionProposed',
  'The seller proposed an amendment to the usage rights: a later end, a scope and platforms, maybe a fee. It replaces one not yet answered.',
  Closed({ ...Extension, note: Type.Optional(Text(2000)) }),
);
export const UsageRightsExtended = def(
  'UsageRightsExtended',
  'The creator accepted the amendment: the usage rights are those it names; its fee, if any, is a payment milestone due now.',
  Closed({
    ...Extension,
    milestoneName: Type.Optional(MilestoneName()),
  }),
);
export const UsageRightsExtensionDeclined = def(
  'UsageRightsExtensionDeclined',
  'The creator declined the amendment; the usage rights stay as they were.',
  Closed({ extensionId: ExtensionId(), reason: Type.Optional(Text(1000)) }),
);

export const lifecycleEvents = [
  CounterOfferMade,
  CounterOfferAccepted,
  ContentFixed,
  ContentFixOverdue,
  CollaborationAutoCompleted,
  DisputeResponseMissed,
  DisputeEscalated,
  UsageRightsEnded,
  UsageRightsExtensionProposed,
  UsageRightsExtended,
  UsageRightsExtensionDeclined,
];
// ——— end of the lifecycle events ———
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
  // Public reviews
  ReviewReplied,
  ReviewReported,
  ReviewReportDismissed,
  ReviewTextRemoved,
  ReviewReportEscalated,
  ...lifecycleEvents,
  DeadlineReminderSent,
];

export type CollaborationEvent = EventOf<(typeof collaborationEvents)[number]>;
export type CollaborationEventOfType<T extends CollaborationEvent['type']> = Extract<
  CollaborationEvent,
  { type: T }
>;

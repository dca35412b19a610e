import type { Platform } from '../vocabulary.js';
import type { CommandContext } from '../shared.js';
import type { BriefInput } from './brief.js';
import type {
  Brief,
  DeadlineRule,
  UsageScope,
  DisputeOutcome,
  ReminderHours,
  RatingFlagRule,
  ReportReason,
  CollaborationEventOfType,
} from './collaboration.events.js';
import type { MilestoneDecision } from './milestones.js';

type C<Type extends string, Fields> = CommandContext & {
  readonly type: Type;
  readonly collaborationId: string;
} & Fields;

/** What the command handler looks up in other streams before a proposal is decided. */
export interface ProposalLookups {
  readonly sellerRegistered: boolean;
  /** The creator's platforms, or null when no such creator is registered. */
  readonly creatorPlatforms: readonly Platform[] | null;
  /** The seller has the creator on its block list. */
  readonly creatorBlocked: boolean;
}

type Metrics = CollaborationEventOfType<'MetricsSnapshotRecorded'>['data'];

export type CollaborationCommand =
  | C<
      'ProposeCollaboration',
      {
        sellerId: string;
        creatorId: string;
        brief: BriefInput;
        templateId?: string;
        lookups: ProposalLookups;
      }
    >
  | C<'AcceptProposal', object>
  | C<'DeclineProposal', { reason: string }>
  | C<'WithdrawProposal', { reason?: string }>
  | C<'CancelCollaboration', { reason: string }>
  | C<'SubmitScript', { text?: string; url?: string; note?: string }>
  | C<'RequestRevision', { feedback: string }>
  | C<'ApproveScript', object>
  | C<'PublishContent', { platform: Platform; url: string; publishedAt: string }>
  | C<
      'ReviewContent',
      Pick<CollaborationEventOfType<'ContentReviewed'>['data'], 'accepted' | 'issues' | 'comment'>
    >
  | C<
      'RecordMetricsSnapshot',
      Pick<
        Metrics,
        'snapshotId' | 'capturedAt' | 'views' | 'likes' | 'comments' | 'shares' | 'clicks' | 'orders' | 'gmv'
      > & {
        integration?: string;
      }
    >
  | C<'PostMessage', { messageId: string; body: string; attachments?: string[] }>
  | C<'CompleteCollaboration', object>
  | C<
      'RateCollaboration',
      { ratingId: string; scores: Record<string, number>; comment: string; tags?: string[] }
    >
  | C<
      'OpenDispute',
      {
        disputeId: string;
        reason: CollaborationEventOfType<'DisputeOpened'>['data']['reason'];
        statement: string;
      }
    >
  | C<
      'AddEvidence',
      Omit<CollaborationEventOfType<'DisputeEvidenceAdded'>['data'], 'side' | 'contentType' | 'sizeBytes'> & {
        /** The file as the blob store holds it (looked up by the caller); null when never uploaded. */
        file: { contentType: string; sizeBytes: number } | null;
      }
    >
  | C<'AddStatement', { disputeId: string; statementId: string; text: string }>
  | C<
      'ResolveDispute',
      {
        disputeId: string;
        outcome: Exclude<DisputeOutcome, 'WITHDRAWN'>;
        note: string;
        milestoneDecisions?: MilestoneDecision[];
      }
    >
  | C<'WithdrawDispute', { disputeId: string; note?: string }>
  | C<'ReleaseMilestone', { name: string; waiveMissedTargets?: boolean }>
  | C<'FlagRating', { ratingId: string; rule: RatingFlagRule; detail: string }>
  | C<'ReviewRating', { ratingId: string; decision: 'UPHOLD' | 'REMOVE'; note: string }>
  | C<'FireDeadline', { rule: DeadlineRule }>
  // Public reviews (review.decide.ts)
  | C<'ReplyToReview', { ratingId: string; text: string }>
  | C<
      'ReportReview',
      {
        reportId: string;
        ratingId: string;
        reason: ReportReason;
        statement: string;
        evidence: readonly ReportEvidence[];
      }
    >
  | C<
      'DecideReviewReport',
      { reportId: string; decision: 'DISMISS' | 'REMOVE_TEXT'; reason?: ReportReason; note: string }
    >
  // The lifecycle after the first steps (DOMAIN.md § Negotiation, § Acceptance, § Usage rights).
  | C<
      'CounterOffer',
      Partial<Pick<Brief, 'fee' | 'scriptDueAt' | 'publishDueAt' | 'deliverables'>> & { note?: string }
    >
  | C<'AcceptCounterOffer', object>
  | C<'RecordContentFix', { url?: string; note?: string }>
  | C<
      'ProposeUsageRightsExtension',
      {
        extensionId: string;
        endsAt: string;
        scope?: UsageScope[];
        platforms?: Platform[];
        fee?: Brief['fee'];
        note?: string;
      }
    >
  | C<'AcceptUsageRightsExtension', { extensionId: string }>
  | C<'DeclineUsageRightsExtension', { extensionId: string; reason?: string }>
  // Reminders before a deadline acts (reminder.decide.ts)
  | C<'SendDeadlineReminder', { rule: DeadlineRule; dueAt: string; hoursBefore: ReminderHours }>;

/** A file a report cites: its hash, and the file as the blob store holds it (null when never uploaded). */
export interface ReportEvidence {
  readonly sha256: string;
  readonly fileName?: string;
  readonly file: { readonly contentType: string; readonly sizeBytes: number } | null;
}

export type CollaborationCommandType = CollaborationCommand['type'];
export type CollaborationCommandOf<T extends CollaborationCommandType> = Extract<
  CollaborationCommand,
  { type: T }
>;

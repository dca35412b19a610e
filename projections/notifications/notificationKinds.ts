import type { CollaborationEvent, Side } from '../../src/contexts/collaboration/collaboration.events.js';
import type { CreatorEvent } from '../../src/contexts/creator/creator.events.js';
import type { LinkEvent } from '../../src/contexts/links/collaborationLinks.js';
import type { NotificationEvent, Recipient } from '../../src/contexts/notifications/notifications.js';
import type { SellerEvent } from '../../src/contexts/seller/seller.events.js';
import type { SellerLibraryEvent } from '../../src/contexts/sellerLibrary/sellerLibrary.events.js';
import type { UniqueIdEvent } from '../../src/contexts/uniqueIds/uniqueIds.events.js';
import { ownerOfWebhooksStream } from '../../src/contexts/webhooks/webhooks.decide.js';
import type { WebhookEvent } from '../../src/contexts/webhooks/webhooks.events.js';
import type { DomainEvent, Recorded } from '../../src/core/event.js';

/**
 * Which events of the log notify whom, and as what (DOMAIN.md § Notifications): a table over every
 * event type of the catalog, each either mapped to a stable kind with its parameters — never prose:
 * a client words a kind in its own language — or excluded with the reason. An event type added to the
 * catalog does not compile here until it is one or the other (and `notificationKinds.unit.spec.ts`
 * checks the table against the catalog itself).
 *
 * A party is told what the other side (or the platform, or an arbitrator) did that concerns it, never
 * what it did itself; nothing here carries what the double-blind rule hides (a rating's content).
 */

export const NOTIFICATION_KINDS = [
  'PROPOSAL_RECEIVED',
  'PROPOSAL_ACCEPTED',
  'PROPOSAL_DECLINED',
  'PROPOSAL_WITHDRAWN',
  'PROPOSAL_EXPIRED',
  'COLLABORATION_CANCELLED',
  'SCRIPT_SUBMITTED',
  'REVISION_REQUESTED',
  'SCRIPT_APPROVED',
  'SCRIPT_AUTO_APPROVED',
  'CONTENT_PUBLISHED',
  'CONTENT_REVIEWED',
  'CONTENT_AUTO_ACCEPTED',
  'METRICS_RECORDED',
  'MESSAGE_POSTED',
  'COLLABORATION_COMPLETED',
  'PAYMENT_DUE',
  'PAYMENT_RELEASED',
  'PAYMENT_HELD',
  'PAYMENT_HOLD_LIFTED',
  'PAYMENT_REFUNDED',
  'RATING_RECEIVED',
  'RATINGS_REVEALED',
  'RATING_REVIEWED',
  'DISPUTE_OPENED',
  'DISPUTE_EVIDENCE_ADDED',
  'DISPUTE_STATEMENT_ADDED',
  'DISPUTE_RESOLVED',
  'DEADLINE_REMINDER',
  'WEBHOOK_ENDPOINT_DISABLED',
  // Public reviews and verified parties (DOMAIN.md § Public reviews)
  'REVIEW_REPLIED',
  'REVIEW_REPORT_DISMISSED',
  'REVIEW_TEXT_REMOVED',
  'REVIEW_REPORT_ESCALATED',
  'VERIFICATION_APPROVED',
  'VERIFICATION_REJECTED',
  // The lifecycle after the first steps (DOMAIN.md § Negotiation, § Acceptance, § Usage rights)
  'COUNTER_OFFER_RECEIVED',
  'COUNTER_OFFER_ACCEPTED',
  'CONTENT_FIXED',
  'CONTENT_FIX_OVERDUE',
  'COLLABORATION_AUTO_COMPLETED',
  'DISPUTE_RESPONSE_MISSED',
  'DISPUTE_ESCALATED',
  'USAGE_RIGHTS_ENDED',
  'USAGE_RIGHTS_EXTENSION_PROPOSED',
  'USAGE_RIGHTS_EXTENDED',
  'USAGE_RIGHTS_EXTENSION_DECLINED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notification's parameters: plain values a client puts in its own words. */
export type NotificationParams = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** What the projection knows of a collaboration when one of its events arrives. */
export interface About {
  readonly sellerId: string;
  readonly creatorId: string;
  /** Who wrote each rating: a review of a rating goes to its author. */
  readonly ratingAuthors: Readonly<Record<string, Side>>;
}

/** An event of a collaboration, told to some of its two sides. */
export interface CollaborationNotice<E extends CollaborationEvent> {
  readonly kind: NotificationKind;
  readonly sides: (event: Recorded<E>, about: About) => readonly Side[];
  readonly params?: (event: Recorded<E>) => NotificationParams;
}

/** An event of another stream, told to the recipients it names. */
export interface OwnNotice<E extends DomainEvent> {
  readonly kind: NotificationKind;
  readonly recipients: (event: Recorded<E>) => readonly Recipient[];
  readonly params?: (event: Recorded<E>) => NotificationParams;
}

/** Not a notification, and why. */
export interface Excluded {
  readonly excluded: string;
}

/** Every event type of the log (src/contexts/catalog.ts). */
export type LoggedEvent =
  | CollaborationEvent
  | CreatorEvent
  | SellerEvent
  | SellerLibraryEvent
  | UniqueIdEvent
  | LinkEvent
  | WebhookEvent
  | NotificationEvent;

type Of<T extends LoggedEvent['type']> = Extract<LoggedEvent, { readonly type: T }>;

export type NoticeTable = {
  readonly [T in LoggedEvent['type']]: T extends CollaborationEvent['type']
    ? CollaborationNotice<Extract<CollaborationEvent, { readonly type: T }>> | Excluded
    : OwnNotice<Of<T>> | Excluded;
};

const BOTH: readonly Side[] = ['SELLER', 'CREATOR'];
const other = (side: string): Side[] =>
  side === 'SELLER' ? ['CREATOR'] : side === 'CREATOR' ? ['SELLER'] : [...BOTH];
/** Every side but the one that acted (the platform and arbitrators are no side: both are told). */
const others = (event: Recorded<CollaborationEvent>): Side[] => other(event.metadata.role);
const to =
  (...sides: Side[]) =>
  (): readonly Side[] =>
    sides;
/** The side that wrote a rating, and the side it rates (none when the rating is not known). */
const authorOf = (ratingId: string, about: About): Side[] => {
  const author = about.ratingAuthors[ratingId];
  return author ? [author] : [];
};
const rateeOf = (ratingId: string, about: About): Side[] => {
  const author = about.ratingAuthors[ratingId];
  return author ? other(author) : [];
};

export const NOTICES: NoticeTable = {
  CollaborationProposed: {
    kind: 'PROPOSAL_RECEIVED',
    sides: to('CREATOR'),
    params: (e) => ({ title: e.data.brief.title, scriptDueAt: e.data.brief.scriptDueAt }),
  },
  ProposalAccepted: { kind: 'PROPOSAL_ACCEPTED', sides: to('SELLER') },
  ProposalDeclined: { kind: 'PROPOSAL_DECLINED', sides: to('SELLER') },
  ProposalWithdrawn: { kind: 'PROPOSAL_WITHDRAWN', sides: to('CREATOR') },
  ProposalExpired: { kind: 'PROPOSAL_EXPIRED', sides: to(...BOTH) },
  CollaborationCancelled: {
    kind: 'COLLABORATION_CANCELLED',
    sides: (e) => other(e.data.cancelledBy),
    params: (e) => ({ cancelledBy: e.data.cancelledBy }),
  },
  ScriptSubmitted: {
    kind: 'SCRIPT_SUBMITTED',
    sides: to('SELLER'),
    params: (e) => ({ version: e.data.version }),
  },
  RevisionRequested: {
    kind: 'REVISION_REQUESTED',
    sides: to('CREATOR'),
    params: (e) => ({ scriptVersion: e.data.scriptVersion, revisionNumber: e.data.revisionNumber }),
  },
  ScriptApproved: {
    kind: 'SCRIPT_APPROVED',
    sides: to('CREATOR'),
    params: (e) => ({ scriptVersion: e.data.scriptVersion }),
  },
  ScriptAutoApproved: {
    kind: 'SCRIPT_AUTO_APPROVED',
    sides: to(...BOTH),
    params: (e) => ({ scriptVersion: e.data.scriptVersion }),
  },
  ContentPublished: {
    kind: 'CONTENT_PUBLISHED',
    sides: to('SELLER'),
    params: (e) => ({ platform: e.data.platform, late: e.data.late, lateByHours: e.data.lateByHours }),
  },
  ContentReviewed: {
    kind: 'CONTENT_REVIEWED',
    sides: to('CREATOR'),
    params: (e) => ({ accepted: e.data.accepted, issues: e.data.issues }),
  },
  ContentAutoAccepted: { kind: 'CONTENT_AUTO_ACCEPTED', sides: to(...BOTH) },
  MetricsSnapshotRecorded: {
    kind: 'METRICS_RECORDED',
    sides: others,
    params: (e) => ({ final: e.data.final, inconsistent: e.data.inconsistent }),
  },
  MessagePosted: {
    kind: 'MESSAGE_POSTED',
    sides: (e) => other(e.data.side),
    params: (e) => ({ messageId: e.data.messageId, side: e.data.side }),
  },
  CollaborationCompleted: {
    kind: 'COLLABORATION_COMPLETED',
    sides: to('CREATOR'),
    params: (e) => ({ targetsMet: e.data.targetsMet, ratingWindowClosesAt: e.data.ratingWindowClosesAt }),
  },
  MilestoneDue: {
    kind: 'PAYMENT_DUE',
    sides: to('SELLER'),
    params: (e) => ({
      milestone: e.data.name,
      amountMinor: e.data.amount.amountMinor,
      currency: e.data.amount.currency,
    }),
  },
  MilestoneReleased: {
    kind: 'PAYMENT_RELEASED',
    sides: to('CREATOR'),
    params: (e) => ({
      milestone: e.data.name,
      amountMinor: e.data.amount.amountMinor,
      currency: e.data.amount.currency,
    }),
  },
  MilestoneHeld: {
    kind: 'PAYMENT_HELD',
    sides: to(...BOTH),
    params: (e) => ({ milestone: e.data.name, reason: e.data.reason }),
  },
  MilestoneHoldLifted: {
    kind: 'PAYMENT_HOLD_LIFTED',
    sides: to(...BOTH),
    params: (e) => ({ milestone: e.data.name }),
  },
  MilestoneRefunded: {
    kind: 'PAYMENT_REFUNDED',
    sides: to('SELLER'),
    params: (e) => ({
      milestone: e.data.name,
      amountMinor: e.data.amount.amountMinor,
      currency: e.data.amount.currency,
    }),
  },
  MilestoneCancelled: {
    excluded: 'follows a cancellation, which both sides are told of (COLLABORATION_CANCELLED)',
  },
  // That the other side rated is known; what it said stays hidden until revealed: no parameter tells it.
  CollaborationRated: {
    kind: 'RATING_RECEIVED',
    sides: (e) => other(e.data.direction === 'SELLER_TO_CREATOR' ? 'SELLER' : 'CREATOR'),
  },
  RatingsRevealed: {
    kind: 'RATINGS_REVEALED',
    sides: to(...BOTH),
    params: (e) => ({ reason: e.data.reason }),
  },
  RatingWindowClosed: {
    excluded: 'what it changes is told by RATINGS_REVEALED, and the reminders before it told who had to rate',
  },
  RatingFlagged: {
    excluded:
      'the rating review is the arbitrators’ until decided; telling the rated side would tell of a rating still hidden',
  },
  RatingReviewed: {
    kind: 'RATING_REVIEWED',
    sides: (e, about) => {
      const author = about.ratingAuthors[e.data.ratingId];
      return author ? [author] : [];
    },
    params: (e) => ({ decision: e.data.decision }),
  },
  DisputeOpened: {
    kind: 'DISPUTE_OPENED',
    sides: (e) => other(e.data.openedBy),
    params: (e) => ({ disputeId: e.data.disputeId, reason: e.data.reason }),
  },
  DisputeEvidenceAdded: {
    kind: 'DISPUTE_EVIDENCE_ADDED',
    sides: (e) => other(e.data.side),
    params: (e) => ({ disputeId: e.data.disputeId, evidenceKind: e.data.kind }),
  },
  DisputeStatementAdded: {
    kind: 'DISPUTE_STATEMENT_ADDED',
    sides: (e) => other(e.data.side),
    params: (e) => ({ disputeId: e.data.disputeId, side: e.data.side }),
  },
  DisputeResolved: {
    kind: 'DISPUTE_RESOLVED',
    sides: others,
    params: (e) => ({ disputeId: e.data.disputeId, outcome: e.data.outcome }),
  },
  DeadlineReminderSent: {
    kind: 'DEADLINE_REMINDER',
    sides: (e) => e.data.sides,
    params: (e) => ({ rule: e.data.rule, dueAt: e.data.dueAt, hoursBefore: e.data.hoursBefore }),
  },

  // Public reviews (DOMAIN.md § Public reviews): the reviewer hears of a reply and of its text removed;
  // the reporter of what arbitration decided. A report itself is the reporter's and arbitration's
  // business (redaction.ts withholds it from the reviewer), so the reviewer hears only of a removal.
  ReviewReplied: {
    kind: 'REVIEW_REPLIED',
    sides: (e, about) => authorOf(e.data.ratingId, about),
  },
  ReviewReported: {
    excluded: 'arbitration’s business until decided; the reviewer is not told of a report (redaction.ts)',
  },
  ReviewReportDismissed: {
    kind: 'REVIEW_REPORT_DISMISSED',
    sides: (e, about) => rateeOf(e.data.ratingId, about),
  },
  ReviewTextRemoved: {
    kind: 'REVIEW_TEXT_REMOVED',
    sides: to(...BOTH),
    params: (e) => ({ reason: e.data.reason }),
  },
  ReviewReportEscalated: {
    kind: 'REVIEW_REPORT_ESCALATED',
    sides: (e, about) => rateeOf(e.data.ratingId, about),
  },
  // Negotiation, acceptance with consequences, the lifecycle's deadlines, usage rights.
  CounterOfferMade: {
    kind: 'COUNTER_OFFER_RECEIVED',
    sides: (e) => other(e.data.by),
    params: (e) => ({
      round: e.data.round,
      amountMinor: e.data.fee.amountMinor,
      currency: e.data.fee.currency,
      scriptDueAt: e.data.scriptDueAt,
      publishDueAt: e.data.publishDueAt,
    }),
  },
  CounterOfferAccepted: {
    kind: 'COUNTER_OFFER_ACCEPTED',
    sides: (e) => other(e.data.acceptedBy),
    params: (e) => ({ round: e.data.round }),
  },
  ContentFixed: {
    kind: 'CONTENT_FIXED',
    sides: to('SELLER'),
    params: (e) => ({ fixNumber: e.data.fixNumber, late: e.data.late }),
  },
  ContentFixOverdue: { kind: 'CONTENT_FIX_OVERDUE', sides: to(...BOTH) },
  // The creator hears of the completion that follows (COLLABORATION_COMPLETED); the seller, that the
  // platform completed it in its place.
  CollaborationAutoCompleted: { kind: 'COLLABORATION_AUTO_COMPLETED', sides: to('SELLER') },
  DisputeResponseMissed: {
    kind: 'DISPUTE_RESPONSE_MISSED',
    sides: to(...BOTH),
    params: (e) => ({ disputeId: e.data.disputeId, side: e.data.respondent }),
  },
  DisputeEscalated: {
    kind: 'DISPUTE_ESCALATED',
    sides: to(...BOTH),
    params: (e) => ({ disputeId: e.data.disputeId }),
  },
  UsageRightsEnded: { kind: 'USAGE_RIGHTS_ENDED', sides: to(...BOTH) },
  UsageRightsExtensionProposed: {
    kind: 'USAGE_RIGHTS_EXTENSION_PROPOSED',
    sides: to('CREATOR'),
    params: (e) => ({
      endsAt: e.data.endsAt,
      ...(e.data.fee ? { amountMinor: e.data.fee.amountMinor, currency: e.data.fee.currency } : {}),
    }),
  },
  UsageRightsExtended: {
    kind: 'USAGE_RIGHTS_EXTENDED',
    sides: to('SELLER'),
    params: (e) => ({ endsAt: e.data.endsAt }),
  },
  UsageRightsExtensionDeclined: { kind: 'USAGE_RIGHTS_EXTENSION_DECLINED', sides: to('SELLER') },
  CreatorRegistered: { excluded: 'a party’s own profile: nobody else acted' },
  CreatorProfileUpdated: { excluded: 'a party’s own profile: nobody else acted' },
  SellerRegistered: { excluded: 'a party’s own profile: nobody else acted' },
  // Verified parties: the party hears what an arbitrator decided of its verification.
  SellerVerificationSubmitted: { excluded: 'the seller’s own act; arbitrators see the verification queue' },
  SellerVerificationApproved: {
    kind: 'VERIFICATION_APPROVED',
    recipients: (e) => [{ role: 'SELLER', id: e.data.sellerId }],
  },
  SellerVerificationRejected: {
    kind: 'VERIFICATION_REJECTED',
    recipients: (e) => [{ role: 'SELLER', id: e.data.sellerId }],
  },
  CreatorVerificationRequested: {
    excluded: 'the creator’s own act; arbitrators see the verification queue',
  },
  CreatorAccountVerified: {
    kind: 'VERIFICATION_APPROVED',
    recipients: (e) => [{ role: 'CREATOR', id: e.data.creatorId }],
    params: (e) => ({ platform: e.data.platform }),
  },
  CreatorLanguageVerified: {
    kind: 'VERIFICATION_APPROVED',
    recipients: (e) => [{ role: 'CREATOR', id: e.data.creatorId }],
    params: (e) => ({ language: e.data.language }),
  },
  CreatorVerificationDeclined: {
    kind: 'VERIFICATION_REJECTED',
    recipients: (e) => [{ role: 'CREATOR', id: e.data.creatorId }],
  },
  CreatorTagged: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  CreatorUntagged: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  CreatorNoteAdded: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  CreatorFavourited: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  CreatorUnfavourited: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  CreatorBlocked: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  CreatorUnblocked: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  BriefTemplateSaved: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  BriefTemplateDeleted: {
    excluded: 'the seller’s private library: only the seller acts there, and nobody else sees it',
  },
  IdClaimed: { excluded: 'bookkeeping of the log (an id claimed for a dispute), told by DISPUTE_OPENED' },
  CollaborationLinked: { excluded: 'bookkeeping of the log (an index of a creator’s history)' },
  WebhookEndpointCreated: { excluded: 'the owner’s own act' },
  WebhookSecretRotated: { excluded: 'the owner’s own act' },
  WebhookEndpointDisabled: {
    kind: 'WEBHOOK_ENDPOINT_DISABLED',
    // Disabled by its owner: its own act. By the platform: the owner must hear of it.
    recipients: (e) => (e.data.reason === 'DELIVERIES_FAILING' ? [ownerOfWebhooksStream(e.streamId)] : []),
    params: (e) => ({
      endpointId: e.data.endpointId,
      reason: e.data.reason,
      ...(e.data.failingSince ? { failingSince: e.data.failingSince } : {}),
    }),
  },
  WebhookEndpointEnabled: { excluded: 'the owner’s own act' },
  WebhookEndpointDeleted: { excluded: 'the owner’s own act' },
  WebhookReplayRequested: { excluded: 'the owner’s own act' },
  NotificationsRead: {
    excluded: 'a recipient reading: it changes what is unread, and tells nobody anything',
  },
};

export const isExcluded = (entry: object): entry is Excluded => 'excluded' in entry;

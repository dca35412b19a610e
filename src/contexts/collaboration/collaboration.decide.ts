import type { Decider } from '../../core/decider.js';
import { assertNever } from '../../core/decider.js';
import { DomainError } from '../../core/errors.js';
import { HOUR_MS, ms, requireRole } from '../shared.js';
import { decideAcceptance } from './acceptance.js';
import { allocateMilestones, checkBrief, withBriefDefaults } from './brief.js';
import type { CollaborationCommand, CollaborationCommandOf } from './collaboration.commands.js';
import type { CollaborationEvent } from './collaboration.events.js';
import {
  initialCollaborationState,
  evolveCollaboration,
  sideOf,
  type CollaborationState,
} from './collaboration.state.js';
import { completionEvents } from './completion.js';
import { fireDeadline } from './deadlines.decide.js';
import { decideDispute } from './dispute.decide.js';
import { compact, nonBlank, pendingScript, requireSide, requireStatus } from './guards.js';
import { finalFrom, finalSnapshot, inconsistentFields } from './metrics.js';
import { milestonesDueOn } from './milestones.js';
import { decideNegotiation } from './negotiation.js';
import { decideRating } from './rating.decide.js';
import { decideReview } from './review.decide.js';
import { decideUsageRights } from './usageRights.js';
import { decideReminder } from './reminder.decide.js';

/** Each collaboration's events are a stream of their own: this prefix and the collaboration's id. */
export const COLLABORATION_STREAM_PREFIX = 'collaboration-';
export const collaborationStreamId = (collaborationId: string): string =>
  `${COLLABORATION_STREAM_PREFIX}${collaborationId}`;
export const isCollaborationStream = (streamId: string): boolean =>
  streamId.startsWith(COLLABORATION_STREAM_PREFIX);
/** The collaboration whose stream this is. */
export const collaborationIdOfStream = (streamId: string): string =>
  streamId.slice(COLLABORATION_STREAM_PREFIX.length);

/** Clock skew tolerated on times a party reports (publish, metrics capture). */
const SKEW_MS = 5 * 60_000;

type Handler<T extends CollaborationCommand['type']> = (
  command: CollaborationCommandOf<T>,
  state: CollaborationState,
) => CollaborationEvent[];

const propose: Handler<'ProposeCollaboration'> = (command, state) => {
  requireRole(command.actor, 'SELLER');
  if (command.actor.partyId !== command.sellerId) {
    throw new DomainError('FORBIDDEN', 'A seller proposes collaborations only for itself');
  }
  if (state.status !== 'NONE') {
    throw new DomainError(
      'COLLABORATION_ALREADY_EXISTS',
      `Collaboration ${command.collaborationId} already exists`,
    );
  }
  const { lookups } = command;
  if (!lookups.sellerRegistered)
    throw new DomainError('SELLER_NOT_FOUND', `Seller ${command.sellerId} is not registered`);
  if (!lookups.creatorPlatforms) {
    throw new DomainError('CREATOR_NOT_FOUND', `Creator ${command.creatorId} is not registered`);
  }
  if (lookups.creatorBlocked) {
    throw new DomainError('CREATOR_BLOCKED', `Creator ${command.creatorId} is on this seller's block list`);
  }
  const brief = withBriefDefaults(command.brief);
  checkBrief(brief, command.now);
  const missing = brief.platforms.filter((p) => !lookups.creatorPlatforms!.includes(p));
  if (missing.length > 0) {
    throw new DomainError('CREATOR_NOT_ON_PLATFORM', `The creator has no account on ${missing.join(', ')}`, {
      missing,
    });
  }
  return [
    {
      type: 'CollaborationProposed',
      data: compact({
        collaborationId: command.collaborationId,
        sellerId: command.sellerId,
        creatorId: command.creatorId,
        brief,
        milestones: allocateMilestones(brief),
        templateId: command.templateId,
      }),
    },
  ];
};

const decline: Handler<'DeclineProposal'> = (command, state) => {
  requireSide(state, command.actor, 'CREATOR');
  requireStatus(state, 'decline', 'PROPOSED');
  nonBlank(command.reason, 'REASON_REQUIRED', 'Declining needs a reason');
  return [{ type: 'ProposalDeclined', data: { reason: command.reason } }];
};

const withdraw: Handler<'WithdrawProposal'> = (command, state) => {
  requireSide(state, command.actor, 'SELLER');
  requireStatus(state, 'withdraw', 'PROPOSED');
  return [{ type: 'ProposalWithdrawn', data: compact({ reason: command.reason }) }];
};

const cancel: Handler<'CancelCollaboration'> = (command, state) => {
  const side = requireSide(state, command.actor);
  requireStatus(state, 'cancel', 'ACTIVE', 'SCRIPT_APPROVED');
  if (state.openDisputeId)
    throw new DomainError('DISPUTE_OPEN', 'Resolve the open dispute before cancelling');
  nonBlank(command.reason, 'REASON_REQUIRED', 'Cancelling needs a reason');
  return [
    { type: 'CollaborationCancelled', data: { cancelledBy: side, reason: command.reason } },
    ...state.milestones
      .filter((m) => m.settlement === 'OPEN')
      .map((m): CollaborationEvent => ({ type: 'MilestoneCancelled', data: { name: m.name } })),
  ];
};

const submitScript: Handler<'SubmitScript'> = (command, state) => {
  requireSide(state, command.actor, 'CREATOR');
  requireStatus(state, 'submit a script', 'ACTIVE');
  if (state.scripts.some((s) => s.outcome === 'PENDING')) {
    throw new DomainError('SCRIPT_ALREADY_PENDING', 'The last script version awaits the seller’s response');
  }
  if (!command.text?.trim() && !command.url) {
    throw new DomainError('SCRIPT_EMPTY', 'A script version needs a text or a link');
  }
  return [
    {
      type: 'ScriptSubmitted',
      data: compact({
        version: state.scripts.length + 1,
        text: command.text,
        url: command.url,
        note: command.note,
      }),
    },
  ];
};

const requestRevision: Handler<'RequestRevision'> = (command, state) => {
  requireSide(state, command.actor, 'SELLER');
  requireStatus(state, 'request a revision', 'ACTIVE');
  const pending = pendingScript(state);
  const limit = state.brief!.revisionLimit;
  if (state.revisionsRequested >= limit) {
    throw new DomainError('REVISION_LIMIT_REACHED', `The brief allows ${limit} revision request(s)`, {
      revisionLimit: limit,
      revisionsRequested: state.revisionsRequested,
    });
  }
  nonBlank(
    command.feedback,
    'VAGUE_FEEDBACK',
    'A revision request needs concrete feedback (10 characters or more)',
    10,
  );
  return [
    {
      type: 'RevisionRequested',
      data: {
        scriptVersion: pending.version,
        revisionNumber: state.revisionsRequested + 1,
        feedback: command.feedback,
      },
    },
  ];
};

const approveScript: Handler<'ApproveScript'> = (command, state) => {
  requireSide(state, command.actor, 'SELLER');
  requireStatus(state, 'approve a script', 'ACTIVE');
  const pending = pendingScript(state);
  return [
    { type: 'ScriptApproved', data: { scriptVersion: pending.version } },
    ...milestonesDueOn(state, 'SCRIPT_APPROVAL'),
  ];
};

const publish: Handler<'PublishContent'> = (command, state) => {
  requireSide(state, command.actor, 'CREATOR');
  requireStatus(state, 'publish', 'SCRIPT_APPROVED');
  const brief = state.brief!;
  if (!brief.platforms.includes(command.platform)) {
    throw new DomainError('PLATFORM_NOT_IN_BRIEF', `The brief asks for ${brief.platforms.join(', ')}`);
  }
  const publishedAt = ms(command.publishedAt);
  if (Number.isNaN(publishedAt) || publishedAt > ms(command.now) + SKEW_MS) {
    throw new DomainError('PUBLISHED_IN_FUTURE', 'publishedAt cannot be in the future');
  }
  if (publishedAt < ms(state.proposedAt)) {
    throw new DomainError('PUBLISHED_BEFORE_PROPOSAL', 'publishedAt cannot precede the proposal');
  }
  const lateMs = Math.max(0, publishedAt - ms(brief.publishDueAt));
  return [
    {
      type: 'ContentPublished',
      data: {
        platform: command.platform,
        url: command.url,
        publishedAt: new Date(publishedAt).toISOString(),
        publishDueAt: brief.publishDueAt,
        late: lateMs > 0,
        lateByHours: Math.round((lateMs / HOUR_MS) * 100) / 100,
      },
    },
    ...milestonesDueOn(state, 'PUBLISH'),
  ];
};

const recordMetrics: Handler<'RecordMetricsSnapshot'> = (command, state) => {
  const side = requireSide(state, command.actor);
  if (['PROPOSED', 'ACTIVE', 'SCRIPT_APPROVED'].includes(state.status)) {
    throw new DomainError('METRICS_BEFORE_PUBLISH', 'Metrics are recorded only after publish');
  }
  requireStatus(state, 'record metrics', 'PUBLISHED', 'COMPLETED');
  const publish = state.publish!;
  const captured = ms(command.capturedAt);
  if (Number.isNaN(captured) || captured < ms(publish.publishedAt)) {
    throw new DomainError(
      'METRICS_BEFORE_PUBLISH',
      'A snapshot cannot be captured before the content was published',
    );
  }
  if (captured > ms(command.now) + SKEW_MS)
    throw new DomainError('METRICS_IN_FUTURE', 'capturedAt is in the future');
  if (state.snapshots.some((s) => s.snapshotId === command.snapshotId)) {
    throw new DomainError('DUPLICATE_SNAPSHOT', `Snapshot ${command.snapshotId} is already recorded`);
  }
  if (command.gmv.currency !== state.brief!.fee.currency) {
    throw new DomainError(
      'CURRENCY_MISMATCH',
      `GMV is recorded in the fee's currency, ${state.brief!.fee.currency}`,
    );
  }
  const capturedAt = new Date(captured).toISOString();
  const fields = inconsistentFields(state.snapshots, { ...command, capturedAt });
  return [
    {
      type: 'MetricsSnapshotRecorded',
      data: compact({
        snapshotId: command.snapshotId,
        source: command.integration ? 'INTEGRATION' : side,
        integration: command.integration,
        capturedAt,
        views: command.views,
        likes: command.likes,
        comments: command.comments,
        shares: command.shares,
        clicks: command.clicks,
        orders: command.orders,
        gmv: command.gmv,
        final: captured >= finalFrom(publish.publishedAt, state.brief!.measurementWindowDays),
        inconsistent: fields.length > 0,
        inconsistentFields: fields,
      }),
    },
  ];
};

const postMessage: Handler<'PostMessage'> = (command, state) => {
  const side = command.actor.role === 'ARBITRATOR' ? 'ARBITRATOR' : requireSide(state, command.actor);
  nonBlank(command.body, 'EMPTY_MESSAGE', 'A message needs a body');
  return [
    {
      type: 'MessagePosted',
      data: {
        messageId: command.messageId,
        side,
        body: command.body,
        attachments: command.attachments ?? [],
      },
    },
  ];
};

const complete: Handler<'CompleteCollaboration'> = (command, state) => {
  requireSide(state, command.actor, 'SELLER');
  requireStatus(state, 'complete', 'PUBLISHED');
  const final = finalSnapshot(state);
  const windowEnd = finalFrom(state.publish!.publishedAt, state.brief!.measurementWindowDays);
  if (!final && ms(command.now) < windowEnd) {
    throw new DomainError(
      'METRICS_NOT_FINAL',
      `Completion needs final metrics or the measurement window elapsed (${new Date(windowEnd).toISOString()})`,
      { windowEndsAt: new Date(windowEnd).toISOString() },
    );
  }
  return completionEvents(state, command.now);
};

const releaseMilestone: Handler<'ReleaseMilestone'> = (command, state) => {
  requireSide(state, command.actor, 'SELLER');
  const milestone = state.milestones.find((m) => m.name === command.name);
  if (!milestone) throw new DomainError('MILESTONE_NOT_FOUND', `No milestone ${command.name} in this brief`);
  if (milestone.settlement !== 'OPEN') {
    throw new DomainError(
      'MILESTONE_ALREADY_SETTLED',
      `Milestone ${command.name} is ${milestone.settlement}`,
    );
  }
  // DOMAIN.md: no milestone is released while a dispute is open.
  if (state.openDisputeId || milestone.disputeHold) {
    throw new DomainError('DISPUTE_OPEN', 'Milestones stay held while a dispute is open');
  }
  if (!milestone.due) throw new DomainError('MILESTONE_NOT_DUE', `Milestone ${command.name} is not due yet`);
  if (milestone.targetsMissed && !command.waiveMissedTargets) {
    throw new DomainError(
      'TARGETS_MISSED',
      `Held for missed targets: ${milestone.targetsMissed.join(', ')}; waive them to release`,
      {
        missedTargets: milestone.targetsMissed,
      },
    );
  }
  return [
    {
      type: 'MilestoneReleased',
      data: {
        name: milestone.name,
        amount: milestone.amount,
        trigger: 'SELLER',
        waivedTargets: [...(milestone.targetsMissed ?? [])],
      },
    },
  ];
};

export const decideCollaboration = (
  command: CollaborationCommand,
  state: CollaborationState,
): CollaborationEvent[] => {
  // A seller or creator who is not a party learns nothing, not even that the collaboration exists:
  // the same refusal as for an id nobody used (DOMAIN.md § Who uses it).
  if (
    command.type !== 'ProposeCollaboration' &&
    (state.status === 'NONE' ||
      ((command.actor.role === 'SELLER' || command.actor.role === 'CREATOR') &&
        !sideOf(state, command.actor.role, command.actor.partyId)))
  ) {
    throw new DomainError('COLLABORATION_NOT_FOUND', `No collaboration ${command.collaborationId}`);
  }
  switch (command.type) {
    case 'ProposeCollaboration':
      return propose(command, state);
    case 'DeclineProposal':
      return decline(command, state);
    case 'WithdrawProposal':
      return withdraw(command, state);
    case 'CancelCollaboration':
      return cancel(command, state);
    case 'SubmitScript':
      return submitScript(command, state);
    case 'RequestRevision':
      return requestRevision(command, state);
    case 'ApproveScript':
      return approveScript(command, state);
    case 'PublishContent':
      return publish(command, state);
    case 'RecordMetricsSnapshot':
      return recordMetrics(command, state);
    case 'PostMessage':
      return postMessage(command, state);
    case 'CompleteCollaboration':
      return complete(command, state);
    case 'ReleaseMilestone':
      return releaseMilestone(command, state);
    case 'FireDeadline':
      return fireDeadline(command, state);
    case 'AcceptProposal':
    case 'CounterOffer':
    case 'AcceptCounterOffer':
      return decideNegotiation(command, state);
    case 'ReviewContent':
    case 'RecordContentFix':
      return decideAcceptance(command, state);
    case 'ProposeUsageRightsExtension':
    case 'AcceptUsageRightsExtension':
    case 'DeclineUsageRightsExtension':
      return decideUsageRights(command, state);
    case 'SendDeadlineReminder':
      return decideReminder(command, state);
    case 'RateCollaboration':
    case 'FlagRating':
    case 'ReviewRating':
      return decideRating(command, state);
    case 'OpenDispute':
    case 'AddEvidence':
    case 'AddStatement':
    case 'ResolveDispute':
    case 'WithdrawDispute':
      return decideDispute(command, state);
    case 'ReplyToReview':
    case 'ReportReview':
    case 'DecideReviewReport':
      return decideReview(command, state);
    default:
      return assertNever(command);
  }
};

export const collaborationDecider: Decider<CollaborationCommand, CollaborationState, CollaborationEvent> = {
  initialState: initialCollaborationState,
  evolve: evolveCollaboration,
  decide: decideCollaboration,
};

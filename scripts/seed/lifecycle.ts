import { addMonths } from '../../src/contexts/collaboration/calendar.js';
import type { CollaborationState } from '../../src/contexts/collaboration/collaboration.state.js';
import { pendingDeadlines } from '../../src/contexts/collaboration/deadlines.js';
import type { DeadlineRule } from '../../src/contexts/collaboration/collaboration.events.js';
import { PLATFORM_ACTOR, addDays, type Actor } from '../../src/contexts/shared.js';
import type { CollaborationCommandBody } from '../../src/contexts/writeSide.js';
import type { Random } from './random.js';

/**
 * The seed's stories of the lifecycle after the first steps (DOMAIN.md § Negotiation, § Acceptance,
 * § Deadlines, § Usage rights): counter-offers, content fixed on time, late or never, completion by
 * the platform, the dispute's clocks, usage rights extended and ended. Each draws from a generator of
 * its own (`more`), so the stories the seed told before stay the same.
 */

type Send = (actor: Actor, now: string, body: CollaborationCommandBody) => Promise<unknown>;

const hours = (instant: string, h: number) => new Date(Date.parse(instant) + h * 3_600_000).toISOString();

export interface Lifecycle {
  readonly send: Send;
  readonly more: Random;
  readonly seller: Actor;
  readonly creator: Actor;
  /** The collaboration as the last command accepted left it. */
  readonly state: () => CollaborationState | undefined;
}

/** When a deadline of the collaboration falls due, if it runs now. */
export const dueAt = (state: CollaborationState | undefined, rule: DeadlineRule): string | undefined =>
  state && pendingDeadlines(state).find((d) => d.rule === rule)?.dueAt;

/** The platform fires a deadline that runs, when it falls due; answers when, or undefined. */
export const fire = async (l: Lifecycle, rule: DeadlineRule): Promise<string | undefined> => {
  const at = dueAt(l.state(), rule);
  if (at) await l.send(PLATFORM_ACTOR, at, { type: 'FireDeadline', rule });
  return at;
};

/** The creator asks more; the seller accepts, or meets it halfway and the creator accepts. */
export const negotiate = async (
  l: Lifecycle,
  fee: { amountMinor: number; currency: string },
  t0: string,
  acceptAt: string,
): Promise<void> => {
  const asked = Math.round(fee.amountMinor * (1.1 + l.more.float() * 0.3));
  await l.send(l.creator, hours(t0, 1), {
    type: 'CounterOffer',
    fee: { amountMinor: asked, currency: fee.currency },
    note: 'My rate for this format, with the usage rights asked',
  });
  if (l.more.chance(0.6)) {
    await l.send(l.seller, acceptAt, { type: 'AcceptCounterOffer' });
    return;
  }
  await l.send(l.seller, hours(t0, 1.5), {
    type: 'CounterOffer',
    fee: { amountMinor: Math.round((fee.amountMinor + asked) / 2), currency: fee.currency },
  });
  await l.send(l.creator, acceptAt, { type: 'AcceptProposal' });
};

/**
 * The seller finds the content off the brief; the creator fixes it in time, or late after the
 * deadline fired. Answers whether the seller then stays silent (the platform accepts the fix later).
 */
export const reviewWithIssues = async (l: Lifecycle, publishedAt: string): Promise<boolean> => {
  const reviewedAt = hours(publishedAt, 12);
  await l.send(l.seller, reviewedAt, {
    type: 'ReviewContent',
    accepted: false,
    issues: ['OFF_BRIEF'],
    comment: 'The demo the brief asks for is missing',
  });
  if (l.more.chance(0.7)) {
    await l.send(l.creator, hours(reviewedAt, 48), {
      type: 'RecordContentFix',
      url: `https://video.example.com/fixed/${l.state()?.collaborationId}`,
      note: 'Demo added at 0:08',
    });
    await l.send(l.seller, hours(reviewedAt, 72), { type: 'ReviewContent', accepted: true, issues: [] });
    return false;
  }
  await fire(l, 'CONTENT_FIX_OVERDUE');
  await l.send(l.creator, hours(reviewedAt, 126), { type: 'RecordContentFix', note: 'Re-cut with the demo' });
  if (l.more.chance(0.5)) return true;
  await l.send(l.seller, hours(reviewedAt, 130), { type: 'ReviewContent', accepted: true, issues: [] });
  return false;
};

/** Usage rights: sometimes extended (a fee with it, half the time), then ended when the seed's time reaches it. */
export const usageRightsOverTime = async (l: Lifecycle, horizon: string): Promise<void> => {
  const rights = l.state()?.usageRights;
  if (!rights?.endsAt || rights.scope.length === 0) return;
  if (l.more.chance(0.15)) {
    const proposedAt = addDays(rights.endsAt, -10);
    const fee = l.more.chance(0.5)
      ? { amountMinor: l.more.int(5_000, 50_000), currency: l.state()!.brief!.fee.currency }
      : undefined;
    const extensionId = `x-${l.state()!.collaborationId}`;
    await l.send(l.seller, proposedAt, {
      type: 'ProposeUsageRightsExtension',
      extensionId,
      endsAt: addMonths(rights.endsAt, 6),
      scope: ['ORGANIC', 'PAID_ADS', 'WHITELISTING'],
      ...(fee ? { fee } : {}),
    });
    if (l.more.chance(0.7)) {
      await l.send(l.creator, addDays(proposedAt, 2), { type: 'AcceptUsageRightsExtension', extensionId });
      const name = l.state()!.milestones.find((m) => m.extensionId === extensionId)?.name;
      if (name) await l.send(l.seller, addDays(proposedAt, 3), { type: 'ReleaseMilestone', name });
    } else {
      await l.send(l.creator, addDays(proposedAt, 2), {
        type: 'DeclineUsageRightsExtension',
        extensionId,
        reason: 'Not for whitelisting',
      });
    }
  }
  const end = dueAt(l.state(), 'USAGE_RIGHTS_ENDED');
  if (end && Date.parse(end) <= Date.parse(horizon)) await fire(l, 'USAGE_RIGHTS_ENDED');
};

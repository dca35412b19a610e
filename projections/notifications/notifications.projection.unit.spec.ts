import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import { day } from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import type { Role } from '../../src/core/event.js';
import {
  NOTIFICATION_INBOXES,
  NOTIFICATIONS,
  notificationsProjection,
  type NotificationDoc,
} from './notifications.projection.js';

const seller = { userId: 'u-s1', role: 'SELLER' as Role };
const creator = { userId: 'u-c1', role: 'CREATOR' as Role };
const platform = { userId: 'platform', role: 'PLATFORM' as Role };

const history = () => {
  const log = new LogBuilder();
  const k = 'collaboration-k1';
  log.add(
    k,
    {
      type: 'CollaborationProposed',
      data: {
        collaborationId: 'k1',
        sellerId: 's1',
        creatorId: 'c1',
        brief: { title: 'Serum', scriptDueAt: day(5) },
      },
    },
    day(0),
    seller,
  );
  log.add(k, { type: 'ProposalAccepted', data: {} }, day(1), creator);
  log.add(k, { type: 'ScriptSubmitted', data: { version: 1, text: 'draft' } }, day(2), creator);
  log.add(
    k,
    {
      type: 'DeadlineReminderSent',
      data: { rule: 'SCRIPT_AUTO_APPROVED', dueAt: day(9), hoursBefore: 48, sides: ['SELLER'] },
    },
    day(7),
    platform,
  );
  log.add(
    k,
    {
      type: 'CollaborationRated',
      data: {
        ratingId: 'r1',
        direction: 'CREATOR_TO_SELLER',
        raterId: 'c1',
        rateeId: 's1',
        scores: { BRIEF_CLARITY: 1 },
        comment: 'A comment the seller may not read yet',
        tags: ['SLOW_PAYMENT'],
      },
    },
    day(20),
    creator,
  );
  log.add(
    k,
    { type: 'RatingReviewed', data: { ratingId: 'r1', decision: 'UPHELD', note: 'fits the facts' } },
    day(21),
    { userId: 'u-a1', role: 'ARBITRATOR' },
  );
  return log;
};

const of = (docs: Map<string, NotificationDoc>, recipientKey: string) =>
  [...docs.values()].filter((d) => d.recipientKey === recipientKey).map((d) => [d.kind, d.params]);

describe('notifications', () => {
  it('tells each side what the other did, never what it did itself', async () => {
    const docs = (await replayProjection(notificationsProjection, history().events)).all(NOTIFICATIONS.name);
    expect(of(docs, 'CREATOR:c1')).toEqual([
      ['PROPOSAL_RECEIVED', { title: 'Serum', scriptDueAt: day(5) }],
      ['RATING_REVIEWED', { decision: 'UPHELD' }],
    ]);
    expect(of(docs, 'SELLER:s1')).toEqual([
      ['PROPOSAL_ACCEPTED', {}],
      ['SCRIPT_SUBMITTED', { version: 1 }],
      ['DEADLINE_REMINDER', { rule: 'SCRIPT_AUTO_APPROVED', dueAt: day(9), hoursBefore: 48 }],
      // That the creator rated, and nothing of what it said: the rating is still hidden.
      ['RATING_RECEIVED', {}],
    ]);
    const first = [...docs.values()].find((d) => d.kind === 'PROPOSAL_ACCEPTED')!;
    expect(first).toMatchObject({
      collaborationId: 'k1',
      title: 'Serum',
      eventType: 'ProposalAccepted',
      position: 2,
    });
  });

  it('tells the reviewer of a reply and of its text removed, the reporter of the decision, and the reviewer nothing of a report', async () => {
    const log = history();
    const k = 'collaboration-k1';
    const arbitrator = { userId: 'u-a1', role: 'ARBITRATOR' as Role };
    log.add(
      k,
      { type: 'RatingsRevealed', data: { ratingIds: ['r1'], reason: 'BOTH_RATED' } },
      day(22),
      platform,
    );
    log.add(
      k,
      { type: 'ReviewReplied', data: { ratingId: 'r1', side: 'SELLER', text: 'Paid on time' } },
      day(23),
      seller,
    );
    log.add(
      k,
      {
        type: 'ReviewReported',
        data: {
          reportId: 'rp1',
          ratingId: 'r1',
          side: 'SELLER',
          reason: 'FALSE_ACCUSATION',
          statement: 'The bank record shows otherwise',
          evidence: [],
        },
      },
      day(23),
      seller,
    );
    log.add(
      k,
      {
        type: 'ReviewTextRemoved',
        data: { reportId: 'rp1', ratingId: 'r1', reason: 'FALSE_ACCUSATION', note: 'n' },
      },
      day(25),
      arbitrator,
    );
    const docs = (await replayProjection(notificationsProjection, log.events)).all(NOTIFICATIONS.name);
    expect(of(docs, 'CREATOR:c1').slice(2)).toEqual([
      ['RATINGS_REVEALED', { reason: 'BOTH_RATED' }],
      ['REVIEW_REPLIED', {}],
      ['REVIEW_TEXT_REMOVED', { reason: 'FALSE_ACCUSATION' }],
    ]);
    expect(of(docs, 'SELLER:s1').slice(4)).toEqual([
      ['RATINGS_REVEALED', { reason: 'BOTH_RATED' }],
      ['REVIEW_TEXT_REMOVED', { reason: 'FALSE_ACCUSATION' }],
    ]);
  });

  it('tells the other side of a counter-offer, and the seller of a fix and of completion by the platform', async () => {
    const log = new LogBuilder();
    const k = 'collaboration-k2';
    log.add(
      k,
      {
        type: 'CollaborationProposed',
        data: {
          collaborationId: 'k2',
          sellerId: 's1',
          creatorId: 'c1',
          brief: { title: 'Cream', scriptDueAt: day(5) },
        },
      },
      day(0),
      seller,
    );
    log.add(
      k,
      {
        type: 'CounterOfferMade',
        data: {
          round: 1,
          by: 'CREATOR',
          fee: { amountMinor: 95_000, currency: 'USD' },
          scriptDueAt: day(6),
          publishDueAt: day(12),
          deliverables: [],
        },
      },
      day(1),
      creator,
    );
    log.add(k, { type: 'CounterOfferAccepted', data: { round: 1, acceptedBy: 'SELLER' } }, day(2), seller);
    log.add(k, { type: 'ContentFixed', data: { fixNumber: 1, late: true } }, day(15), creator);
    log.add(k, { type: 'CollaborationAutoCompleted', data: {} }, day(40), platform);
    const docs = (await replayProjection(notificationsProjection, log.events)).all(NOTIFICATIONS.name);
    expect(of(docs, 'SELLER:s1')).toEqual([
      [
        'COUNTER_OFFER_RECEIVED',
        { round: 1, amountMinor: 95_000, currency: 'USD', scriptDueAt: day(6), publishDueAt: day(12) },
      ],
      ['CONTENT_FIXED', { fixNumber: 1, late: true }],
      ['COLLABORATION_AUTO_COMPLETED', {}],
    ]);
    expect(of(docs, 'CREATOR:c1')).toEqual([
      ['PROPOSAL_RECEIVED', { title: 'Cream', scriptDueAt: day(5) }],
      ['COUNTER_OFFER_ACCEPTED', { round: 1 }],
    ]);
  });

  it('keeps how far each recipient has read, never going back', async () => {
    const log = history();
    const read = (upTo: string) =>
      log.add(
        'notificationInbox-seller-s1',
        { type: 'NotificationsRead', data: { recipient: { role: 'SELLER', id: 's1' }, upTo } },
        day(22),
        seller,
      );
    read('3');
    read('2');
    const inbox = (await replayProjection(notificationsProjection, log.events)).get(
      NOTIFICATION_INBOXES,
      'SELLER:s1',
    );
    expect(inbox).toEqual({ recipientKey: 'SELLER:s1', readUpTo: 3 });
  });

  it('tells a webhook owner its endpoint was disabled for failing, not when it disabled it itself', async () => {
    const log = new LogBuilder();
    log.add(
      'webhooks-seller-s-1',
      { type: 'WebhookEndpointDisabled', data: { endpointId: 'e1', reason: 'BY_OWNER' } },
      day(1),
      seller,
    );
    log.add(
      'webhooks-seller-s-1',
      {
        type: 'WebhookEndpointDisabled',
        data: { endpointId: 'e1', reason: 'DELIVERIES_FAILING', failingSince: day(0), lastError: 'HTTP 503' },
      },
      day(3),
      platform,
    );
    const docs = (await replayProjection(notificationsProjection, log.events)).all(NOTIFICATIONS.name);
    expect(of(docs, 'SELLER:s-1')).toEqual([
      ['WEBHOOK_ENDPOINT_DISABLED', { endpointId: 'e1', reason: 'DELIVERIES_FAILING', failingSince: day(0) }],
    ]);
  });

  it('is idempotent when run twice', async () => {
    const events = history().events;
    const once = (await replayProjection(notificationsProjection, events)).all(NOTIFICATIONS.name);
    const twice = (await replayProjection(notificationsProjection, [...events, ...events])).all(
      NOTIFICATIONS.name,
    );
    expect(twice).toEqual(once);
  });
});

import { describe, expect, it } from 'vitest';
import { replayProjection } from '../../src/projectionRunner/replay.js';
import {
  ARBITRATOR,
  CREATOR,
  PLATFORM,
  SELLER,
  day,
  scenario,
} from '../../test/support/collaborationFixtures.js';
import { LogBuilder } from '../../test/support/recorded.js';
import { DISPUTES, disputesProjection } from './disputes.projection.js';

const SHA = 'b'.repeat(64);

describe('dispute evidence trail', () => {
  const history = scenario()
    .upToActive()
    .run(SELLER, day(2), { type: 'PostMessage', messageId: 'm1', body: 'Where is the draft?' })
    .scriptSubmitted(day(3))
    .scriptApproved(day(4))
    .published('2026-03-13T06:00:00.000Z')
    .metrics(day(14))
    .run(SELLER, day(14), {
      type: 'OpenDispute',
      disputeId: 'd1',
      reason: 'NOT_PUBLISHED_ON_TIME',
      statement: 'Posted 54 h late',
    })
    .run(CREATOR, day(15), {
      type: 'AddEvidence',
      disputeId: 'd1',
      evidenceId: 'e1',
      kind: 'CHAT_LOG',
      description: 'Chat export',
      sha256: SHA,
      fileName: 'chat.txt',
      file: { contentType: 'text/plain', sizeBytes: 512 },
    })
    .run(CREATOR, day(15), { type: 'PostMessage', messageId: 'm2', body: 'The samples arrived late' })
    .run(ARBITRATOR, day(16), {
      type: 'AddStatement',
      disputeId: 'd1',
      statementId: 's1',
      text: 'Please upload the shipping receipt',
    });
  const log = () => new LogBuilder().addAll('collaboration-k1', history.events);

  it('lists statements and evidence in order, each with its place in the log and its hash', async () => {
    const events = log().events;
    const doc = (await replayProjection(disputesProjection, events)).get(DISPUTES, 'd1')!;
    expect(doc).toMatchObject({
      disputeId: 'd1',
      collaborationId: 'k1',
      sellerId: 's1',
      creatorId: 'c1',
      status: 'OPEN',
      openedBy: 'SELLER',
      reason: 'NOT_PUBLISHED_ON_TIME',
      evidenceCount: 1,
      resolution: null,
    });
    expect(doc.trail.map((t) => t.kind)).toEqual(['OPENED', 'EVIDENCE', 'STATEMENT']);
    expect(doc.trail[1]).toMatchObject({
      side: 'CREATOR',
      sha256: SHA,
      fileName: 'chat.txt',
      evidenceKind: 'CHAT_LOG',
    });
    const evidenceEvent = events.find((e) => e.type === 'DisputeEvidenceAdded')!;
    expect(doc.trail[1]).toMatchObject({
      eventHash: evidenceEvent.hash,
      position: Number(evidenceEvent.position),
      revision: Number(evidenceEvent.revision),
    });
  });

  it('carries the facts that matter: deadlines, the late publish, metrics and every message', async () => {
    const doc = (await replayProjection(disputesProjection, log().events)).get(DISPUTES, 'd1')!;
    expect(doc.facts).toMatchObject({
      scriptDueAt: day(5),
      publishDueAt: day(10),
      publish: { late: true, lateByHours: 54 },
    });
    expect(doc.facts.metrics.latest).toMatchObject({ views: 20_000 });
    expect(doc.facts.messages.map((m) => m.body)).toEqual([
      'Where is the draft?',
      'The samples arrived late',
    ]);
  });

  it('records the resolution with the refund and payout', async () => {
    const resolved = log();
    resolved.addAll('collaboration-k1', [
      ...history
        .run(ARBITRATOR, day(17), {
          type: 'ResolveDispute',
          disputeId: 'd1',
          outcome: 'SELLER_AT_FAULT',
          note: 'Samples shipped late',
        })
        .events.slice(history.events.length - 3),
    ]);
    const doc = (await replayProjection(disputesProjection, resolved.events)).get(DISPUTES, 'd1')!;
    expect(doc.status).toBe('RESOLVED');
    expect(doc.trail.at(-1)).toMatchObject({ kind: 'RESOLVED', outcome: 'SELLER_AT_FAULT' });
    expect(doc.resolution).toMatchObject({
      outcome: 'SELLER_AT_FAULT',
      payout: { amountMinor: 100_000, currency: 'USD' },
      refund: { amountMinor: 0 },
    });
  });

  it('keeps the dispute’s clocks: the answer due in 5 days, a decision in 30, each deadline in the trail', async () => {
    const events = log().events;
    expect((await replayProjection(disputesProjection, events)).get(DISPUTES, 'd1')!).toMatchObject({
      clocks: {
        respondent: 'CREATOR',
        responseDueAt: day(19),
        // The creator's evidence on day 15 is its answer; the arbitrator's statement is not.
        respondedAt: day(15),
        responseMissed: false,
        decisionDueAt: day(44),
        escalatedAt: null,
      },
      escalated: 0,
    });
    const silent = scenario()
      .upToPublished()
      .run(CREATOR, day(10), {
        type: 'OpenDispute',
        disputeId: 'd2',
        reason: 'NON_PAYMENT',
        statement: 'Unpaid',
      })
      .run(PLATFORM, day(15), { type: 'FireDeadline', rule: 'DISPUTE_RESPONSE_MISSED' })
      .run(PLATFORM, day(40), { type: 'FireDeadline', rule: 'DISPUTE_ESCALATED' });
    const doc = (
      await replayProjection(
        disputesProjection,
        new LogBuilder().addAll('collaboration-k2', silent.events).events,
      )
    ).get(DISPUTES, 'd2')!;
    expect(doc).toMatchObject({
      status: 'OPEN',
      escalated: 1,
      clocks: { respondent: 'SELLER', respondedAt: null, responseMissed: true, escalatedAt: day(40) },
    });
    expect(doc.trail.slice(1)).toMatchObject([
      {
        kind: 'RESPONSE_MISSED',
        rule: 'DISPUTE_RESPONSE_MISSED',
        dueAt: day(15),
        side: 'SELLER',
        at: day(15),
      },
      { kind: 'ESCALATED', rule: 'DISPUTE_ESCALATED', dueAt: day(40), at: day(40) },
    ]);
  });

  it('judges by the terms a negotiation agreed', async () => {
    const negotiated = scenario()
      .proposed()
      .run(CREATOR, day(1), {
        type: 'CounterOffer',
        fee: { amountMinor: 150_000, currency: 'USD' },
        publishDueAt: day(12),
      })
      .run(SELLER, day(1), { type: 'AcceptCounterOffer' })
      .run(SELLER, day(2), {
        type: 'OpenDispute',
        disputeId: 'd3',
        reason: 'COMMUNICATION',
        statement: 'Silent',
      });
    const doc = (
      await replayProjection(
        disputesProjection,
        new LogBuilder().addAll('collaboration-k3', negotiated.events).events,
      )
    ).get(DISPUTES, 'd3')!;
    expect(doc.facts).toMatchObject({ fee: { amountMinor: 150_000 }, publishDueAt: day(12) });
  });
});

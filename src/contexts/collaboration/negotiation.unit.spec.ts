import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  ARBITRATOR,
  CREATOR,
  OTHER_CREATOR,
  PLATFORM,
  SELLER,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import { collaborationDecider } from './collaboration.decide.js';
import { pendingDeadlines } from './deadlines.js';

/** DOMAIN.md § Negotiation. */
const spec = deciderSpec(collaborationDecider);
const fee = (amountMinor: number, currency = 'USD') => ({ amountMinor, currency });

const counter = (actor = CREATOR, now = day(1), terms: object = { fee: fee(150_000) }) =>
  command(actor, now, { type: 'CounterOffer', ...terms });
/** The creator asked 1,500.00 instead of 1,000.00, on day 1. */
const countered = (brief: object = {}) =>
  scenario()
    .proposed(brief)
    .run(CREATOR, day(1), { type: 'CounterOffer', fee: fee(150_000), note: 'Two revisions need more time' });

describe('negotiation: a counter-offer', () => {
  it('records the creator’s terms, the rest as offered, and whose answer it awaits', () =>
    spec
      .given(scenario().proposed().events)
      .when(counter(CREATOR, day(1), { fee: fee(150_000), publishDueAt: day(12), note: 'Busy week' }))
      .then([
        {
          type: 'CounterOfferMade',
          data: {
            round: 1,
            by: 'CREATOR',
            fee: fee(150_000),
            scriptDueAt: day(5),
            publishDueAt: day(12),
            deliverables: [{ description: '60 s video with product demo', quantity: 1 }],
            note: 'Busy week',
          },
        },
      ]));
  it('may change the deliverables', () =>
    spec
      .given(scenario().proposed().events)
      .when(counter(CREATOR, day(1), { deliverables: [{ description: 'Two 30 s videos', quantity: 2 }] }))
      .thenEvents(([made]) =>
        expect(made!.data).toMatchObject({ deliverables: [{ description: 'Two 30 s videos', quantity: 2 }] }),
      ));
  it('refuses the seller countering its own proposal', () =>
    spec.given(scenario().proposed().events).when(counter(SELLER)).thenThrows('AWAITING_OTHER_SIDE'));
  it('refuses the creator countering twice in a row', () =>
    spec
      .given(countered().events)
      .when(counter(CREATOR, day(2)))
      .thenThrows('AWAITING_OTHER_SIDE'));
  it('refuses terms that change nothing', () =>
    spec
      .given(scenario().proposed().events)
      .when(counter(CREATOR, day(1), { fee: fee(100_000), scriptDueAt: day(5) }))
      .thenThrows('COUNTER_OFFER_UNCHANGED'));
  it('refuses another currency', () =>
    spec
      .given(scenario().proposed().events)
      .when(counter(CREATOR, day(1), { fee: fee(150_000, 'EUR') }))
      .thenThrows('FEE_CURRENCY_FIXED'));
  it('refuses dates the rules refuse in a proposal', () =>
    spec
      .given(scenario().proposed().events)
      .when(counter(CREATOR, day(1), { publishDueAt: day(4) }))
      .thenThrows('INVALID_BRIEF_DATES'));
  it('refuses a zero fee', () =>
    spec
      .given(scenario().proposed().events)
      .when(counter(CREATOR, day(1), { fee: fee(0) }))
      .thenThrows('INVALID_FEE'));
  it('refuses a counter-offer after the latest offer expired', () =>
    spec
      .given(scenario().proposed().events)
      .when(counter(CREATOR, day(6)))
      .thenThrows('PROPOSAL_EXPIRED'));
  it('refuses a counter-offer once accepted', () =>
    spec
      .given(scenario().upToActive().events)
      .when(counter(CREATOR, day(2)))
      .thenThrows('INVALID_STATUS'));
  it('answers a stranger as if the collaboration did not exist, and refuses an arbitrator', () => {
    spec
      .given(scenario().proposed().events)
      .when(counter(OTHER_CREATOR))
      .thenThrows('COLLABORATION_NOT_FOUND');
    spec.given(scenario().proposed().events).when(counter(ARBITRATOR)).thenThrows('FORBIDDEN');
  });
});

describe('negotiation: rounds', () => {
  it('lets the seller counter back, then the creator accept: the seller’s terms are the brief', () =>
    spec
      .given(countered().run(SELLER, day(2), { type: 'CounterOffer', fee: fee(120_000) }).events)
      .when(command(CREATOR, day(3), { type: 'AcceptProposal' }))
      .thenEvents((events) => {
        expect(events.map((e) => e.type)).toEqual([
          'CounterOfferAccepted',
          'ProposalAccepted',
          'MilestoneDue',
        ]);
        expect(events[0]!.data).toMatchObject({
          round: 2,
          acceptedBy: 'CREATOR',
          brief: { fee: fee(120_000) },
        });
        expect(events[2]!.data).toEqual({ name: 'DEPOSIT', amount: fee(36_000) });
      }));
  it('stops at the brief’s number of counter-offers, by either side in all', () =>
    spec
      .given(countered({ negotiationRounds: 1 }).events)
      .when(counter(SELLER, day(2), { fee: fee(120_000) }))
      .thenThrows('NEGOTIATION_ROUNDS_EXHAUSTED'));
  it('allows none when the brief allows none: take it or leave it', () =>
    spec
      .given(scenario().proposed({ negotiationRounds: 0 }).events)
      .when(counter())
      .thenThrows('NEGOTIATION_ROUNDS_EXHAUSTED'));
  it('still lets the seller accept the last counter-offer when no round is left', () =>
    spec
      .given(countered({ negotiationRounds: 1 }).events)
      .when(command(SELLER, day(2), { type: 'AcceptCounterOffer' }))
      .thenEvents((events) => expect(events[0]!.type).toBe('CounterOfferAccepted')));
});

describe('negotiation: accepting', () => {
  it('the seller accepts the creator’s counter-offer: the brief and the milestones follow its terms', () => {
    const s = countered();
    spec
      .given(s.events)
      .when(command(SELLER, day(2), { type: 'AcceptCounterOffer' }))
      .then([
        {
          type: 'CounterOfferAccepted',
          data: {
            round: 1,
            acceptedBy: 'SELLER',
            brief: { ...s.state.brief!, fee: fee(150_000) },
            milestones: [
              { name: 'DEPOSIT', percent: 30, dueOn: 'ACCEPT', amount: fee(45_000) },
              { name: 'FINAL', percent: 70, dueOn: 'COMPLETION', amount: fee(105_000) },
            ],
          },
        },
        { type: 'ProposalAccepted', data: {} },
        { type: 'MilestoneDue', data: { name: 'DEPOSIT', amount: fee(45_000) } },
      ]);
  });
  it('makes the agreed terms the brief everyone reads, and keeps every round', () => {
    const s = countered().run(SELLER, day(2), { type: 'AcceptCounterOffer' });
    expect(s.state.status).toBe('ACTIVE');
    expect(s.state.brief!.fee).toEqual(fee(150_000));
    expect(s.state.milestones.map((m) => m.amount.amountMinor)).toEqual([45_000, 105_000]);
    expect(s.state.negotiation).toMatchObject({
      agreedRound: 1,
      offers: [
        { round: 0, by: 'SELLER', fee: fee(100_000), at: '2026-03-01T00:00:00.000Z' },
        { round: 1, by: 'CREATOR', fee: fee(150_000), note: 'Two revisions need more time', at: day(1) },
      ],
    });
  });
  it('accepting the proposal itself records no agreed counter-offer', () =>
    spec
      .given(scenario().proposed().events)
      .when(command(CREATOR, day(1), { type: 'AcceptProposal' }))
      .then([
        { type: 'ProposalAccepted', data: {} },
        { type: 'MilestoneDue', data: { name: 'DEPOSIT', amount: fee(30_000) } },
      ]));
  it('refuses the creator accepting its own counter-offer', () =>
    spec
      .given(countered().events)
      .when(command(CREATOR, day(2), { type: 'AcceptProposal' }))
      .thenThrows('AWAITING_OTHER_SIDE'));
  it('refuses the seller accepting its own proposal', () =>
    spec
      .given(scenario().proposed().events)
      .when(command(SELLER, day(2), { type: 'AcceptCounterOffer' }))
      .thenThrows('AWAITING_OTHER_SIDE'));
  it('refuses the creator sending the seller’s acceptance', () =>
    spec
      .given(countered().events)
      .when(command(CREATOR, day(2), { type: 'AcceptCounterOffer' }))
      .thenThrows('FORBIDDEN'));
  it('lets either side walk away while negotiating', () => {
    spec
      .given(countered().events)
      .when(command(SELLER, day(2), { type: 'WithdrawProposal', reason: 'Over budget' }))
      .then([{ type: 'ProposalWithdrawn', data: { reason: 'Over budget' } }]);
    spec
      .given(countered().run(SELLER, day(2), { type: 'CounterOffer', fee: fee(110_000) }).events)
      .when(command(CREATOR, day(3), { type: 'DeclineProposal', reason: 'Cannot go below 1,500' }))
      .then([{ type: 'ProposalDeclined', data: { reason: 'Cannot go below 1,500' } }]);
  });
});

describe('negotiation: expiry applies to the latest offer', () => {
  const later = () =>
    scenario()
      .proposed()
      .run(CREATOR, day(1), { type: 'CounterOffer', scriptDueAt: day(8), publishDueAt: day(14) });

  it('runs the proposal’s expiry to the latest offer’s script due date', () =>
    expect(pendingDeadlines(later().state)).toEqual([{ rule: 'PROPOSAL_EXPIRED', dueAt: day(8) }]));
  it('lets the seller accept after the first script due date, before the latest', () =>
    spec
      .given(later().events)
      .when(command(SELLER, day(6), { type: 'AcceptCounterOffer' }))
      .thenEvents((events) => expect(events[1]!.type).toBe('ProposalAccepted')));
  it('does not expire at the first script due date', () =>
    spec
      .given(later().events)
      .when(command(PLATFORM, day(6), { type: 'FireDeadline', rule: 'PROPOSAL_EXPIRED' }))
      .thenThrows('DEADLINE_NOT_DUE'));
  it('expires at the latest offer’s script due date', () =>
    spec
      .given(later().events)
      .when(command(PLATFORM, day(8), { type: 'FireDeadline', rule: 'PROPOSAL_EXPIRED' }))
      .then([
        { type: 'ProposalExpired', data: { rule: 'PROPOSAL_EXPIRED', dueAt: day(8), firedAt: day(8) } },
      ]));
  it('refuses accepting after it', () =>
    spec
      .given(later().events)
      .when(command(SELLER, day(9), { type: 'AcceptCounterOffer' }))
      .thenThrows('PROPOSAL_EXPIRED'));
});

import { DomainError } from '../../core/errors.js';
import { ms } from '../shared.js';
import { allocateMilestones, checkBrief } from './brief.js';
import type { CollaborationCommandOf } from './collaboration.commands.js';
import type { Brief, CollaborationEvent, Side } from './collaboration.events.js';
import type { CollaborationState, Offer } from './collaboration.state.js';
import { after, compact, requireSide, requireStatus } from './guards.js';
import { milestonesDueOn } from './milestones.js';

/**
 * DOMAIN.md § Negotiation: before accepting, the creator may counter the fee, the dates and the
 * deliverables (the guide's first step: 确认达人报价、内容形式、交付时间); each side then accepts the
 * other's latest offer or counters it, up to the brief's number of counter-offers in all. The terms
 * accepted become the brief. A proposal expires at the latest offer's script due date.
 */

type NegotiationCommand = CollaborationCommandOf<'AcceptProposal' | 'CounterOffer' | 'AcceptCounterOffer'>;

const other = (side: Side): Side => (side === 'SELLER' ? 'CREATOR' : 'SELLER');

/** The offer on the table: the proposal, or the last counter-offer. */
export const latestOffer = (state: CollaborationState): Offer => state.negotiation.offers.at(-1)!;

/** The side whose answer the latest offer awaits. */
export const awaitedSide = (state: CollaborationState): Side => other(latestOffer(state).by);

/** How many counter-offers may still be made. */
export const counterOffersLeft = (state: CollaborationState): number =>
  Math.max(0, state.brief!.negotiationRounds - (state.negotiation.offers.length - 1));

/** The brief with an offer's terms. */
const briefWith = (brief: Brief, offer: Terms): Brief => ({
  ...brief,
  fee: offer.fee,
  scriptDueAt: offer.scriptDueAt,
  publishDueAt: offer.publishDueAt,
  deliverables: offer.deliverables,
});

/** Only the side the latest offer awaits answers it; it must not have expired. */
const requireTurn = (state: CollaborationState, side: Side, now: string): Offer => {
  const offer = latestOffer(state);
  if (offer.by === side) {
    throw new DomainError(
      'AWAITING_OTHER_SIDE',
      `The latest offer is yours: it awaits the ${other(side).toLowerCase()}'s answer`,
      { awaiting: other(side) },
    );
  }
  if (ms(now) > ms(offer.scriptDueAt)) {
    throw new DomainError('PROPOSAL_EXPIRED', 'The proposal expired at the latest offer’s script due date');
  }
  return offer;
};

/** Accepting the latest offer: a counter-offer's terms become the brief; the collaboration starts. */
const acceptLatest = (state: CollaborationState, side: Side, now: string): CollaborationEvent[] => {
  const offer = requireTurn(state, side, now);
  const agreed: CollaborationEvent[] = [];
  if (offer.round > 0) {
    const brief = briefWith(state.brief!, offer);
    agreed.push({
      type: 'CounterOfferAccepted',
      data: { round: offer.round, acceptedBy: side, brief, milestones: allocateMilestones(brief) },
    });
  }
  const accepted: CollaborationEvent = { type: 'ProposalAccepted', data: {} };
  // Accepting makes the DEPOSIT (every ACCEPT milestone) due, of the fee agreed.
  return [...agreed, accepted, ...milestonesDueOn(after(state, [...agreed, accepted], now), 'ACCEPT')];
};

const counter = (
  command: CollaborationCommandOf<'CounterOffer'>,
  state: CollaborationState,
): CollaborationEvent[] => {
  const side = requireSide(state, command.actor);
  requireStatus(state, 'counter an offer', 'PROPOSED');
  const offer = requireTurn(state, side, command.now);
  if (counterOffersLeft(state) === 0) {
    throw new DomainError(
      'NEGOTIATION_ROUNDS_EXHAUSTED',
      `The brief allows ${state.brief!.negotiationRounds} counter-offer(s): accept or decline the latest offer`,
      { negotiationRounds: state.brief!.negotiationRounds },
    );
  }
  const terms = {
    fee: command.fee ?? offer.fee,
    scriptDueAt: command.scriptDueAt ?? offer.scriptDueAt,
    publishDueAt: command.publishDueAt ?? offer.publishDueAt,
    deliverables: command.deliverables ?? offer.deliverables,
  };
  if (terms.fee.currency !== offer.fee.currency) {
    throw new DomainError('FEE_CURRENCY_FIXED', `A counter-offer keeps the fee in ${offer.fee.currency}`);
  }
  if (sameTerms(terms, offer)) {
    throw new DomainError(
      'COUNTER_OFFER_UNCHANGED',
      'A counter-offer changes the fee, a date or the deliverables',
    );
  }
  // The terms must make a brief the rules accept, as a proposal's do.
  checkBrief(briefWith(state.brief!, terms), command.now);
  return [
    {
      type: 'CounterOfferMade',
      data: compact({
        round: state.negotiation.offers.length,
        by: side,
        ...terms,
        note: command.note?.trim() ? command.note : undefined,
      }),
    },
  ];
};

type Terms = Pick<Offer, 'fee' | 'scriptDueAt' | 'publishDueAt' | 'deliverables'>;

const sameTerms = (a: Terms, b: Terms): boolean =>
  a.fee.amountMinor === b.fee.amountMinor &&
  ms(a.scriptDueAt) === ms(b.scriptDueAt) &&
  ms(a.publishDueAt) === ms(b.publishDueAt) &&
  a.deliverables.length === b.deliverables.length &&
  a.deliverables.every(
    (d, i) => d.description === b.deliverables[i]!.description && d.quantity === b.deliverables[i]!.quantity,
  );

export const decideNegotiation = (
  command: NegotiationCommand,
  state: CollaborationState,
): CollaborationEvent[] => {
  switch (command.type) {
    case 'AcceptProposal':
      requireSide(state, command.actor, 'CREATOR');
      requireStatus(state, 'accept', 'PROPOSED');
      return acceptLatest(state, 'CREATOR', command.now);
    case 'AcceptCounterOffer':
      requireSide(state, command.actor, 'SELLER');
      requireStatus(state, 'accept a counter-offer', 'PROPOSED');
      return acceptLatest(state, 'SELLER', command.now);
    case 'CounterOffer':
      return counter(command, state);
  }
};

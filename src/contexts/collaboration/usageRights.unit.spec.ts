import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  CREATOR,
  OTHER_SELLER,
  PLATFORM,
  SELLER,
  command,
  day,
  scenario,
} from '../../../test/support/collaborationFixtures.js';
import { collaborationDecider } from './collaboration.decide.js';
import { pendingDeadlines } from './deadlines.js';
import { milestoneStatus } from './milestones.js';

/** DOMAIN.md § Usage rights: an extension is an amendment the creator accepts, a fee with it if offered. */
const spec = deciderSpec(collaborationDecider);
const END = '2026-09-10T00:00:00.000Z';
const LATER = '2027-03-10T00:00:00.000Z';
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

const propose = (fields: object = {}, actor = SELLER, now = day(20)) =>
  command(actor, now, { type: 'ProposeUsageRightsExtension', extensionId: 'x1', endsAt: LATER, ...fields });
const proposed = (fields: object = {}) =>
  scenario()
    .upToPublished()
    .run(SELLER, day(20), {
      type: 'ProposeUsageRightsExtension',
      extensionId: 'x1',
      endsAt: LATER,
      scope: ['ORGANIC', 'PAID_ADS', 'WHITELISTING'],
      fee: usd(20_000),
      ...fields,
    });

describe('usage rights: proposing an extension', () => {
  it('records the amendment, the current scope and platforms unless changed', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(propose({ note: 'The video runs well in ads' }))
      .then([
        {
          type: 'UsageRightsExtensionProposed',
          data: {
            extensionId: 'x1',
            scope: ['ORGANIC', 'PAID_ADS'],
            platforms: ['TIKTOK'],
            endsAt: LATER,
            note: 'The video runs well in ads',
          },
        },
      ]));
  it('refuses an end not after the current one', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(propose({ endsAt: END }))
      .thenThrows('INVALID_EXTENSION'));
  it('refuses an end in the past', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(propose({ endsAt: day(19) }, SELLER, day(20)))
      .thenThrows('INVALID_EXTENSION'));
  it('refuses an extension without a scope', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(propose({ scope: [] }))
      .thenThrows('INVALID_EXTENSION'));
  it('refuses a fee in another currency', () =>
    spec
      .given(scenario().upToPublished().events)
      .when(propose({ fee: { amountMinor: 100, currency: 'EUR' } }))
      .thenThrows('FEE_CURRENCY_FIXED'));
  it('refuses before the content is published', () =>
    spec.given(scenario().upToScriptApproved().events).when(propose()).thenThrows('INVALID_STATUS'));
  it('refuses the creator proposing, and answers another seller as if it did not exist', () => {
    spec.given(scenario().upToPublished().events).when(propose({}, CREATOR)).thenThrows('FORBIDDEN');
    spec
      .given(scenario().upToPublished().events)
      .when(propose({}, OTHER_SELLER))
      .thenThrows('COLLABORATION_NOT_FOUND');
  });
  it('refuses an extension id used before', () =>
    spec
      .given(
        proposed().run(CREATOR, day(21), { type: 'DeclineUsageRightsExtension', extensionId: 'x1' }).events,
      )
      .when(propose({}, SELLER, day(22)))
      .thenThrows('DUPLICATE_EXTENSION_ID'));
});

describe('usage rights: the creator’s answer', () => {
  it('accepting moves the end and makes the fee a payment milestone due now', () =>
    spec
      .given(proposed().events)
      .when(command(CREATOR, day(21), { type: 'AcceptUsageRightsExtension', extensionId: 'x1' }))
      .then([
        {
          type: 'UsageRightsExtended',
          data: {
            extensionId: 'x1',
            scope: ['ORGANIC', 'PAID_ADS', 'WHITELISTING'],
            platforms: ['TIKTOK'],
            endsAt: LATER,
            fee: usd(20_000),
            milestoneName: 'RIGHTS_1',
          },
        },
        { type: 'MilestoneDue', data: { name: 'RIGHTS_1', amount: usd(20_000) } },
      ]));
  it('after acceptance, the rights end later and the seller releases the fee', () => {
    const extended = proposed().run(CREATOR, day(21), {
      type: 'AcceptUsageRightsExtension',
      extensionId: 'x1',
    });
    expect(pendingDeadlines(extended.state)).toContainEqual({ rule: 'USAGE_RIGHTS_ENDED', dueAt: LATER });
    expect(milestoneStatus(extended.state.milestones.find((m) => m.name === 'RIGHTS_1')!)).toBe('DUE');
    spec
      .given(extended.events)
      .when(command(SELLER, day(22), { type: 'ReleaseMilestone', name: 'RIGHTS_1' }))
      .then([
        {
          type: 'MilestoneReleased',
          data: { name: 'RIGHTS_1', amount: usd(20_000), trigger: 'SELLER', waivedTargets: [] },
        },
      ]);
  });
  it('an extension without a fee adds no milestone', () =>
    spec
      .given(proposed({ fee: undefined }).events)
      .when(command(CREATOR, day(21), { type: 'AcceptUsageRightsExtension', extensionId: 'x1' }))
      .thenEvents((events) => expect(events.map((e) => e.type)).toEqual(['UsageRightsExtended'])));
  it('renews rights that already ended', () => {
    const ended = scenario()
      .upToPublished()
      .run(PLATFORM, END, { type: 'FireDeadline', rule: 'USAGE_RIGHTS_ENDED' })
      .run(SELLER, day(200), { type: 'ProposeUsageRightsExtension', extensionId: 'x1', endsAt: LATER })
      .run(CREATOR, day(201), { type: 'AcceptUsageRightsExtension', extensionId: 'x1' });
    expect(ended.state.usageRights).toMatchObject({ ended: false, endsAt: LATER, extensions: 1 });
    expect(pendingDeadlines(ended.state)).toContainEqual({ rule: 'USAGE_RIGHTS_ENDED', dueAt: LATER });
  });
  it('declining leaves the rights as they were', () => {
    spec
      .given(proposed().events)
      .when(
        command(CREATOR, day(21), {
          type: 'DeclineUsageRightsExtension',
          extensionId: 'x1',
          reason: 'Not for ads',
        }),
      )
      .then([{ type: 'UsageRightsExtensionDeclined', data: { extensionId: 'x1', reason: 'Not for ads' } }]);
    const declined = proposed().run(CREATOR, day(21), {
      type: 'DeclineUsageRightsExtension',
      extensionId: 'x1',
    });
    expect(declined.state.usageRights).toMatchObject({ endsAt: END, pendingExtension: null });
  });
  it('answers the latest proposal: a new one replaces the one not yet answered', () =>
    spec
      .given(
        proposed().run(SELLER, day(21), {
          type: 'ProposeUsageRightsExtension',
          extensionId: 'x2',
          endsAt: LATER,
        }).events,
      )
      .when(command(CREATOR, day(22), { type: 'AcceptUsageRightsExtension', extensionId: 'x1' }))
      .thenThrows('EXTENSION_NOT_FOUND'));
  it('refuses the seller answering its own proposal', () =>
    spec
      .given(proposed().events)
      .when(command(SELLER, day(21), { type: 'AcceptUsageRightsExtension', extensionId: 'x1' }))
      .thenThrows('FORBIDDEN'));
  it('refuses accepting an extension whose end has passed', () =>
    spec
      .given(proposed().events)
      .when(
        command(CREATOR, '2027-03-11T00:00:00.000Z', {
          type: 'AcceptUsageRightsExtension',
          extensionId: 'x1',
        }),
      )
      .thenThrows('EXTENSION_LAPSED'));
});

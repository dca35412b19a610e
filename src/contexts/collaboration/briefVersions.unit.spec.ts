import { describe, expect, it } from 'vitest';
import { deciderSpec } from '../../../test/support/deciderSpec.js';
import {
  DEFAULT_LOOKUPS,
  SELLER,
  T0,
  aBrief,
  command,
  day,
} from '../../../test/support/collaborationFixtures.js';
import { createEventCatalog } from '../catalog.js';
import { collaborationDecider } from './collaboration.decide.js';

const catalog = createEventCatalog();
const spec = deciderSpec(collaborationDecider);
const propose = (brief = aBrief()) =>
  command(SELLER, T0, {
    type: 'ProposeCollaboration',
    sellerId: 's1',
    creatorId: 'c1',
    brief,
    lookups: { ...DEFAULT_LOOKUPS, creatorPlatforms: [...DEFAULT_LOOKUPS.creatorPlatforms] },
  });

/** A brief as the first version of CollaborationProposed wrote it. */
const v1Brief = (usageRights: object) => {
  const { fixDays, negotiationRounds, ...rest } = {
    ...aBrief(),
    revisionLimit: 2,
    measurementWindowDays: 7,
    paymentMilestones: [{ name: 'FINAL', percent: 100, dueOn: 'COMPLETION' }],
    metricTargets: {},
    disclosure: { required: true },
    tracking: {},
    fixDays: 0,
    negotiationRounds: 0,
  };
  void fixDays;
  void negotiationRounds;
  return { ...rest, usageRights };
};

describe('a brief written at version 1 (DOMAIN.md § Usage rights)', () => {
  const upcast = (usageRights: object) => {
    const data = {
      collaborationId: 'k1',
      sellerId: 's1',
      creatorId: 'c1',
      brief: v1Brief(usageRights),
      milestones: [
        { name: 'FINAL', percent: 100, dueOn: 'COMPLETION', amount: { amountMinor: 1, currency: 'USD' } },
      ],
    };
    expect(catalog.fitsStored('CollaborationProposed', 1, data)).toBe(true);
    const { version, data: current } = catalog.upcast('CollaborationProposed', 1, data);
    expect(version).toBe(2);
    expect(catalog.fitsStored('CollaborationProposed', 2, current)).toBe(true);
    return (current as { brief: Record<string, unknown> }).brief;
  };

  it('reads channels naming a platform as platforms, paid ads as a scope, the months as they were', () =>
    expect(
      upcast({ channels: ['tiktok', ' Instagram', 'website'], months: 6, paidAdsAllowed: true }),
    ).toMatchObject({
      usageRights: { scope: ['ORGANIC', 'PAID_ADS'], platforms: ['TIKTOK', 'INSTAGRAM'], months: 6 },
      fixDays: 5,
      negotiationRounds: 3,
    }));
  it('takes the brief’s platforms when no channel names one', () =>
    expect(upcast({ channels: ['website'], months: 3, paidAdsAllowed: false }).usageRights).toEqual({
      scope: ['ORGANIC'],
      platforms: ['TIKTOK'],
      months: 3,
    }));
  it('reads 0 months as no rights granted', () =>
    expect(upcast({ channels: ['TIKTOK'], months: 0, paidAdsAllowed: true }).usageRights).toEqual({
      scope: [],
      platforms: [],
    }));
  it('reads a template’s usage rights the same way, and gives it no defaults it did not have', () => {
    const { version, data } = catalog.upcast('BriefTemplateSaved', 1, {
      templateId: 't1',
      name: 'SOP',
      brief: { platforms: ['YOUTUBE'], usageRights: { channels: [], months: 12, paidAdsAllowed: false } },
    });
    expect(version).toBe(2);
    expect(data).toEqual({
      templateId: 't1',
      name: 'SOP',
      brief: {
        platforms: ['YOUTUBE'],
        usageRights: { scope: ['ORGANIC'], platforms: ['YOUTUBE'], months: 12 },
      },
    });
    expect(catalog.fitsStored('BriefTemplateSaved', 2, data)).toBe(true);
  });
});

describe('a brief’s terms beyond its shape', () => {
  it('gives 5 days to fix content and 3 counter-offers by default, and no usage rights', () =>
    spec
      .given([])
      .when(propose(aBrief({ usageRights: undefined })))
      .thenEvents(([proposed]) =>
        expect(proposed!.data).toMatchObject({
          brief: { fixDays: 5, negotiationRounds: 3, usageRights: { scope: [], platforms: [] } },
        }),
      ));
  it('keeps the usage rights asked for', () =>
    spec
      .given([])
      .when(
        propose(aBrief({ usageRights: { scope: ['WHITELISTING'], platforms: ['TIKTOK'], endsAt: day(60) } })),
      )
      .thenEvents(([proposed]) =>
        expect(proposed!.data).toMatchObject({
          brief: { usageRights: { scope: ['WHITELISTING'], platforms: ['TIKTOK'], endsAt: day(60) } },
        }),
      ));
  it.each([
    ['a scope without platforms', { scope: ['ORGANIC'], platforms: [], months: 3 }],
    ['a scope without an end', { scope: ['ORGANIC'], platforms: ['TIKTOK'] }],
    ['a scope with two ends', { scope: ['ORGANIC'], platforms: ['TIKTOK'], months: 3, endsAt: day(90) }],
    ['an end before the publish due date', { scope: ['PAID_ADS'], platforms: ['TIKTOK'], endsAt: day(9) }],
    ['platforms without a scope', { scope: [], platforms: ['TIKTOK'] }],
    ['an end without a scope', { scope: [], platforms: [], months: 3 }],
  ] as const)('refuses usage rights with %s', (_, usageRights) =>
    spec
      .given([])
      .when(
        propose(
          aBrief({
            usageRights: {
              ...usageRights,
              scope: [...usageRights.scope],
              platforms: [...usageRights.platforms],
            },
          }),
        ),
      )
      .thenThrows('INVALID_USAGE_RIGHTS'),
  );
  it.each([0, 31])('refuses %i days to fix content', (fixDays) =>
    spec
      .given([])
      .when(propose(aBrief({ fixDays })))
      .thenThrows('INVALID_FIX_DAYS'),
  );
  it.each([-1, 11])('refuses %i counter-offers', (negotiationRounds) =>
    spec
      .given([])
      .when(propose(aBrief({ negotiationRounds })))
      .thenThrows('INVALID_NEGOTIATION_ROUNDS'),
  );
});

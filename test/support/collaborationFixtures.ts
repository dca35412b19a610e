import type { Actor } from '../../src/contexts/shared.js';
import { addDays } from '../../src/contexts/shared.js';
import type { BriefInput } from '../../src/contexts/collaboration/brief.js';
import type { CollaborationCommand } from '../../src/contexts/collaboration/collaboration.commands.js';
import type { CollaborationEvent } from '../../src/contexts/collaboration/collaboration.events.js';
import { collaborationDecider } from '../../src/contexts/collaboration/collaboration.decide.js';
import type { CollaborationState } from '../../src/contexts/collaboration/collaboration.state.js';

export const SELLER: Actor = { userId: 'u-s1', role: 'SELLER', partyId: 's1' };
export const CREATOR: Actor = { userId: 'u-c1', role: 'CREATOR', partyId: 'c1' };
export const OTHER_SELLER: Actor = { userId: 'u-s2', role: 'SELLER', partyId: 's2' };
export const OTHER_CREATOR: Actor = { userId: 'u-c2', role: 'CREATOR', partyId: 'c2' };
export const ARBITRATOR: Actor = { userId: 'u-a1', role: 'ARBITRATOR' };
export const AUDITOR: Actor = { userId: 'u-au1', role: 'AUDITOR' };
export const PLATFORM: Actor = { userId: 'platform', role: 'PLATFORM' };

export const COLLABORATION_ID = 'k1';
/** Scenarios start here; `day(n)` is n days later. */
export const T0 = '2026-03-01T00:00:00.000Z';
export const day = (n: number): string => addDays(T0, n);

export const aBrief = (overrides: Partial<BriefInput> = {}): BriefInput => ({
  title: 'Summer serum launch',
  product: { name: 'Vitamin C serum', category: 'BEAUTY' },
  targetMarkets: ['US', 'GB'],
  language: 'en',
  contentFormat: 'TALKING_HEAD',
  platforms: ['TIKTOK'],
  deliverables: [{ description: '60 s video with product demo', quantity: 1 }],
  scriptDueAt: day(5),
  publishDueAt: day(10),
  fee: { amountMinor: 100_000, currency: 'USD' },
  metricTargets: { minViews: 10_000, minEngagementRate: 0.03 },
  usageRights: { scope: ['ORGANIC', 'PAID_ADS'], platforms: ['TIKTOK'], months: 6 },
  disclosure: { required: true, tag: '#ad' },
  tracking: { discountCode: 'SUMMER10' },
  ...overrides,
});

export const DEFAULT_LOOKUPS = {
  sellerRegistered: true,
  creatorPlatforms: ['TIKTOK', 'INSTAGRAM'],
  creatorBlocked: false,
} as const;

type Input = CollaborationCommand extends infer C
  ? C extends unknown
    ? Omit<C, 'collaborationId' | 'now' | 'actor'>
    : never
  : never;

/**
 * Builds a collaboration's history by deciding real commands, so that specs start from states the
 * decider itself produces. `events` are `{ event, at }` pairs for `given`.
 */
export class CollaborationScenario {
  readonly events: { event: CollaborationEvent; at: string }[] = [];
  state: CollaborationState = collaborationDecider.initialState();

  run(actor: Actor, now: string, command: Input): this {
    const full = { ...command, collaborationId: COLLABORATION_ID, actor, now } as CollaborationCommand;
    for (const event of collaborationDecider.decide(full, this.state)) {
      this.events.push({ event, at: now });
      this.state = collaborationDecider.evolve(this.state, event, { occurredAt: now });
    }
    return this;
  }

  proposed(brief: Partial<BriefInput> = {}): this {
    return this.run(SELLER, T0, {
      type: 'ProposeCollaboration',
      sellerId: 's1',
      creatorId: 'c1',
      brief: aBrief(brief),
      lookups: { ...DEFAULT_LOOKUPS, creatorPlatforms: [...DEFAULT_LOOKUPS.creatorPlatforms] },
    });
  }

  accepted(): this {
    return this.run(CREATOR, day(1), { type: 'AcceptProposal' });
  }

  scriptSubmitted(now = day(2)): this {
    return this.run(CREATOR, now, {
      type: 'SubmitScript',
      text: 'Hook: morning routine; demo; CTA with code',
    });
  }

  revisionRequested(now = day(3)): this {
    return this.run(SELLER, now, {
      type: 'RequestRevision',
      feedback: 'Show the texture closer in the demo',
    });
  }

  scriptApproved(now = day(3)): this {
    return this.run(SELLER, now, { type: 'ApproveScript' });
  }

  published(publishedAt = day(9)): this {
    return this.run(CREATOR, publishedAt, {
      type: 'PublishContent',
      platform: 'TIKTOK',
      url: 'https://www.tiktok.com/@c1/video/1',
      publishedAt,
    });
  }

  metrics(
    capturedAt: string,
    counters: Partial<Record<'views' | 'likes' | 'comments' | 'shares' | 'clicks' | 'orders', number>> = {},
    gmvMinor = 50_000,
    id = `m-${this.state.snapshots.length + 1}`,
  ): this {
    return this.run(SELLER, capturedAt, {
      type: 'RecordMetricsSnapshot',
      snapshotId: id,
      capturedAt,
      views: 20_000,
      likes: 900,
      comments: 100,
      shares: 50,
      clicks: 400,
      orders: 40,
      gmv: { amountMinor: gmvMinor, currency: 'USD' },
      ...counters,
    });
  }

  completed(now?: string): this {
    return this.run(SELLER, now ?? this.finalAt(), { type: 'CompleteCollaboration' });
  }

  /** Publish + final metrics meeting the default targets + completion. */
  completedWithFinalMetrics(): this {
    return this.published().metrics(this.finalAt()).completed();
  }

  /** The first instant metrics are final. */
  finalAt(): string {
    return addDays(this.state.publish!.publishedAt, this.state.brief!.measurementWindowDays);
  }

  upToActive(): this {
    return this.proposed().accepted();
  }

  upToScriptApproved(): this {
    return this.upToActive().scriptSubmitted().scriptApproved();
  }

  upToPublished(): this {
    return this.upToScriptApproved().published();
  }

  upToCompleted(): this {
    return this.upToScriptApproved().completedWithFinalMetrics();
  }
}

export const scenario = (): CollaborationScenario => new CollaborationScenario();

export const command = <T extends Input>(actor: Actor, now: string, input: T): CollaborationCommand =>
  ({ ...input, collaborationId: COLLABORATION_ID, actor, now }) as CollaborationCommand;

import { createHash } from 'node:crypto';
import type { BriefInput } from '../../src/contexts/collaboration/brief.js';
import type { DisputeOutcome } from '../../src/contexts/collaboration/collaboration.events.js';
import type { CreatorProfile } from '../../src/contexts/creator/creator.events.js';
import { PLATFORM_ACTOR, addDays, type Actor } from '../../src/contexts/shared.js';
import type { Category, Platform } from '../../src/contexts/vocabulary.js';
import type { CollaborationCommandBody, WriteSide } from '../../src/contexts/writeSide.js';
import { DomainError } from '../../src/core/errors.js';
import type { CollaborationState } from '../../src/contexts/collaboration/collaboration.state.js';
import {
  dueAt,
  fire,
  negotiate,
  reviewWithIssues,
  usageRightsOverTime,
  type Lifecycle,
} from './lifecycle.js';
import { Random } from './random.js';
import { answerReviews, verifyParties } from './reviews.js';

/**
 * A realistic history, written through the real command path (write side → event store): creators
 * and sellers register, sellers keep libraries, and collaborations run their whole lifecycle — with
 * revisions, late publishes, metrics (a few inconsistent or implausible), disputes with evidence,
 * double-blind ratings, and the platform's deadlines — and counter-offers, content fixed late or
 * never, completion by the platform, the dispute's clocks, usage rights extended and ended. A harsh seller rates in bursts and one
 * seller–creator pair only gives 5/5, so the rating review policy has something to find.
 */

export interface SeedSize {
  readonly creators: number;
  readonly sellers: number;
  readonly collaborations: number;
}

export const SEED_SIZES: Record<'small' | 'large', SeedSize> = {
  small: { creators: 200, sellers: 40, collaborations: 1_500 },
  large: { creators: 10_000, sellers: 2_000, collaborations: 100_000 },
};

export interface SeedOptions {
  readonly seed?: number;
  /** Collaborations run at once: appends share commits (group commit). Default 64. */
  readonly concurrency?: number;
  /** The first collaboration starts here; the rest over the following ~20 months. */
  readonly start?: string;
  readonly onProgress?: (done: number, total: number) => void;
  /** Where evidence files go (`npm run seed` keeps them in the blob store); without it, only their hashes are made. */
  readonly evidence?: (
    text: string,
    by: Actor,
  ) => Promise<{ sha256: string; contentType: string; sizeBytes: number }>;
}

export interface SeedReport {
  readonly commands: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly collaborations: number;
  /** Collaborations that went to a dispute with evidence, in order of id: examples for an audit. */
  readonly disputed: readonly string[];
}

const COUNTRIES = [
  'US',
  'GB',
  'DE',
  'FR',
  'ES',
  'IT',
  'JP',
  'KR',
  'BR',
  'MX',
  'ID',
  'TH',
  'AE',
  'SA',
  'PH',
  'VN',
];
const LANGUAGES: Record<string, string> = {
  US: 'en',
  GB: 'en',
  DE: 'de',
  FR: 'fr',
  ES: 'es',
  IT: 'it',
  JP: 'ja',
  KR: 'ko',
  BR: 'pt',
  MX: 'es',
  ID: 'id',
  TH: 'th',
  AE: 'ar',
  SA: 'ar',
  PH: 'en',
  VN: 'vi',
};
const CATEGORIES: Category[] = [
  'BEAUTY',
  'FASHION',
  'ELECTRONICS',
  'HOME',
  'PETS',
  'FOOD',
  'FITNESS',
  'HEALTH',
  'TOYS',
  'OUTDOOR',
];
const PLATFORMS: Platform[] = ['TIKTOK', 'INSTAGRAM', 'YOUTUBE'];
const CURRENCIES = ['USD', 'EUR', 'GBP'];
const PRODUCTS: Record<string, string[]> = {
  BEAUTY: ['Vitamin C serum', 'Hydrating sheet mask', 'Lip tint set'],
  FASHION: ['Linen summer dress', 'Canvas tote', 'Running socks 5-pack'],
  ELECTRONICS: ['Wireless earbuds', 'Magnetic power bank', 'Mini projector'],
  HOME: ['Aroma diffuser', 'Vacuum storage bags', 'Cordless hand vacuum'],
  PETS: ['Self-cleaning litter box', 'Dog harness', 'Cat water fountain'],
  FOOD: ['Matcha starter kit', 'Spicy noodle box', 'Dried mango snacks'],
  FITNESS: ['Resistance bands', 'Smart jump rope', 'Yoga mat'],
  HEALTH: ['Posture corrector', 'Massage gun', 'Sleep mask'],
  TOYS: ['STEM robot kit', 'Magnetic tiles', 'Plush blind box'],
  OUTDOOR: ['Camping lantern', 'Folding kayak paddle', 'Hammock'],
};
const SELLER_COMMENTS = [
  'Creative script with a strong hook; the product demo was clear and on brief',
  'Published two days late, but the engagement made up for it and the #ad tag was there',
  'Great communication in the chat, revisions turned around within a day',
  'The video felt generic and missed two of the key selling points from the brief',
  'Excellent brand fit, audience questions in the comments were answered quickly',
  'Disclosure tag was missing at first and had to be added after our review',
];
const CREATOR_COMMENTS = [
  'Clear brief with product samples shipped early, deposit paid on acceptance',
  'Feedback on the script was specific and arrived within 24 hours',
  'Payment of the final milestone came a week after completion, otherwise smooth',
  'The brief changed twice after acceptance, which cost us a reshoot',
];
const MESSAGES = [
  'Samples arrived today, starting the shoot this week',
  'Could you mention the discount code in the first ten seconds?',
  'Draft uploaded, please check the product close-ups',
  'Posting tomorrow at 7 pm local time for the best reach',
  'Metrics screenshot attached for the first three days',
];

const seller = (id: string): Actor => ({ userId: `user-${id}`, role: 'SELLER', partyId: id });
const creator = (id: string): Actor => ({ userId: `user-${id}`, role: 'CREATOR', partyId: id });
const ARBITRATOR: Actor = { userId: 'user-arbitrator-1', role: 'ARBITRATOR' };
/** Where the generators of the lifecycle's stories start (one per collaboration, apart from the others). */
const LIFECYCLE_STREAMS = 1_000_000_000;
const hours = (instant: string, h: number) => new Date(Date.parse(instant) + h * 3_600_000).toISOString();

/** Runs tasks with at most `limit` in flight. */
const pool = async (count: number, limit: number, task: (i: number) => Promise<void>) => {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
};

export const seedHistory = async (
  write: WriteSide,
  size: SeedSize,
  options: SeedOptions = {},
): Promise<SeedReport> => {
  const random = new Random(options.seed ?? 20260101);
  const start = options.start ?? '2025-01-06T09:00:00.000Z';
  const refused: Record<string, number> = {};
  let commands = 0;
  /** Sends a command; a refusal is counted (by code) and answered with undefined. */
  const run = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    commands++;
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused[error.code] = (refused[error.code] ?? 0) + 1;
      return undefined;
    }
  };
  const tagged = new Set<string>();
  const disputed = new Set<string>();
  const storeEvidence =
    options.evidence ??
    ((text: string) =>
      Promise.resolve({
        sha256: createHash('sha256').update(text).digest('hex'),
        contentType: 'text/plain',
        sizeBytes: Buffer.byteLength(text),
      }));

  const creatorIds = Array.from({ length: size.creators }, (_, i) => `c-${String(i + 1).padStart(5, '0')}`);
  const sellerIds = Array.from({ length: size.sellers }, (_, i) => `s-${String(i + 1).padStart(4, '0')}`);
  const profiles = new Map<string, CreatorProfile>();
  for (const id of creatorIds) {
    const country = random.pick(COUNTRIES);
    const platforms = random.some(PLATFORMS, 1, 3);
    profiles.set(id, {
      displayName: `Creator ${id.slice(2)}`,
      country,
      languages: [...new Set([LANGUAGES[country]!, ...(random.chance(0.4) ? ['en'] : [])])],
      categories: random.some(CATEGORIES, 1, 3),
      platformAccounts: platforms.map((platform) => ({
        platform,
        handle: `@${id}-${platform.toLowerCase()}`,
        followers: random.logUniform(2_000, 3_000_000),
      })),
      bio: `Short-form creator from ${country}`,
    });
  }
  await pool(creatorIds.length, 64, async (i) => {
    const id = creatorIds[i]!;
    await run(() =>
      write.creator({
        type: 'RegisterCreator',
        creatorId: id,
        profile: profiles.get(id)!,
        actor: creator(id),
        now: start,
      }),
    );
  });
  const sellerCurrency = new Map<string, string>();
  await pool(sellerIds.length, 64, async (i) => {
    const id = sellerIds[i]!;
    sellerCurrency.set(id, random.pick(CURRENCIES));
    await run(() =>
      write.seller({
        type: 'RegisterSeller',
        sellerId: id,
        profile: { name: `Brand ${id.slice(2)}`, country: random.pick(['CN', 'CN', 'CN', 'HK', 'SG']) },
        actor: seller(id),
        now: start,
      }),
    );
    if (random.chance(0.5)) {
      await run(() =>
        write.sellerLibrary({
          type: 'SaveBriefTemplate',
          sellerId: id,
          templateId: `tpl-${id}`,
          name: 'TikTok unboxing SOP',
          brief: {
            contentFormat: 'UNBOXING',
            platforms: ['TIKTOK'],
            revisionLimit: 2,
            measurementWindowDays: 7,
            scriptDueInDays: 7,
            publishDueInDays: 14,
          },
          actor: seller(id),
          now: start,
        }),
      );
    }
  });

  // Verified parties, from a source of their own: the draws of the history above and below stay as they were.
  await verifyParties(write, run, Random.derive(options.seed ?? 20260101, -1), {
    start,
    sellerIds,
    creators: profiles,
    evidence: storeEvidence,
  });

  // Skewed activity: the busiest 5% of sellers and creators take a third of the collaborations.
  const pickSkewed = (ids: readonly string[]) =>
    random.chance(1 / 3)
      ? ids[random.int(0, Math.max(0, Math.ceil(ids.length * 0.05) - 1))]!
      : random.pick(ids);
  // The harsh seller and the colluding pair (below) act only in their own stories.
  const pickSeller = () => pickSkewed(sellerIds.slice(2));
  const pickCreator = () => pickSkewed(creatorIds.slice(2));
  const spanDays = 600;
  const harshSeller = sellerIds[0]!;
  const [pairSeller, pairCreator] = [sellerIds[1]!, creatorIds[1]!];

  const collusionEvery = Math.max(10, Math.round(size.collaborations / 1200));
  let done = 0;
  await pool(size.collaborations, options.concurrency ?? 64, async (i) => {
    const collaborationId = `k-${String(i + 1).padStart(6, '0')}`;
    const colluding = i % collusionEvery === 5;
    // The harsh seller works in clusters of four started together: its ratings come in bursts.
    const harsh = !colluding && i % 211 >= 3 && i % 211 <= 6;
    const sellerId = colluding ? pairSeller : harsh ? harshSeller : pickSeller();
    const creatorId = colluding ? pairCreator : pickCreator();
    // A harsh cluster starts at one moment, so its ratings fall within a day.
    const startIndex = harsh ? i - (i % 211) + 3 : i;
    const t0 = hours(
      addDays(start, 1 + (startIndex / size.collaborations) * spanDays),
      harsh ? i % 211 : random.int(0, 23),
    );
    // Stories run concurrently: each draws from its own generator, so a seed gives the same history.
    const own = Random.derive(options.seed ?? 20260101, i);
    // The lifecycle's later steps draw from generators of their own (scripts/seed/lifecycle.ts).
    const more = Random.derive(options.seed ?? 20260101, LIFECYCLE_STREAMS + i);
    await story({ collaborationId, sellerId, creatorId, t0, harsh, colluding, random: own, more });
    done++;
    options.onProgress?.(done, size.collaborations);
  });
  return { commands, refused, collaborations: size.collaborations, disputed: [...disputed].sort() };

  async function story(c: {
    collaborationId: string;
    sellerId: string;
    creatorId: string;
    t0: string;
    harsh: boolean;
    colluding: boolean;
    random: Random;
    more: Random;
  }) {
    const { random } = c;
    /** Harsh and colluding stories run to plan: on time, no revisions, rated right at completion. */
    const scripted = c.harsh || c.colluding;
    const S = seller(c.sellerId);
    const C = creator(c.creatorId);
    const profile = profiles.get(c.creatorId)!;
    let state: CollaborationState | undefined;
    const send = async (actor: Actor, now: string, body: CollaborationCommandBody) => {
      const result = await run(() =>
        write.collaboration({ ...body, collaborationId: c.collaborationId, actor, now } as never),
      );
      if (result) state = result.state;
      return result;
    };
    const lifecycle: Lifecycle = { send, more: c.more, seller: S, creator: C, state: () => state };
    const message = async (actor: Actor, now: string) => {
      if (random.chance(0.5))
        await send(actor, now, {
          type: 'PostMessage',
          messageId: `m-${random.hex(10)}`,
          body: random.pick(MESSAGES),
        });
    };

    const category = random.pick(profile.categories);
    const scriptDueAt = hours(c.t0, 24 * (scripted ? 5 : random.int(5, 10)));
    const publishDueAt = hours(scriptDueAt, 24 * (scripted ? 5 : random.int(5, 10)));
    const revisionLimit = random.int(1, 3);
    const windowDays = scripted ? 7 : random.pick([7, 7, 10, 14]);
    const followers = profile.platformAccounts.reduce((sum, a) => sum + a.followers, 0);
    const brief: BriefInput = {
      title: `${PRODUCTS[category]![0]} launch`,
      product: { name: random.pick(PRODUCTS[category]!), category },
      targetMarkets: [profile.country, ...(random.chance(0.3) ? ['US'] : [])].filter(
        (v, k, a) => a.indexOf(v) === k,
      ),
      language: profile.languages[0]!,
      contentFormat: random.pick(['TALKING_HEAD', 'SKIT', 'UNBOXING', 'TUTORIAL', 'REVIEW'] as const),
      platforms: [random.pick(profile.platformAccounts).platform],
      deliverables: [
        { description: 'One short video with a product demo and the discount code', quantity: 1 },
      ],
      scriptDueAt,
      publishDueAt,
      fee: { amountMinor: random.logUniform(20_000, 800_000), currency: sellerCurrency.get(c.sellerId)! },
      revisionLimit,
      measurementWindowDays: windowDays,
      metricTargets: random.chance(0.7)
        ? { minViews: Math.round(followers * 0.05), minEngagementRate: 0.02 }
        : {},
      usageRights: {
        scope: random.chance(0.5) ? ['ORGANIC', 'PAID_ADS'] : ['ORGANIC'],
        platforms: ['TIKTOK', 'INSTAGRAM'],
        months: random.pick([3, 6, 12]),
      },
      disclosure: { required: true, tag: '#ad' },
      tracking: { discountCode: `CODE${random.int(10, 99)}` },
    };
    if (
      !(await send(S, c.t0, {
        type: 'ProposeCollaboration',
        sellerId: c.sellerId,
        creatorId: c.creatorId,
        brief,
      }))
    )
      return;

    const fate = scripted ? 1 : random.float();
    if (fate < 0.07)
      return void (await send(C, hours(c.t0, 20), {
        type: 'DeclineProposal',
        reason: 'Fully booked this month',
      }));
    if (fate < 0.1)
      return void (await send(S, hours(c.t0, 30), {
        type: 'WithdrawProposal',
        reason: 'Budget moved to Q3',
      }));
    if (fate < 0.12)
      return void (await send(PLATFORM_ACTOR, scriptDueAt, {
        type: 'FireDeadline',
        rule: 'PROPOSAL_EXPIRED',
      }));

    let now = hours(c.t0, scripted ? 2 : random.int(2, 40));
    if (!scripted && c.more.chance(0.12)) await negotiate(lifecycle, brief.fee, c.t0, now);
    else await send(C, now, { type: 'AcceptProposal' });
    await message(C, hours(now, 1));
    if (random.chance(0.9))
      await send(S, hours(now, random.int(1, 30)), { type: 'ReleaseMilestone', name: 'DEPOSIT' });

    const disputeAt =
      !scripted && random.chance(0.06) ? random.pick(['ACTIVE', 'PUBLISHED', 'COMPLETED'] as const) : null;
    const dispute = async (at: string) => {
      const disputeId = `d-${c.collaborationId}`;
      const opener = random.chance(0.6) ? S : C;
      const reason = random.pick([
        'NOT_PUBLISHED_ON_TIME',
        'CONTENT_MISMATCH',
        'FAKE_METRICS',
        'COMMUNICATION',
        'NON_PAYMENT',
      ] as const);
      const opened = await send(opener, at, {
        type: 'OpenDispute',
        disputeId,
        reason,
        statement: 'Details and chat history in the evidence',
      });
      if (!opened) return;
      for (let k = 0; k < random.int(1, 3); k++) {
        const by = random.chance(0.5) ? S : C;
        const evidenceId = `e-${random.hex(10)}`;
        const { sha256, ...file } = await storeEvidence(
          `Evidence ${evidenceId} of dispute ${disputeId}, from ${by.userId}\n`,
          by,
        );
        const added = await send(by, hours(at, 2 + k * 5), {
          type: 'AddEvidence',
          disputeId,
          evidenceId,
          kind: random.pick([
            'CHAT_LOG',
            'SCREENSHOT',
            'PUBLISH_PROOF',
            'METRICS_REPORT',
            'CONTRACT',
          ] as const),
          description: 'Export from the platform',
          sha256,
          fileName: `${evidenceId}.txt`,
          file,
        });
        if (added) disputed.add(c.collaborationId);
      }
      await send(random.chance(0.5) ? S : C, hours(at, 20), {
        type: 'AddStatement',
        disputeId,
        statementId: `st-${random.hex(8)}`,
        text: 'Our account of what happened',
      });
      let resolvedAt = hours(at, 24 * random.int(2, 8));
      // A few wait a month for a decision: escalated after 30 days.
      const undecided = c.more.chance(0.08);
      if (undecided) resolvedAt = addDays(at, 31);
      const answerDue = dueAt(state, 'DISPUTE_RESPONSE_MISSED');
      if (answerDue && Date.parse(answerDue) < Date.parse(resolvedAt))
        await fire(lifecycle, 'DISPUTE_RESPONSE_MISSED');
      if (undecided) await fire(lifecycle, 'DISPUTE_ESCALATED');
      if (random.chance(0.15))
        return void (await send(opener, resolvedAt, { type: 'WithdrawDispute', disputeId }));
      const outcome = random.pick([
        'CREATOR_AT_FAULT',
        'SELLER_AT_FAULT',
        'SHARED',
        'NO_FAULT',
      ] as const satisfies readonly DisputeOutcome[]);
      // A shared fault is split by hand: the deposit to the creator, the rest back to the seller.
      const held = opened.state.milestones.filter((m) => m.disputeHold === disputeId).map((m) => m.name);
      await send(ARBITRATOR, resolvedAt, {
        type: 'ResolveDispute',
        disputeId,
        outcome,
        note: 'Decided on the chat log and the publish proof',
        ...(outcome === 'SHARED'
          ? {
              milestoneDecisions: held.map(
                (name) => ({ name, action: name === 'DEPOSIT' ? 'RELEASE' : 'REFUND' }) as const,
              ),
            }
          : {}),
      });
      return resolvedAt;
    };

    if (disputeAt === 'ACTIVE') {
      now = (await dispute(hours(now, 24))) ?? now;
    }
    if (!scripted && random.chance(0.04)) {
      return void (await send(random.chance(0.5) ? S : C, hours(now, 48), {
        type: 'CancelCollaboration',
        reason: 'Product recall in the target market',
      }));
    }

    // Scripts and revisions.
    now = hours(now, scripted ? 24 : 24 * random.int(1, 3));
    await send(C, now, { type: 'SubmitScript', text: 'Hook, demo, discount code, call to action' });
    const revisions = scripted ? 0 : random.int(0, revisionLimit);
    for (let r = 0; r < revisions; r++) {
      now = hours(now, random.int(4, 40));
      await send(S, now, {
        type: 'RequestRevision',
        feedback: 'Show the product in use in the first 3 seconds',
      });
      await message(S, hours(now, 1));
      now = hours(now, random.int(8, 48));
      await send(C, now, { type: 'SubmitScript', text: `Revised script v${r + 2}` });
    }
    if (!scripted && random.chance(0.05)) {
      now = addDays(now, 7);
      await send(PLATFORM_ACTOR, now, { type: 'FireDeadline', rule: 'SCRIPT_AUTO_APPROVED' });
    } else {
      now = hours(now, scripted ? 2 : random.int(2, 30));
      await send(S, now, { type: 'ApproveScript' });
    }

    // Publish: most on time, some late, a few very late.
    const lateness = scripted ? 0 : random.float();
    const offset = scripted
      ? -24
      : lateness < 0.8
        ? -random.int(0, 72)
        : lateness < 0.95
          ? random.int(1, 48)
          : random.int(49, 120);
    const publishedAt = new Date(
      Math.max(Date.parse(now) + 3_600_000, Date.parse(publishDueAt) + offset * 3_600_000),
    ).toISOString();
    const account = profile.platformAccounts.find((a) => a.platform === brief.platforms[0])!;
    await send(C, publishedAt, {
      type: 'PublishContent',
      platform: account.platform,
      url: `https://video.example.com/${c.collaborationId}`,
      publishedAt,
    });
    let silentAfterFix = false;
    if (!scripted && c.more.chance(0.08)) {
      silentAfterFix = await reviewWithIssues(lifecycle, publishedAt);
    } else if (scripted || random.chance(0.9)) {
      await send(
        S,
        hours(publishedAt, random.int(2, 72)),
        scripted || random.chance(0.9)
          ? { type: 'ReviewContent', accepted: true, issues: [] }
          : {
              type: 'ReviewContent',
              accepted: false,
              issues: ['MISSING_DISCLOSURE'],
              comment: 'Please add #ad',
            },
      );
    } else {
      await send(PLATFORM_ACTOR, addDays(publishedAt, 7), {
        type: 'FireDeadline',
        rule: 'CONTENT_AUTO_ACCEPTED',
      });
    }

    // Metrics: cumulative snapshots, the last one final.
    const reach = random.float() * 0.3 + 0.02;
    const views = Math.max(100, Math.round(account.followers * reach));
    const engagement = random.float() * 0.08 + 0.01;
    const clickRate = random.float() * 0.03 + 0.002;
    const orderRate = random.float() * 0.08 + 0.01;
    const price = random.int(1_500, 9_000);
    const days = [1, 3, windowDays];
    for (const [k, day] of days.entries()) {
      const share = (k + 1) / days.length;
      const broken = random.chance(0.02) && k === 1;
      const v = Math.round(views * share * (broken ? 0.5 : 1));
      const clicks = random.chance(0.005) ? v * 2 : Math.round(v * clickRate);
      const orders = Math.round(clicks * orderRate);
      await send(random.chance(0.7) ? S : C, addDays(publishedAt, day), {
        type: 'RecordMetricsSnapshot',
        snapshotId: `ms-${c.collaborationId}-${k}`,
        capturedAt: addDays(publishedAt, day),
        views: v,
        likes: Math.round(v * engagement * 0.8),
        comments: Math.round(v * engagement * 0.12),
        shares: Math.round(v * engagement * 0.08),
        clicks,
        orders,
        gmv: { amountMinor: orders * price, currency: brief.fee.currency },
      });
    }
    if (disputeAt === 'PUBLISHED') await dispute(addDays(publishedAt, 2));
    await message(S, addDays(publishedAt, windowDays));
    let completedAt = hours(addDays(publishedAt, windowDays), scripted ? 1 : random.int(1, 30));
    // A few sellers never complete: the platform does, 3 days after the measurement window.
    const byPlatform =
      !scripted && c.more.chance(0.05) ? await fire(lifecycle, 'COLLABORATION_AUTO_COMPLETED') : undefined;
    if (byPlatform) completedAt = byPlatform;
    else if (!(await send(S, completedAt, { type: 'CompleteCollaboration' }))) return;
    if (silentAfterFix) await fire(lifecycle, 'CONTENT_AUTO_ACCEPTED');
    if (disputeAt === 'COMPLETED') await dispute(addDays(completedAt, 3));

    // Double-blind ratings: both sides mostly, sometimes one, and the window closes on the rest.
    const late = Date.parse(publishedAt) > Date.parse(publishDueAt);
    const sellerRates = scripted || random.chance(0.9);
    const creatorRates = c.colluding || random.chance(0.7);
    const ratedAt: string[] = [];
    if (sellerRates) {
      const base = c.colluding ? 5 : c.harsh ? 1 : random.int(3, 5);
      const score = () => Math.min(5, Math.max(1, c.colluding ? 5 : c.harsh ? 1 : base + random.int(-1, 0)));
      const at = scripted ? hours(completedAt, 1) : addDays(completedAt, random.int(0, 10));
      if (
        await send(S, at, {
          type: 'RateCollaboration',
          ratingId: `r-${c.collaborationId}-s`,
          scores: {
            CONTENT_QUALITY: score(),
            TIMELINESS: c.colluding ? 5 : c.harsh ? 1 : late ? random.int(1, 3) : Math.max(score(), 3),
            COMMUNICATION: score(),
            COMPLIANCE: score(),
            BRAND_FIT: score(),
          },
          comment: random.pick(SELLER_COMMENTS),
          tags: late ? ['LATE_PUBLISH'] : ['CREATIVE_SCRIPT'],
        })
      )
        ratedAt.push(at);
    }
    let creatorRated = false;
    if (creatorRates) {
      const at = c.colluding ? hours(completedAt, 2) : addDays(completedAt, random.int(0, 12));
      creatorRated = Boolean(
        await send(C, at, {
          type: 'RateCollaboration',
          ratingId: `r-${c.collaborationId}-c`,
          scores: {
            BRIEF_CLARITY: random.int(3, 5),
            FEEDBACK_QUALITY: random.int(2, 5),
            PAYMENT_RELIABILITY: random.int(3, 5),
            COMMUNICATION: random.int(3, 5),
          },
          comment: random.pick(CREATOR_COMMENTS),
        }),
      );
      if (creatorRated) ratedAt.push(at);
    }
    const windowClosed =
      !(sellerRates && creatorRates) &&
      (await send(PLATFORM_ACTOR, addDays(completedAt, 14), {
        type: 'FireDeadline',
        rule: 'RATING_WINDOW_CLOSED',
      }));
    const tag = random.pick(['reliable', 'fast', 'hire-again', 'premium']);
    if (random.chance(0.3) && !tagged.has(`${c.sellerId}:${c.creatorId}:${tag}`)) {
      tagged.add(`${c.sellerId}:${c.creatorId}:${tag}`);
      await run(() =>
        write.sellerLibrary({
          type: 'TagCreator',
          sellerId: c.sellerId,
          creatorId: c.creatorId,
          tag,
          actor: S,
          now: addDays(completedAt, 1),
        }),
      );
    }
    if (random.chance(0.05) && !tagged.has(`${c.sellerId}:${c.creatorId}:*`)) {
      tagged.add(`${c.sellerId}:${c.creatorId}:*`);
      await run(() =>
        write.sellerLibrary({
          type: 'FavouriteCreator',
          sellerId: c.sellerId,
          creatorId: c.creatorId,
          actor: S,
          now: addDays(completedAt, 1),
        }),
      );
    }
    // Last, so that every draw above is what it was before reviews were public.
    const sellerRated = ratedAt.length - (creatorRated ? 1 : 0) > 0;
    await answerReviews(send, random, {
      collaborationId: c.collaborationId,
      seller: S,
      creator: C,
      revealedAt:
        // Revealed when the second rating was given, or when the window closed on one.
        ratedAt.length === 2
          ? ratedAt[1]!
          : windowClosed && ratedAt.length > 0
            ? addDays(completedAt, 14)
            : null,
      rated: { seller: sellerRated, creator: creatorRated },
      evidence: storeEvidence,
    });
    // The usage rights over time, after the reviews' draws (their times come months after).
    await usageRightsOverTime(lifecycle, addDays(start, spanDays));
  }
};

import {
  AcceptCounterOfferDocument,
  ApproveScriptDocument,
  CounterOfferDocument,
  OpenDisputeDocument,
  ProposeCollaborationDocument,
  ProposeUsageRightsExtensionDocument,
  PublishContentDocument,
  RecordContentFixDocument,
  ReviewContentDocument,
  SubmitScriptDocument,
} from './generated/graphql.js';
import { aBriefInput } from './briefInput.js';
import type { TestServer, testClock } from './server.js';

const DAY_MS = 86_400_000;

/**
 * Collaboration `id` between seller s1 and creator c1 (registered before), through the API and the
 * scheduler, with the service's clock moved: a counter-offer the seller accepted, content found off
 * the brief whose fix came after its deadline fired, a dispute whose other side stayed silent past
 * its 5 days, and usage rights ending within 30 days with an extension for a fee awaiting the
 * creator (DOMAIN.md § Negotiation, § Acceptance, § Deadlines, § Usage rights).
 */
export const seedLifecycleCollaboration = async (
  api: TestServer,
  tokens: Record<'s1' | 'c1', string>,
  clock: ReturnType<typeof testClock>,
  id = 'k2',
): Promise<void> => {
  const { s1, c1 } = tokens;
  const from = (days: number) => new Date(Date.parse(clock.now()) + days * DAY_MS).toISOString();
  const schedulerLooks = async () => {
    await api.services.scheduler.caughtUpTo(await api.services.eventStore.headPosition());
    await api.services.scheduler.fireDue();
  };
  await api.ok(s1, ProposeCollaborationDocument, {
    input: {
      collaborationId: id,
      creatorId: 'c1',
      brief: aBriefInput(clock.now(), {
        title: 'Night cream launch',
        usageRights: { scope: ['ORGANIC', 'PAID_ADS'], platforms: ['TIKTOK'], endsAt: from(28) },
      }),
    },
  });
  await api.ok(c1, CounterOfferDocument, {
    input: {
      collaborationId: id,
      fee: { amountMinor: 95_000, currency: 'USD' },
      note: 'Two takes of the demo',
    },
  });
  await api.ok(s1, AcceptCounterOfferDocument, { id });
  await api.ok(c1, SubmitScriptDocument, { input: { collaborationId: id, text: 'Hook, demo, code' } });
  await api.ok(s1, ApproveScriptDocument, { id });
  await api.ok(c1, PublishContentDocument, {
    input: {
      collaborationId: id,
      platform: 'TIKTOK',
      url: `https://www.tiktok.com/@mia/video/${id}`,
      publishedAt: clock.now(),
    },
  });
  await api.ok(s1, ReviewContentDocument, {
    input: { collaborationId: id, accepted: false, issues: ['OFF_BRIEF'], comment: 'The demo is missing' },
  });
  clock.advanceDays(5);
  await schedulerLooks();
  await api.ok(c1, RecordContentFixDocument, {
    input: { collaborationId: id, url: `https://www.tiktok.com/@mia/video/${id}-2`, note: 'Demo at 0:08' },
  });
  await api.ok(s1, OpenDisputeDocument, {
    input: {
      collaborationId: id,
      disputeId: `${id}-d`,
      reason: 'CONTENT_MISMATCH',
      statement: 'Still no demo',
    },
  });
  clock.advanceDays(5);
  await schedulerLooks();
  await api.ok(s1, ProposeUsageRightsExtensionDocument, {
    input: {
      collaborationId: id,
      extensionId: `${id}-x`,
      endsAt: from(120),
      scope: ['ORGANIC', 'PAID_ADS', 'WHITELISTING'],
      fee: { amountMinor: 20_000, currency: 'USD' },
    },
  });
};

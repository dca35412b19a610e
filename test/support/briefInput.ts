import type { BriefInput } from './generated/graphql.js';

const DAY_MS = 86_400_000;

/**
 * A brief as a seller sends it through the API (`proposeCollaboration`): one 60-second talking-head
 * video on TikTok for the US, the script due 5 days after `from` and the publication 10 days after.
 * Tests name only what they are about in `overrides`.
 */
export const aBriefInput = (from: string, overrides: Partial<BriefInput> = {}): BriefInput => ({
  title: 'Serum launch',
  product: { name: 'Vitamin C serum', category: 'BEAUTY' },
  targetMarkets: ['US'],
  language: 'en',
  contentFormat: 'TALKING_HEAD',
  platforms: ['TIKTOK'],
  deliverables: [{ description: '60 s video', quantity: 1 }],
  scriptDueAt: new Date(Date.parse(from) + 5 * DAY_MS).toISOString(),
  publishDueAt: new Date(Date.parse(from) + 10 * DAY_MS).toISOString(),
  fee: { amountMinor: 80_000, currency: 'USD' },
  ...overrides,
});

import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../src/audit/exportFile.js';
import { checkSignature } from '../../src/audit/signing.js';
import {
  CollaborationHistoryDocument,
  CollaborationsDocument,
  DirectoryDocument,
} from '../support/generated/graphql.js';
import { foreignRequests, recordingContext, screenshot, screenshotOf } from './browser.js';
import { signIn, startConsoleServer } from './consoleServer.js';
import { rawNames } from './words.js';

/**
 * The audit console in each of its languages, chosen by the browser's: every view walked (the
 * disputes, a collaboration's timeline event by event, as-of, evidence, the export, a creator's
 * chart and its changes, collaborations of a seeded history) with no code name and no message id on
 * screen, dates and numbers as the language writes them; then switched, and remembered.
 */
describe('the audit console in Chinese and English', () => {
  let server: Awaited<ReturnType<typeof startConsoleServer>>;
  beforeAll(async () => {
    server = await startConsoleServer({ history: true, reviews: true, lifecycle: true });
  });
  afterAll(async () => server?.close());

  /** How the console writes an instant in a language and zone (web/i18n/format.ts). */
  const written = (iso: string, locale: string, timeZone: string) =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
      timeZone,
    }).format(new Date(iso));

  /** Opens each event of the collaboration on screen, noting every code name shown. */
  const walkTimeline = async (page: Page, where: string, found: string[]) => {
    const items = page.locator('[data-testid=timeline] li');
    const count = await items.count();
    for (let i = 0; i < count; i++) {
      const item = items.nth(i);
      await item.locator('button').click();
      const type = await item.getAttribute('data-type');
      await page.locator(`[data-testid=event-detail][data-type=${type}]`).waitFor();
      found.push(...(await rawNames(page)).map((raw) => `${where} #${i} ${type}: ${raw}`));
    }
    return count;
  };

  const LANGUAGES = [
    {
      lang: 'zh-CN',
      browser: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      words: {
        dispute: '争议',
        creator: '达人',
        creditScore: '信用评分',
        revealed: '的评价公开',
        reply: '回复',
        privateInformation: '泄露隐私信息',
      },
    },
    {
      lang: 'en',
      browser: 'en-US',
      timezoneId: 'America/New_York',
      words: {
        dispute: 'Dispute',
        creator: 'Creator',
        creditScore: 'Credit score',
        revealed: 'were revealed',
        reply: 'reply',
        privateInformation: 'private information',
      },
    },
  ] as const;

  it.each(LANGUAGES)(
    'speaks $lang to a browser in $browser: every view without a code name',
    async ({ lang, browser: locale, timezoneId, words }) => {
      const { api, browser, origin, tokens } = server;
      const { page, requests, errors } = await recordingContext(browser, { locale, timezoneId });
      const found: string[] = [];
      const look = async (where: string) =>
        found.push(...(await rawNames(page)).map((raw) => `${where}: ${raw}`));

      await page.goto(`${origin}/console`);
      await expect.poll(() => page.getAttribute('html', 'lang')).toBe(lang);
      await look('signed out');
      await signIn(page, origin, tokens.auditor, 'AUDITOR');
      await page.locator('[data-testid=list-title]').waitFor();
      expect(await page.locator('main').innerText()).toContain(words.dispute);
      // The staff's queues: k1's open report, and what waits for a check.
      await expect.poll(() => page.getByTestId('reports-title').getAttribute('data-count')).toBe('1');
      expect(await page.locator('[data-testid=reports] tr[data-status=OPEN]').count()).toBe(1);
      await page.getByTestId('verifications-title').waitFor();
      expect(await page.locator('[data-testid=verifications] td a', { hasText: 'c1' }).count()).toBe(1);
      await look('disputes and queues');
      await page.selectOption('select[name=ReportStatusFilter]', 'TEXT_REMOVED');
      await page.locator('[data-testid=reports] tr[data-status=TEXT_REMOVED]').waitFor();
      await look('reports whose text was removed');

      // A collaboration: its timeline, each event's changes in words, times in the viewer's zone.
      await page.locator('table.list a', { hasText: 'k1' }).first().click();
      await expect.poll(() => page.getByTestId('verification').getAttribute('data-valid')).toBe('true');
      const { events } = (await api.ok(tokens.auditor, CollaborationHistoryDocument, { id: 'k1' }))
        .collaborationHistory!;
      expect(await page.locator('[data-testid=timeline] li .at').first().textContent()).toBe(
        written(events[0]!.metadata!.occurredAt, lang, timezoneId),
      );
      expect(await walkTimeline(page, 'k1', found)).toBe(events.length);

      // As of a revision, and of an instant typed as the console writes it.
      await page.locator('input[name=revision]').fill('1');
      await expect.poll(() => page.getByTestId('as-of-revision').textContent()).toBe('1');
      await look('as of revision 1');
      const first = await page.locator('input[name=at]').getAttribute('data-min');
      await page.fill('input[name=at]', first!);
      await expect.poll(() => page.getByTestId('as-of-revision').textContent()).toBe('0');
      await look('as of the first instant');

      // Evidence, and the signed export.
      await page.locator('[data-testid=evidence][data-check=matches]').waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('button[name=export]'),
      ]);
      const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as AuditExport;
      expect(checkSignature(file).status).toBe('valid');
      await page.locator('[data-testid=timeline] li[data-type=DisputeEvidenceAdded] button').click();
      await look('evidence and export');
      await screenshot(page, `console-${lang}`);

      // A creator: the chart, the breakdown, each change explained from the change log.
      await page.goto(`${origin}/console#/creator/c1`);
      await page.locator('[data-testid=chart] canvas').waitFor();
      const changes = page.getByTestId('changes');
      expect(await changes.innerText()).toContain(words.creditScore);
      expect(
        await changes.locator('[data-event-type=RatingsRevealed] .change-main').first().innerText(),
      ).toContain(words.revealed);
      await look('creator c1');
      await screenshot(page, `console-creator-${lang}`);

      // Its reviews: the seller's, with the creator's reply and the verified results from the log.
      const review = page.locator('[data-testid=reviews] [data-testid=review]');
      await review.first().waitFor();
      expect(await review.count()).toBe(1);
      expect(await review.getByTestId('review-reply').innerText()).toContain(words.reply);
      expect(await review.getByTestId('review-results').getAttribute('data-position')).not.toBe('');
      expect(await page.getByTestId('party-verification').getAttribute('data-status')).toBe('PENDING');
      // Checked against the log by the service, on demand.
      await review.locator('button[name=checkReview]').click();
      await expect.poll(() => review.getByTestId('review-check').getAttribute('data-valid')).toBe('true');
      await look('creator c1 reviews');

      // The seller's: the creator's review, its text removed by arbitration with the reason in words.
      await page.goto(`${origin}/console#/seller/s1`);
      await page.locator('[data-testid=review][data-removed=true]').waitFor();
      expect(await page.getByTestId('review-removed').innerText()).toContain(words.privateInformation);
      await look('seller s1');

      // A seeded creator with the most reviews, lowest first.
      const { creators } = await api.ok(tokens.auditor, DirectoryDocument, { filter: { minReviews: 2 } });
      const most = [...creators.edges].sort((a, b) => b.node.reviewCount - a.node.reviewCount)[0]!.node;
      await page.goto(`${origin}/console#/creator/${most.id}`);
      await expect
        .poll(() => page.getByTestId('reviews').getAttribute('data-count'))
        .toBe(String(most.reviewCount));
      await page.selectOption('select[name=reviewSort]', 'LOWEST');
      await review.first().waitFor();
      await look(`creator ${most.id} reviews, lowest first`);
      await screenshotOf(page.getByTestId('party-reviews'), `console-reviews-${lang}`);

      // The lifecycle: a negotiation, a fix after its deadline, a dispute's clocks, usage rights.
      await page.goto(`${origin}/console#/collaboration/k2`);
      await page.getByTestId('lifecycle').waitFor();
      await page.locator('[data-testid=negotiation] tr[data-round="1"]').waitFor();
      await page.locator('[data-testid=content-fix]').waitFor();
      await page.locator('[data-testid=dispute-clocks]').waitFor();
      expect(await page.locator('[data-testid=timeline] li .rule').count()).toBeGreaterThanOrEqual(2);
      await walkTimeline(page, 'k2', found);
      await look('k2');
      await screenshot(page, `console-lifecycle-${lang}`);
      const seller = await recordingContext(browser, { locale, timezoneId });
      await signIn(seller.page, origin, tokens.s1, 'SELLER');
      await seller.page.locator('[data-testid=rights-ending] tr[data-id=k2]').waitFor();
      found.push(...(await rawNames(seller.page)).map((raw) => `seller home: ${raw}`));
      expect(seller.errors).toEqual([]);

      // Collaborations of a seeded history: other steps, other outcomes.
      const seeded = (
        await api.ok(tokens.auditor, CollaborationsDocument, { first: 30 })
      ).collaborations.edges
        .map((e) => e.node.id)
        .filter((id) => id.startsWith('k-'))
        .slice(0, 6);
      expect(seeded.length).toBe(6);
      for (const id of seeded) {
        await page.goto(`${origin}/console#/collaboration/${id}`);
        await page.getByTestId('verification').waitFor();
        await walkTimeline(page, id, found);
        await look(id);
      }

      expect(found).toEqual([]);
      expect(errors).toEqual([]);
      expect(foreignRequests(requests, origin)).toEqual([]);
    },
  );

  it('is switched to the other language, and remembers it; times in UTC on demand', async () => {
    const { browser, origin, tokens } = server;
    const { page, errors } = await recordingContext(browser, {
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
    });
    await signIn(page, origin, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/collaboration/k1`);
    await page.locator('[data-testid=timeline] li').first().waitFor();
    const brand = page.locator('header .brand');
    expect(await brand.textContent()).toBe('Creator Ledger · audit console');

    await page.selectOption('select[name=language]', 'zh-CN');
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await brand.textContent()).toBe('Creator Ledger · 审计控制台');
    expect(await page.title()).toBe('Creator Ledger · 审计控制台');
    expect(await page.locator('main').innerText()).toContain('时间线');
    // The viewer's own zone, then UTC.
    const at = page.locator('[data-testid=timeline] li .at').first();
    expect(await at.textContent()).toContain('GMT+8');
    await page.check('input[name=utc]');
    await expect.poll(() => at.textContent()).toContain('UTC');

    await page.reload();
    await page.locator('[data-testid=timeline] li').first().waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await at.textContent()).toContain('UTC');
    expect(await rawNames(page)).toEqual([]);

    // Code names, for an auditor who asks for them, beside the words.
    await page.check('input[name=codeNames]');
    expect(await page.locator('[data-testid=timeline] li code.raw').first().textContent()).toBe(
      'CollaborationProposed',
    );
    expect(errors).toEqual([]);
  });
});

import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../src/audit/exportFile.js';
import { HIDDEN_COMMENT, writeEveryEventType } from '../support/everyEventType.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { foreignRequests, launch, recordingContext, screenshot } from './browser.js';
import { signIn } from './consoleServer.js';
import { rawNames } from './words.js';

/**
 * The audit console on a damaged log (README § Security): k-blind, whose seller rating is still
 * hidden from its creator, with two stored events edited behind the service's back so that their
 * JSON parses but no longer has their type's shape — the proposal ("brief" renamed "bRief", as
 * reported) and that hidden rating. An auditor is shown every event, which ones were not replayed
 * and why in words, in each language, with what is stored; the creator is shown neither the hidden
 * rating nor what is stored of it; a stranger nothing.
 */
describe('audit console on a damaged log', () => {
  let api: TestServer;
  let browser: Browser;
  let origin: string;
  const tokens = {} as Record<'auditor' | 'c1' | 's2', string>;
  let revisions: { proposal: number; rating: number; count: number };

  beforeAll(async () => {
    api = await startTestServer({ clock: testClock(new Date('2026-05-01T00:00:00.000Z')) });
    origin = new URL(api.url).origin;
    await writeEveryEventType(api.services.write);
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 30_000);
    tokens.auditor = await api.token('AUDITOR');
    tokens.c1 = await api.token('CREATOR', 'c1');
    tokens.s2 = await api.token('SELLER', 's2');
    const db = new Database(api.config.eventStorePath);
    try {
      const rows = db
        .prepare(
          "SELECT revision, type FROM events WHERE stream_id = 'collaboration-k-blind' ORDER BY revision",
        )
        .all() as { revision: number; type: string }[];
      revisions = {
        proposal: 0,
        rating: rows.find((r) => r.type === 'CollaborationRated')!.revision,
        count: rows.length,
      };
      const edit = db.prepare(
        "UPDATE events SET data = replace(data, ?, ?) WHERE stream_id = 'collaboration-k-blind' AND revision = ?",
      );
      expect(edit.run('"brief"', '"bRief"', revisions.proposal).changes).toBe(1);
      expect(edit.run('"scores"', '"scoreS"', revisions.rating).changes).toBe(1);
    } finally {
      db.close();
    }
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = async (page: Page, token: string, role: string) => {
    await signIn(page, origin, token, role);
    await page.goto(`${origin}/console#/collaboration/k-blind`);
  };
  const item = (page: Page, revision: number) =>
    page.locator(`[data-testid=timeline] li[data-revision="${revision}"]`);

  it.each([
    { lang: 'en', locale: 'en-US', broken: 'broken at revision 0', stored: 'As stored' },
    { lang: 'zh-CN', locale: 'zh-CN', broken: '修订号 0', stored: '原始存储内容' },
  ])('shows an auditor every event, and why some were not replayed ($lang)', async (language) => {
    const { page, requests, errors } = await recordingContext(browser, { locale: language.locale });
    await open(page, tokens.auditor, 'AUDITOR');
    await expect.poll(() => page.getByTestId('verification').getAttribute('data-valid')).toBe('false');
    expect(await page.getByTestId('verification').textContent()).toContain(language.broken);
    expect(await page.locator('[data-testid=timeline] li').count()).toBe(revisions.count);
    const notReplayed = await page.locator('[data-testid=timeline] li[data-replayed=false]').all();
    expect(await Promise.all(notReplayed.map((li) => li.getAttribute('data-revision')))).toEqual([
      String(revisions.proposal),
      String(revisions.rating),
    ]);
    const found: string[] = [];
    for (const revision of [revisions.proposal, revisions.rating, revisions.count - 1]) {
      await item(page, revision).locator('button').click();
      await page.locator(`[data-testid=event-detail]`).waitFor();
      found.push(...(await rawNames(page)).map((raw) => `#${revision}: ${raw}`));
    }
    await item(page, revisions.rating).locator('button').click();
    expect(await page.getByTestId('not-replayed').getAttribute('data-code')).toBe('DATA_SHAPE');
    await page.locator('[data-testid=stored] summary').click();
    expect(await page.getByTestId('stored').textContent()).toContain('"scoreS"');
    expect(await page.getByTestId('stored').textContent()).toContain(language.stored);
    // As of the last revision: the state without the two events, each named.
    await page.locator('input[name=revision]').fill(String(revisions.count - 1));
    await page.getByTestId('as-of-not-replayed').waitFor();
    found.push(...(await rawNames(page)).map((raw) => `as of: ${raw}`));
    // The signed export, with what is broken in it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[name=export]')]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as AuditExport;
    expect(file.verification.notReplayed.map((p) => [Number(p.revision), p.code])).toEqual([
      [revisions.proposal, 'DATA_SHAPE'],
      [revisions.rating, 'DATA_SHAPE'],
    ]);
    await screenshot(page, `console-damaged-${language.lang}`);
    expect(found).toEqual([]);
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it('keeps the hidden rating from the creator, stored text and all, and everything from a stranger', async () => {
    const { page, errors } = await recordingContext(browser);
    await open(page, tokens.c1, 'CREATOR');
    await expect.poll(() => page.getByTestId('verification').getAttribute('data-valid')).toBe('false');
    expect(await page.locator('[data-testid=timeline] li').count()).toBe(revisions.count);
    await item(page, revisions.rating).locator('button').click();
    await page.getByTestId('not-replayed').waitFor();
    expect(await page.getByTestId('event-detail').textContent()).toContain('withheld from you whole');
    expect(await page.getByTestId('stored').count()).toBe(0);
    expect(await page.content()).not.toContain(HIDDEN_COMMENT);
    expect(await page.content()).not.toContain('scoreS');
    await page.click('button[name=export]');
    await expect
      .poll(() => page.locator('.export [role=alert]').getAttribute('data-code'))
      .toMatch(/^EXPORT_WITHHELD/);
    expect(errors).toEqual([]);

    await open(page, tokens.s2, 'SELLER');
    await page.locator('.error[role=alert]').waitFor();
    expect(await page.getByTestId('timeline').count()).toBe(0);
    expect(await page.getByTestId('verification').count()).toBe(0);
  });
});

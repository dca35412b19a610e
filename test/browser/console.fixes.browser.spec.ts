import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY } from '../../web/console/queries.js';
import { CollaborationAsOfDocument, DisputeDocument } from '../support/generated/graphql.js';
import { startTestServer } from '../support/server.js';
import { recordingContext } from './browser.js';
import { signIn, startConsoleServer } from './consoleServer.js';

/**
 * What an outside run in Chromium found wrong in the console (issue 30), each shown fixed in an
 * English-speaking browser in New York: the as-of instant and its bounds, times in one 24-hour form,
 * the broken chain's revision a way to it, the service down said plainly, hashes that leave the page
 * whole, and the service's icon.
 */
describe('the audit console, as an outside run found it', () => {
  let server: Awaited<ReturnType<typeof startConsoleServer>>;
  beforeAll(async () => {
    server = await startConsoleServer();
  });
  afterAll(async () => server?.close());

  const NEW_YORK = { locale: 'en-US', timezoneId: 'America/New_York' } as const;
  /** An instant as the console's instant field reads it in a zone: 24-hour, to the second. */
  const typedIn = (timeZone: string) => (iso: string) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso));
  const typedInNewYork = typedIn('America/New_York');

  interface Event {
    revision: number;
    type: string;
    recordedAt: string;
    metadata: { occurredAt: string };
  }
  /** k1's history as the console asks for it. */
  const history = async () =>
    (
      (await server.api.raw(server.tokens.auditor, { query: HISTORY, variables: { id: 'k1' } })).data as {
        collaborationHistory: { events: Event[] };
      }
    ).collaborationHistory;

  it('asks for the state as of an instant on a whole minute with its seconds, and gets it', async () => {
    const { api, browser, origin, tokens } = server;
    const { events } = await history();
    // Every event of k1 happened on a whole minute (…:00): the field once sent `…T22:24Z`, refused.
    const instant = events[4]!.metadata.occurredAt;
    expect(instant).toMatch(/:00\.000Z$/);
    const expected = (await api.ok(tokens.auditor, CollaborationAsOfDocument, { id: 'k1', at: instant }))
      .collaborationAsOf!;
    const { page } = await recordingContext(browser, NEW_YORK);
    await signIn(page, origin, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/collaboration/k1`);
    await page.locator('input[name=at]').fill(typedInNewYork(instant));
    await expect.poll(() => page.getByTestId('as-of-revision').textContent()).toBe(String(expected.revision));
    expect(await page.locator('.as-of [role=alert]').count()).toBe(0);
  });

  it("bounds the instant by the events' occurred times, which the timeline shows, not their recorded times", async () => {
    const { browser, origin, tokens } = server;
    const { events } = await history();
    const first = events[0]!;
    // The service recorded the events now; they occurred on the test clock's days, in March.
    expect(first.recordedAt.slice(0, 10)).not.toBe(first.metadata.occurredAt.slice(0, 10));
    const { page } = await recordingContext(browser, NEW_YORK);
    await signIn(page, origin, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/collaboration/k1`);
    const field = page.locator('input[name=at]');
    await field.waitFor();
    expect(await field.getAttribute('data-min')).toBe(typedInNewYork(first.metadata.occurredAt));
    expect(await field.getAttribute('data-max')).toBe(typedInNewYork(events.at(-1)!.metadata.occurredAt));
    // The earliest instant offered is the first event: the collaboration as it was proposed.
    await field.fill(typedInNewYork(first.metadata.occurredAt));
    await expect.poll(() => page.getByTestId('as-of-revision').textContent()).toBe('0');
    expect(await page.getByTestId('as-of-status').getAttribute('data-value')).toBe('PROPOSED');
  });

  it('writes every time in one 24-hour form, the instant field too', async () => {
    const { browser, origin, tokens } = server;
    // In Tokyo k1's events (10:00 UTC) happened at 19:00: 7 PM where a 12-hour clock is the custom.
    const { page } = await recordingContext(browser, { locale: 'en-US', timezoneId: 'Asia/Tokyo' });
    await signIn(page, origin, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/collaboration/k1`);
    await page.locator('[data-testid=timeline] li').first().waitFor();
    const { events } = await history();
    const evening = events.at(-1)!.metadata.occurredAt;
    expect(new Date(evening).getUTCHours()).toBe(10);
    expect(await page.locator('[data-testid=timeline] li .at').last().textContent()).toContain('19:00:00');
    expect(await page.locator('main').innerText()).not.toMatch(/\b(AM|PM)\b/);
    const field = page.locator('input[name=at]');
    expect(await field.getAttribute('type')).toBe('text');
    await field.fill(typedIn('Asia/Tokyo')(evening));
    expect(await field.inputValue()).toMatch(/^\d{4}-\d{2}-\d{2} 19:00:00$/);
    await expect
      .poll(() => page.getByTestId('as-of-revision').textContent())
      .toBe(String(events.at(-1)!.revision));
  });

  it('takes the reader to the revision where the chain breaks, from the warning that names it', async () => {
    const { api, browser, origin, tokens } = server;
    const { events } = await history();
    const target = events.find((e) => e.type === 'DisputeStatementAdded')!;
    const db = new Database(api.config.eventStorePath);
    expect(
      db
        .prepare(
          "UPDATE events SET data = replace(data, 'agreed to Friday', 'agreed to Monday') WHERE data LIKE ?",
        )
        .run('%agreed to Friday%').changes,
    ).toBe(1);
    db.close();
    try {
      const { page } = await recordingContext(browser, NEW_YORK);
      await signIn(page, origin, tokens.auditor, 'AUDITOR');
      await page.goto(`${origin}/console#/collaboration/k1`);
      const warning = page.getByTestId('verification');
      await expect.poll(() => warning.textContent()).toContain(`revision ${target.revision}`);
      // The last event is the one shown first; the warning's revision takes the reader to the broken one.
      await page.getByTestId('broken-revision').click();
      const broken = page.locator(`[data-testid=timeline] li[data-revision="${target.revision}"]`);
      await expect.poll(() => broken.getAttribute('class')).toContain('selected');
      expect(await page.getByTestId('event-detail').getAttribute('data-type')).toBe('DisputeStatementAdded');
      expect(await page.evaluate("document.activeElement?.closest('li')?.dataset.revision")).toBe(
        String(target.revision),
      );
      expect(await broken.isVisible()).toBe(true);
      const box = await broken.boundingBox();
      const list = await page.getByTestId('timeline').boundingBox();
      expect(box!.y).toBeGreaterThanOrEqual(list!.y);
      expect(box!.y + box!.height).toBeLessThanOrEqual(list!.y + list!.height);
    } finally {
      const undo = new Database(api.config.eventStorePath);
      undo
        .prepare(
          "UPDATE events SET data = replace(data, 'agreed to Monday', 'agreed to Friday') WHERE data LIKE ?",
        )
        .run('%agreed to Monday%');
      undo.close();
    }
  });

  it('says plainly, in the language, that the service cannot be reached', async () => {
    const { browser } = server;
    // A service of its own, stopped once the console is open in both languages.
    const other = await startTestServer();
    const origin = new URL(other.url).origin;
    const token = await other.token('AUDITOR');
    const pages = [];
    for (const [locale, words] of [
      ['en-US', 'The service cannot be reached'],
      ['zh-CN', '无法连接到服务'],
    ] as const) {
      const { page } = await recordingContext(browser, { locale, timezoneId: 'UTC' });
      await page.goto(`${origin}/console`);
      await page.fill('input[name=token]', token);
      await page.click('.token-bar form button[type=submit]');
      await page.getByTestId('who').filter({ hasText: 'user-auditor' }).waitFor();
      pages.push({ page, words });
    }
    await other.close();
    for (const { page, words } of pages) {
      await page.fill('input[name=collaborationId]', 'k1');
      await page.press('input[name=collaborationId]', 'Enter');
      const alert = page.locator('main [role=alert]');
      await expect.poll(() => alert.count()).toBe(1);
      const text = await alert.innerText();
      expect(text).toContain(words);
      expect(text).not.toContain('Failed to fetch');
      expect(text).not.toContain('NETWORK');
    }
  });

  it("shows an evidence file's SHA-256 whole, selectable and copied with one click", async () => {
    const { api, browser, origin, tokens } = server;
    const { context, page } = await recordingContext(browser, NEW_YORK);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const dispute = (await api.ok(tokens.auditor, DisputeDocument, { id: 'd1' })).dispute!;
    const sha256 = dispute.trail.flatMap((e) => (e.__typename === 'EvidenceEntry' ? [e.sha256] : []))[0]!;
    await signIn(page, origin, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/collaboration/k1`);
    const evidence = page.getByTestId('evidence');
    await evidence.waitFor();
    const hash = evidence.getByTestId('hash');
    expect(await hash.textContent()).toBe(sha256);
    await hash.selectText();
    expect(await page.evaluate('String(window.getSelection())')).toBe(sha256);
    await evidence.locator('button[name=copy]').click();
    await expect.poll(() => page.evaluate('navigator.clipboard.readText()')).toBe(sha256);
  });

  it('answers for its icon, so that no page of the service logs a 404', async () => {
    const { browser, origin, tokens } = server;
    const icon = await fetch(`${origin}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect([...new Uint8Array(await icon.arrayBuffer()).slice(0, 4)]).toEqual([0, 0, 1, 0]);
    // A browser that shows icons asks for this one with every page (headless Chromium does not):
    // what the console asks for is there; /dev/token is 404 where no development tokens are minted.
    const { page, refused } = await recordingContext(browser, NEW_YORK);
    await signIn(page, origin, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/collaboration/k1`);
    await page.locator('[data-testid=evidence][data-check=matches]').waitFor();
    expect(refused.filter((answer) => !answer.endsWith('/dev/token'))).toEqual([]);
  });
});

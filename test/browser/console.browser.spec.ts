import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditExport } from '../../src/audit/exportFile.js';
import { checkSignature } from '../../src/audit/signing.js';
import { CHANGES, CHANGES_PER_LOAD } from '../../web/console/queries.js';
import { seedHistory } from '../../scripts/seed/history.js';
import { aBrief } from '../support/collaborationFixtures.js';
import { CHAT_TEXT, seedDisputedCollaboration } from '../support/disputedCollaboration.js';
import {
  CollaborationAsOfDocument,
  CollaborationHistoryDocument,
  ProposeCollaborationDocument,
} from '../support/generated/graphql.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { foreignRequests, launch, recordingContext, screenshot } from './browser.js';

/**
 * The audit console (/console) in Chromium, on a disputed collaboration whose seller rating the
 * creator has not yet been shown: what an auditor reads, what a party may not, and what a changed
 * byte in the event store or in an evidence file looks like.
 */
describe('audit console', () => {
  const T0 = '2026-03-02T09:00:00.000Z';
  const clock = testClock(new Date(T0));
  const at = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString();
  const HIDDEN_COMMENT = 'Good video, a day late as agreed';
  let api: TestServer;
  let browser: Browser;
  let origin: string;
  let chatExport: string;
  const tokens = {} as Record<'s1' | 's2' | 'c1' | 'c2' | 'arbitrator' | 'auditor', string>;

  beforeAll(async () => {
    api = await startTestServer({ clock });
    origin = new URL(api.url).origin;
    tokens.s1 = await api.token('SELLER', 's1');
    tokens.s2 = await api.token('SELLER', 's2');
    tokens.c1 = await api.token('CREATOR', 'c1');
    tokens.c2 = await api.token('CREATOR', 'c2');
    tokens.arbitrator = await api.token('ARBITRATOR');
    tokens.auditor = await api.token('AUDITOR');
    ({ chatExport } = await seedDisputedCollaboration(api, tokens, { clock, at, creatorRates: false }));
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 10_000);
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const signIn = async (page: Page, token: string, role: string) => {
    await page.goto(`${origin}/console`);
    await page.fill('input[name=token]', token);
    await page.click('button[name=use]');
    await page.locator(`[data-testid=who][data-role=${role}]`).waitFor();
  };

  it('shows an auditor the disputed collaboration: timeline, diff, as-of, evidence, signed export', async () => {
    const { page, requests, errors } = await recordingContext(browser);
    await signIn(page, tokens.auditor, 'AUDITOR');
    // Arbitrators and auditors start from the disputes list.
    await page.locator('table.list a', { hasText: 'k1' }).click();
    await expect.poll(() => page.getByTestId('verification').getAttribute('data-valid')).toBe('true');

    const { events } = (await api.ok(tokens.auditor, CollaborationHistoryDocument, { id: 'k1' }))
      .collaborationHistory!;
    const items = page.locator('[data-testid=timeline] li');
    expect(await items.count()).toBe(events.length);
    expect(await Promise.all((await items.all()).map((item) => item.getAttribute('data-type')))).toEqual(
      events.map((e) => e.type),
    );

    // One event: what it changed against the state before it, each field named in words.
    await page.locator('[data-testid=timeline] li[data-type=DisputeOpened] button').click();
    const detail = page.getByTestId('event-detail');
    await expect.poll(() => detail.getAttribute('data-type')).toBe('DisputeOpened');
    const opened = page.locator('[data-testid=diff] tr[data-path=openDisputeId]');
    expect(await opened.getAttribute('data-known')).toBe('true');
    expect(await opened.textContent()).toContain('Open dispute');

    // As of revision 1, the state equals what the API replays for that revision.
    const asOf = (await api.ok(tokens.auditor, CollaborationAsOfDocument, { id: 'k1', revision: 1 }))
      .collaborationAsOf!;
    await page.locator('input[name=revision]').fill('1');
    await expect.poll(() => page.getByTestId('as-of-revision').textContent()).toBe('1');
    expect(await page.getByTestId('as-of-status').getAttribute('data-value')).toBe(
      asOf.collaboration!.status,
    );

    // The evidence file is re-hashed by the service: it still matches.
    await page.locator('[data-testid=evidence][data-check=matches]').waitFor();
    // An auditor reads everything, the seller's rating not yet shown to the creator included.
    await items.last().locator('button').click();
    await expect.poll(() => detail.getAttribute('data-type')).toBe('CollaborationRated');
    expect(await page.content()).toContain(HIDDEN_COMMENT);

    // The signed export, with the fingerprint of the key that signed it.
    await page.locator('[data-testid=key-id] [data-testid=hash]').waitFor();
    const keyId = await page.getByTestId('key-id').getAttribute('data-value');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[name=export]')]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as AuditExport;
    expect(file).toMatchObject({ collaborationId: 'k1', format: 'creator-ledger/audit-export@1' });
    expect(file.events).toHaveLength(events.length);
    expect(checkSignature(file)).toEqual({ status: 'valid', keyId });

    await page.locator('[data-testid=timeline] li[data-type=DisputeEvidenceAdded] button').click();
    await screenshot(page, 'console');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it("keeps the other side's hidden rating from a party, in every view and in the export", async () => {
    const { page, requests, errors } = await recordingContext(browser);
    await signIn(page, tokens.c1, 'CREATOR');
    // A party starts from its own collaborations.
    await page.locator('table.list a', { hasText: 'k1' }).first().click();
    await expect.poll(() => page.getByTestId('verification').getAttribute('data-valid')).toBe('true');
    const items = page.locator('[data-testid=timeline] li');
    await items.last().locator('button').click();
    await page.locator('input[name=revision]').fill(String((await items.count()) - 1));
    await expect
      .poll(() => page.getByTestId('as-of-revision').textContent())
      .toBe(String((await items.count()) - 1));
    // The seller's rating is there as an event, its content withheld.
    expect(await items.last().getAttribute('class')).toContain('redacted');
    expect(await page.getByTestId('event-detail').textContent()).toContain('a rating still hidden from you');
    expect(await page.content()).not.toContain(HIDDEN_COMMENT);

    await page.click('button[name=export]');
    await expect
      .poll(() => page.locator('.export [role=alert]').getAttribute('data-code'))
      .toBe('EXPORT_WITHHELD');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it("draws a creator's credit score over time with the breakdown of the current one", async () => {
    const { page, requests } = await recordingContext(browser);
    await signIn(page, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/creator/c1`);
    await page
      .getByTestId('breakdown')
      .waitFor({ timeout: 10_000 })
      .catch(async (error: Error) => {
        throw new Error(`${error.message}\n${await page.locator('main').innerText()}`);
      });
    await page.locator('[data-testid=chart] canvas').waitFor();
    await screenshot(page, 'console-creator');
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it('pages through a list longer than a page, and filters disputes by status', async () => {
    // Seller s2 has 51 collaborations: a page of 50, then one.
    const ids = Array.from({ length: 51 }, (_, i) => `p${String(i).padStart(2, '0')}`);
    const later = (days: number) => new Date(Date.parse(clock.now()) + days * 86_400_000).toISOString();
    for (const collaborationId of ids) {
      await api.ok(tokens.s2, ProposeCollaborationDocument, {
        input: {
          collaborationId,
          creatorId: 'c2',
          brief: aBrief({ scriptDueAt: later(5), publishDueAt: later(10) }),
        },
      });
    }
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 10_000);
    const { page, requests, errors } = await recordingContext(browser);
    await signIn(page, tokens.s2, 'SELLER');
    await page.locator('[data-testid=list-title][data-count="51"]').waitFor();
    const rows = page.locator('table.list tbody tr');
    const shown = async () => rows.locator('td:first-child').allTextContents();
    await expect.poll(() => rows.count()).toBe(50);
    const first = await shown();
    await page.click('[data-testid=next-page]');
    await expect.poll(() => rows.count()).toBe(1);
    const second = await shown();
    expect([...first, ...second].sort()).toEqual(ids);
    expect(await page.locator('[data-testid=next-page]').count()).toBe(0);
    // Back in the browser is the page before; so is coming back from a collaboration opened there.
    await screenshot(page, 'console-pages');
    await page.goBack();
    await expect.poll(() => rows.count()).toBe(50);
    await page.click('[data-testid=next-page]');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.locator('a').first().click();
    await expect.poll(() => page.getByTestId('verification').getAttribute('data-valid')).toBe('true');
    await page.goBack();
    await expect.poll(() => shown()).toEqual(second);
    await page.click('[data-testid=first-page]');
    await expect.poll(() => shown()).toEqual(first);

    // An auditor's disputes, by status: k1's was resolved.
    await signIn(page, tokens.auditor, 'AUDITOR');
    const disputes = (count: number) => page.locator(`[data-testid=list-title][data-count="${count}"]`);
    await disputes(1).waitFor();
    await page.selectOption('select[name=status]', 'OPEN');
    await disputes(0).waitFor();
    await page.selectOption('select[name=status]', 'RESOLVED');
    await disputes(1).waitFor();
    expect(await shown()).toEqual(['d1']);
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it("loads a creator's older changes on demand, until the chart has them all", async () => {
    await seedHistory(api.services.write, { creators: 8, sellers: 3, collaborations: 200 }, { seed: 5 });
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 30_000);
    /** A creator's whole change log through the API, page by page, as the console asks for it. */
    const changesOf = async (id: string) => {
      const all: { changes: { figure: string; to: string | null }[] }[] = [];
      let after: string | null = null;
      let total = 0;
      do {
        const answer = await api.raw(tokens.auditor, { query: CHANGES, variables: { id, after } });
        const connection = (
          answer.data as {
            creator: {
              reputation: {
                changes: {
                  totalCount: number;
                  pageInfo: { hasNextPage: boolean; endCursor: string | null };
                  edges: { node: (typeof all)[number] }[];
                };
              };
            };
          }
        ).creator.reputation.changes;
        total = connection.totalCount;
        all.push(...connection.edges.map((e) => e.node));
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      } while (after);
      return { total, all };
    };
    const creators = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const id = `c-${String(i + 1).padStart(5, '0')}`;
        return { id, ...(await changesOf(id)) };
      }),
    );
    const creator = creators.reduce((a, b) => (b.total > a.total ? b : a));
    expect(creator.total).toBeGreaterThan(CHANGES_PER_LOAD);
    expect(creator.all).toHaveLength(creator.total);
    const scored = creator.all.filter((c) =>
      c.changes.some((f) => f.figure === 'creditScore' && f.to !== null && Number.isFinite(Number(f.to))),
    ).length;

    const { page, requests, errors } = await recordingContext(browser);
    await signIn(page, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/creator/${creator.id}`);
    const loaded = page.getByTestId('changes-loaded');
    const counts = async () => [
      await loaded.getAttribute('data-loaded'),
      await loaded.getAttribute('data-total'),
    ];
    await expect.poll(counts).toEqual([String(CHANGES_PER_LOAD), String(creator.total)]);
    const older = Math.min(CHANGES_PER_LOAD, creator.total - CHANGES_PER_LOAD);
    expect(await page.locator('button[name=older]').textContent()).toBe(`Load ${older} older changes`);
    await page.click('button[name=older]');
    await expect.poll(counts).toEqual([String(creator.total), String(creator.total)]);
    expect(await page.locator('button[name=older]').count()).toBe(0);
    // The chart now draws every change of the credit score, each once.
    await expect.poll(() => page.getByTestId('chart').getAttribute('data-points')).toBe(String(scored));
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it('highlights the first event whose stored bytes changed, and reports a changed evidence file', async () => {
    const { events } = (await api.ok(tokens.auditor, CollaborationHistoryDocument, { id: 'k1' }))
      .collaborationHistory!;
    const target = events.find((e) => e.type === 'DisputeEvidenceAdded')!;
    // An edit behind the service's back: one event's stored data, and the evidence file on disk.
    const db = new Database(api.config.eventStorePath);
    const changed = db
      .prepare(
        "UPDATE events SET data = replace(data, 'Chat export of 6 March', 'Chat export of 7 March') WHERE data LIKE ?",
      )
      .run('%Chat export of 6 March%');
    db.close();
    expect(changed.changes).toBe(1);
    writeFileSync(
      join(api.config.blobDir, chatExport.slice(0, 2), chatExport),
      CHAT_TEXT.replace('Friday', 'Monday'),
    );

    const { page, requests, errors } = await recordingContext(browser);
    await signIn(page, tokens.auditor, 'AUDITOR');
    await page.goto(`${origin}/console#/collaboration/k1`);
    await expect
      .poll(() => page.getByTestId('verification').textContent())
      .toContain(`broken at revision ${target.revision}`);
    const broken = page.locator('[data-testid=timeline] li.first-broken');
    expect(await broken.getAttribute('data-revision')).toBe(String(target.revision));
    expect(await broken.textContent()).toContain('chain breaks here');
    await page.locator('[data-testid=evidence][data-check=changed]').waitFor();
    await broken.locator('button').click();
    await screenshot(page, 'console-tampered');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDisputedCollaboration } from '../support/disputedCollaboration.js';
import { eventually } from '../support/serviceProcess.js';
import { startTestServer, testClock, type TestServer } from '../support/server.js';
import { startReceiver, type Receiver } from '../support/webhookReceiver.js';
import { launch, recordingContext, screenshot } from './browser.js';
import { signIn } from './consoleServer.js';
import { rawNames } from './words.js';

/**
 * The console's notifications and webhooks (DOMAIN.md § Notifications, § Webhooks) in Chromium, as
 * the seller of a disputed collaboration meets them, in each language: what it was told, in words;
 * read in one click; an endpoint added with its secret shown once, deliveries to a receiver started
 * here (verified with the Standard Webhooks library) in its delivery log, and a replay.
 */
describe('the console: notifications and webhooks', () => {
  const T0 = '2026-03-02T09:00:00.000Z';
  const clock = testClock(new Date(T0));
  const at = (days: number) => new Date(Date.parse(T0) + days * 86_400_000).toISOString();
  let api: TestServer;
  let browser: Browser;
  let receiver: Receiver;
  let origin: string;
  let seller: string;

  beforeAll(async () => {
    api = await startTestServer({
      clock,
      env: {
        LEDGER_WEBHOOK_ALLOW_HTTP: '1',
        LEDGER_WEBHOOK_ALLOW_PRIVATE: '1',
        LEDGER_NOTIFIER_TICK_MS: '50',
      },
    });
    const tokens = {
      s1: await api.token('SELLER', 's1'),
      s2: await api.token('SELLER', 's2'),
      c1: await api.token('CREATOR', 'c1'),
      c2: await api.token('CREATOR', 'c2'),
      arbitrator: await api.token('ARBITRATOR'),
    };
    seller = tokens.s1;
    await seedDisputedCollaboration(api, tokens, { clock, at });
    await api.services.runner.waitFor(await api.services.eventStore.headPosition(), 30_000);
    receiver = await startReceiver();
    browser = await launch();
    origin = new URL(api.url).origin;
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    await api?.close();
  });

  it.each([
    ['en', /The creator accepted your proposal/],
    ['zh-CN', /达人接受了你的合作邀请/],
  ])('tells the seller what happened in %s, with no code name on screen', async (locale, accepted) => {
    const { page, errors } = await recordingContext(browser, { locale });
    await signIn(page, origin, seller, 'SELLER');
    const unread = page.locator('[data-testid=unread]');
    await unread.locator('.badge').waitFor();
    await unread.click();
    await page.locator('[data-testid=list-title]').waitFor();
    expect(await page.locator('tr[data-kind=PROPOSAL_ACCEPTED]').innerText()).toMatch(accepted);
    expect(await page.locator('tr[data-kind=DISPUTE_RESOLVED]').count()).toBe(1);
    expect(await rawNames(page)).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, `console-notifications-${locale}`);
  });

  it('marks every notification read in one click', async () => {
    const { page } = await recordingContext(browser);
    await signIn(page, origin, seller, 'SELLER');
    await page.goto(`${origin}/console#/notifications?unread=1`);
    await page.locator('button[name=markRead]').click();
    await page.locator('[data-testid=unread][data-count="0"]').waitFor();
    await page.locator('[data-testid=list-title][data-count="0"]').waitFor();
  });

  it('adds an endpoint, shows its secret once, and lists and replays its deliveries', async () => {
    const { page, errors } = await recordingContext(browser, { locale: 'zh-CN' });
    await signIn(page, origin, seller, 'SELLER');
    await page.goto(`${origin}/console#/webhooks`);
    await page.fill('input[name=url]', receiver.url);
    await page.click('button[name=addEndpoint]');
    const secret = (await page.locator('[data-testid=secret] [data-testid=hash]').innerText()).trim();
    expect(secret).toMatch(/^whsec_/);
    receiver.trust(secret);
    const card = page.locator('[data-endpoint]');
    await card.waitFor();
    const endpointId = (await card.getAttribute('data-endpoint'))!;
    expect(await rawNames(page)).toEqual([]);
    await screenshot(page, 'console-webhooks-zh-CN');
    await page.click('button[name=secretDone]');
    await page.reload();
    await card.waitFor();
    expect(await page.locator('[data-testid=secret]').count()).toBe(0);

    // The collaboration's whole history, replayed from its first position, verified by the receiver.
    await page.click(`[data-endpoint="${endpointId}"] a`);
    await page.fill('input[name=fromPosition]', '1');
    await page.click('button[name=replay]');
    await page.locator('[data-testid=replayed]').waitFor();
    await eventually(async () => receiver.received.length > 10, 20_000, 'the replayed deliveries');
    expect(receiver.received.every((d) => d.verified)).toBe(true);
    await page.click('button[name=reload]');
    await page.locator('tr[data-status=SUCCEEDED]').first().waitFor();
    expect(await rawNames(page)).toEqual([]);
    expect(errors).toEqual([]);
    await screenshot(page, 'console-webhook-deliveries-zh-CN');
  });
});

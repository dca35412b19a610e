import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../src/access/tokens.js';
import {
  ProposeCollaborationDocument,
  RegisterCreatorDocument,
  RegisterSellerDocument,
} from '../support/generated/graphql.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { foreignRequests, launch, recordingContext, screenshot } from './browser.js';
import { aBriefInput } from '../support/briefInput.js';

/**
 * The GraphQL explorer a browser gets at GET /graphql, on a service in development (the development
 * secret of its data folder, so that the explorer's token helper mints tokens): a query and a
 * subscription with a minted token, with nothing fetched from any other host.
 */
describe('GraphQL explorer', () => {
  let api: TestServer;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    // No configured secret: the service signs with the development secret, and mints tokens.
    api = await startTestServer({ env: { LEDGER_JWT_SECRET: '' } });
    origin = new URL(api.url).origin;
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const devToken = (role: 'SELLER' | 'CREATOR', id: string) =>
    signToken(api.config.jwtSecret!, {
      sub: `user-${id}`,
      role,
      ...(role === 'SELLER' ? { sellerId: id } : { creatorId: id }),
    });

  /** The response pane's text, its spacing made plain (the editor draws spaces as no-break spaces). */
  const response = async (page: Page) =>
    (await page.locator('.graphiql-response').innerText()).replace(/\s+/g, ' ');

  it('runs a query with a token minted for a chosen role, and shows the schema docs', async () => {
    const { page, requests, errors } = await recordingContext(browser);
    await page.goto(`${origin}/graphql?query=${encodeURIComponent('query Me { me { role userId } }')}`);
    await page.selectOption('select[name=role]', 'AUDITOR');
    await page.click('button[name=mint]');
    await page.getByTestId('who').filter({ hasText: 'AUDITOR' }).waitFor();
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => response(page), { timeout: 20_000 }).toContain('"role": "AUDITOR"');

    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer', { hasText: 'Query' }).waitFor();
    await screenshot(page, 'explorer');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it('labels the role it mints tokens for, and takes the role of a token pasted in', async () => {
    const { page, errors } = await recordingContext(browser);
    await page.goto(`${origin}/graphql`);
    const role = page.getByLabel('Role', { exact: true });
    expect(await role.getAttribute('name')).toBe('role');
    await page.selectOption('select[name=role]', 'AUDITOR');
    // A seller's token, pasted: the form follows it, not the role chosen before.
    await page.fill('input[name=token]', await devToken('SELLER', 's7'));
    await page.click('.token-bar form button[type=submit]');
    await page.getByTestId('who').filter({ hasText: 's7' }).waitFor();
    expect(await page.locator('select[name=role]').inputValue()).toBe('SELLER');
    expect(await page.locator('input[name=party]').inputValue()).toBe('s7');
    expect(errors).toEqual([]);

    // The token bar in Chinese, for a browser that speaks it.
    const chinese = await recordingContext(browser, { locale: 'zh-CN' });
    await chinese.page.goto(`${origin}/graphql`);
    await expect.poll(() => chinese.page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect.poll(() => chinese.page.title()).toBe('Creator Ledger · GraphQL 接口浏览器');
    expect(await chinese.page.getByLabel('角色', { exact: true }).getAttribute('name')).toBe('role');
    expect(await chinese.page.locator('.token-bar').innerText()).toContain('访问令牌');
    expect(chinese.errors).toEqual([]);
  });

  it('gets its bundles compressed (the editor alone is megabytes of text)', async () => {
    const { page, requests, errors } = await recordingContext(browser);
    const assets: { url: string; encoding: string | undefined; sent: number }[] = [];
    page.on('response', (response) => {
      if (!/\/ui\/assets\/.+\.(js|css)$/.test(response.url())) return;
      void Promise.all([response.allHeaders(), response.request().sizes()]).then(([headers, sizes]) =>
        assets.push({
          url: response.url(),
          encoding: headers['content-encoding'],
          sent: sizes.responseBodySize,
        }),
      );
    });
    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor();
    const editor = () => assets.find((a) => /\/monaco-editor-[^/]+\.js$/.test(a.url));
    await expect.poll(() => editor()).toBeDefined();
    const bundles = assets.filter((a) => /\/(monaco-editor|explorer)-[^/]+\.(js|css)$/.test(a.url));
    expect(bundles.length).toBeGreaterThanOrEqual(3);
    for (const bundle of bundles) expect(bundle.encoding, bundle.url).toMatch(/^(br|gzip)$/);
    // What travelled for the editor, against its size on disk (~2.8 MB).
    expect(editor()!.sent).toBeLessThan(1_000_000);
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });

  it('runs a subscription over graphql-ws with the token', async () => {
    const seller = await devToken('SELLER', 's1');
    const creator = await devToken('CREATOR', 'c1');
    await api.ok(seller, RegisterSellerDocument, { input: { name: 'Glow Labs', country: 'CN' } });
    await api.ok(creator, RegisterCreatorDocument, {
      input: {
        displayName: 'mia',
        country: 'US',
        languages: ['en'],
        categories: ['BEAUTY'],
        platformAccounts: [{ platform: 'TIKTOK', handle: '@mia', followers: 40_000 }],
      },
    });

    const { page, requests, errors } = await recordingContext(browser);
    const subscription = 'subscription Mine { myCollaborations { eventType status collaboration { id } } }';
    await page.goto(`${origin}/graphql?query=${encodeURIComponent(subscription)}`);
    await page.selectOption('select[name=role]', 'CREATOR');
    await page.fill('input[name=party]', 'c1');
    await page.click('button[name=mint]');
    await page.getByTestId('who').filter({ hasText: 'CREATOR c1' }).waitFor();
    await page.locator('.graphiql-execute-button').click();
    // The subscription is live once the socket has said so; then a seller proposes to this creator.
    await expect.poll(() => requests.some((url) => url.startsWith('ws://'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await api.ok(seller, ProposeCollaborationDocument, {
      input: {
        collaborationId: 'k-live',
        creatorId: 'c1',
        brief: aBriefInput(new Date().toISOString()),
      },
    });
    await expect.poll(() => response(page), { timeout: 20_000 }).toContain('CollaborationProposed');
    expect(await response(page)).toContain('k-live');
    expect(errors).toEqual([]);
    expect(foreignRequests(requests, origin)).toEqual([]);
  });
});

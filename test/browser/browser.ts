import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH names another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the run's screenshots go (kept by CI as the run's pictures). */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'browser');

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

/**
 * A fresh browser context that records every request the page makes (documents, scripts, styles,
 * fonts, workers, fetches, WebSockets) — to show that none goes to any host but the service.
 */
export const recordingContext = async (
  browser: Browser,
  options: { readonly locale?: string; readonly timezoneId?: string } = {},
) => {
  const context: BrowserContext = await browser.newContext({
    acceptDownloads: true,
    viewport: { width: 1360, height: 900 },
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'UTC',
  });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  const page: Page = await context.newPage();
  page.on('websocket', (socket) => requests.push(socket.url()));
  /** Uncaught errors, and what the apps report on the console (a message missing from a catalog). */
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && message.text().startsWith('[i18n]')) errors.push(message.text());
  });
  /** Answers of the service that were not found or refused (a favicon answering 404, say). */
  const refused: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${response.url()}`);
  });
  return { context, page, requests, errors, refused };
};

/** The hosts other than `origin` that were asked for anything (data: and blob: URLs stay in the page). */
export const foreignRequests = (requests: readonly string[], origin: string): string[] => {
  const { host } = new URL(origin);
  return requests.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
    return parsed.host !== host;
  });
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

/** A picture of one part of the page (a section the docs show), not the whole of it. */
export const screenshotOf = async (locator: Locator, name: string): Promise<void> => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
};

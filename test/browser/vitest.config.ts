import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the explorer and the audit console in Debian's Chromium (playwright-core),
 * against the service built by `npm run build`. Apart from `npm test`, so that the README's test
 * command needs no browser.
 */
export default defineConfig({
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/browser/**/*.browser.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});

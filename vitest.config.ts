import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // type-graphql loads graphql's CJS build; point vitest at the same one to avoid
    // "Duplicate graphql modules" (see ARCHITECTURE.md, known on this machine).
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['src/**/*.spec.ts', 'projections/**/*.spec.ts', 'test/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    // A browser's tests run apart (npm run test:browser), after a build: npm test needs no browser.
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

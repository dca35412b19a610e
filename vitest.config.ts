import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // type-graphql loads graphql's CJS build; point vitest at the same one to avoid
    // "Duplicate graphql modules" (see ARCHITECTURE.md, known on this machine).
    alias: { graphql: 'graphql/index.js' },
  },
  test: {
    include: ['src/**/*.spec.ts', 'projections/**/*.spec.ts', 'test/**/*.spec.ts', 'scripts/**/*.spec.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

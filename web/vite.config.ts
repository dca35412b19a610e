import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The browser apps the service serves itself (src/http/web.routes.ts): the GraphQL explorer at
 * GET /graphql and the audit console at /console. Everything they load is bundled here from npm
 * packages, so no request leaves the machine. Built by `npm run build` into dist/web.
 */
export default defineConfig({
  root: here,
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: resolve(here, '../dist/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 6_000,
    rollupOptions: {
      // React directives ("use no memo") inside @graphiql/react mean nothing to a bundle: not worth a warning.
      onwarn: (warning, warn) => {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        explorer: resolve(here, 'explorer/index.html'),
        console: resolve(here, 'console/index.html'),
      },
    },
  },
});

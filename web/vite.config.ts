import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { constants } from 'node:zlib';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The browser apps the service serves itself (src/http/web.routes.ts): the GraphQL explorer at
 * GET /graphql and the audit console at /console. Everything they load is bundled here from npm
 * packages, so no request leaves the machine. Built by `npm run build` into dist/web.
 */
export default defineConfig({
  root: here,
  base: '/ui/',
  plugins: [
    react(),
    // Each bundle also compressed, once, here: the service sends these as they are (brotli or
    // gzip, as the browser asks) instead of compressing megabytes of text on every first visit.
    // Brotli at 9, not 11: 1 s of build instead of 12, for 8% more bytes.
    compression({
      include: /\.(js|css|html|svg|json|map|ttf)$/,
      threshold: 1024,
      algorithms: [
        defineAlgorithm('gzip', { level: 9 }),
        defineAlgorithm('brotliCompress', { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }),
      ],
      logLevel: 'silent',
    }),
  ],
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

import { type Express, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fail } from './errors.js';

/**
 * The browser apps built from web/ (`npm run build` → dist/web): the GraphQL explorer at
 * `GET /graphql` for a browser (Accept: text/html), the audit console at `/console`, their bundles
 * under `/ui/`. Everything they load comes from this service; their content security policy lets the
 * browser fetch nothing from any other host.
 */

/**
 * Where the build put them: beside the compiled server (dist/src/http → dist/web), or, run from
 * sources, in dist/web. A built folder holds its bundles (assets/); web/ itself, the sources, does not.
 */
const webDir = (): string | undefined =>
  ['../../web', '../../dist/web']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((dir) => existsSync(join(dir, 'assets')) && existsSync(join(dir, 'console', 'index.html')));

export const PAGE_POLICY = [
  "default-src 'self'",
  // graphql-ws on this same host (Chromium counts ws: of the same host as 'self'; Firefox and Safari
  // need it named).
  "connect-src 'self' ws: wss:",
  // Monaco (the explorer's editor) runs its language services in workers and injects its styles.
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const wantsPage = (request: Request): boolean =>
  request.method === 'GET' &&
  request.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';

export const webRoutes = (app: Express, options: { readonly explorer: boolean }): void => {
  const dir = webDir();
  const page = (name: 'explorer' | 'console') => (_request: Request, response: Response) => {
    if (!dir) {
      return fail(response, 503, 'WEB_NOT_BUILT', 'The browser apps are not built: run npm run build');
    }
    response.setHeader('content-security-policy', PAGE_POLICY);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    response.setHeader('cache-control', 'no-cache');
    response.sendFile(join(dir, name, 'index.html'));
  };
  if (dir) {
    app.use(
      '/ui',
      // The bundles are text (the explorer's editor alone is ~2.8 MB), compressed when built
      // (web/vite.config.ts): the brotli or gzip file is sent as the browser asks, a quarter of the
      // bytes and no compressing per request.
      expressStaticGzip(dir, {
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        index: false,
        serveStatic: {
          index: false,
          fallthrough: true,
          // Bundles carry their content hash in their name.
          immutable: true,
          maxAge: '365d',
          setHeaders: (response) => {
            response.setHeader('x-content-type-options', 'nosniff');
            response.setHeader('content-security-policy', PAGE_POLICY);
          },
        },
      }),
    );
    // Browsers ask every host for its icon: answered, not a 404 in every page's log (web/public).
    app.get('/favicon.ico', (_request, response) => {
      response.setHeader('cache-control', 'public, max-age=86400');
      response.sendFile(join(dir, 'favicon.ico'));
    });
  }
  if (options.explorer) {
    const explorer = page('explorer');
    app.get('/graphql', (request, response, next) =>
      wantsPage(request) ? explorer(request, response) : next(),
    );
  }
  app.get(['/console', '/console/'], page('console'));
};

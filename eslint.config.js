import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The adapters of the ports: only the composition root chooses them. */
const ADAPTERS = [
  './src/eventStore/sqlite',
  './src/eventStore/memory',
  './src/eventStore/kurrentdb',
  './src/readStore/sqlite',
  './src/readStore/memory',
  './src/readStore/mongodb',
  './src/readStore/postgresql',
  './src/blobStore/disk',
  './src/blobStore/gridfs',
  './src/sqlite',
];
/** The stores: ports and their adapters. */
const STORES = [
  './src/eventStore',
  './src/readStore',
  './src/blobStore',
  './src/leases',
  './src/sqlite',
  './src/postgres',
];
/** What runs on the stores, below the API. */
const SERVICES = [
  './src/projectionRunner',
  './src/processes',
  './src/audit',
  './src/live',
  './src/access',
  './src/metrics',
];
/** Everything above the stores. */
const ABOVE_STORES = [...SERVICES, './src/graphql', './src/http', './src/app'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/', '.bench/', 'test/support/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The browser apps the service serves (web/): browser globals, not Node's.
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      // The layers, from the bottom (README § How the code is laid out): each imports only from the
      // layers below it, so the import graph has one direction (and no-cycle keeps it acyclic).
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // The core knows nothing of the domain or of anything built on it.
            {
              target: './src/core',
              from: ['./src', './projections'],
              except: ['./core'],
              message: 'src/core is the bottom layer: it imports nothing of the service.',
            },
            // The bounded contexts and the read models are pure: no adapter, no transport, no process.
            {
              target: ['./src/contexts', './projections'],
              from: [...ADAPTERS, ...ABOVE_STORES.filter((layer) => layer !== './src/projectionRunner')],
              message: 'The domain and the read models are pure: they use ports, never adapters or the API.',
            },
            // A read model is data the runner runs (src/projectionRunner/projection.ts), nothing more of it.
            {
              target: ['./src/contexts', './projections'],
              from: './src/projectionRunner',
              except: ['./projection.ts'],
              message: 'A read model knows the projection type only, not how the runner runs it.',
            },
            // The stores (ports and adapters) know the domain's events, never what runs on them.
            {
              target: STORES,
              from: ABOVE_STORES,
              message: 'A store knows nothing of the runner, the processes, the API or the app.',
            },
            // What runs on the stores — projections, processes, audit, live views, access rules,
            // metrics — knows no transport and no app.
            {
              target: SERVICES,
              from: ['./src/graphql', './src/http', './src/app'],
              message: 'Below the API: no GraphQL, no HTTP, no app.',
            },
            // Access rules (tokens, viewers, limits) are shared by GraphQL and the REST routes alike.
            {
              target: './src/access',
              from: [
                './src/live',
                './src/projectionRunner',
                './src/processes',
                './src/audit',
                './src/metrics',
              ],
              message: 'src/access holds who asks and what they may do: nothing else.',
            },
            // GraphQL knows no transport: src/http adapts it to HTTP and WebSocket.
            {
              target: './src/graphql',
              from: ['./src/http', './src/app'],
              message: 'src/graphql knows no transport (src/http) and no app (src/app).',
            },
            {
              target: './src/http',
              from: './src/app',
              message: 'src/http is given what it uses by the composition root (src/app).',
            },
          ],
        },
      ],
    },
  },
  {
    // Each store's client library is its adapter's alone (ARCHITECTURE.md § Scale-out).
    files: ['**/*.ts'],
    ignores: [
      'src/eventStore/kurrentdb/**',
      'src/readStore/mongodb/**',
      'src/blobStore/gridfs/**',
      'src/postgres/**',
      'src/*/postgresql/**',
      'test/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@kurrent/kurrentdb-client',
              message: 'Only src/eventStore/kurrentdb/ imports the KurrentDB client.',
            },
            {
              name: 'mongodb',
              message: 'Only src/readStore/mongodb/ and src/blobStore/gridfs/ import the MongoDB driver.',
            },
            {
              name: 'pg',
              message: 'Only src/postgres/ and the postgresql/ adapters import node-postgres.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests reach any layer they test, and set up what they need from any other.
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', 'import-x/no-restricted-paths': 'off' },
  },
);

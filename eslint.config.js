import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // The core and the bounded contexts never reach for an adapter, the API or the app.
            {
              target: ['./src/core', './src/contexts', './projections'],
              from: [
                './src/eventStore/sqlite',
                './src/eventStore/memory',
                './src/eventStore/kurrentdb',
                './src/readStore/sqlite',
                './src/readStore/mongodb',
                './src/blobStore/gridfs',
                './src/graphql',
                './src/app',
              ],
            },
            // The core knows nothing of the domain.
            { target: './src/core', from: ['./src/contexts', './src/eventStore', './src/processes'] },
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
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);

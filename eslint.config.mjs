import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'coverage/**',
      'apps/web/dist/**',
      'apps/web/node_modules/**',
      'apps/web/src/api/schema.d.ts',
      'test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its rejection (and its ordering).
    // apps/web (its own tsconfig) is left out: a second program costs about half again the time.
    files: ['{apps,libs,workflows,db,test}/**/*.ts'],
    ignores: ['apps/web/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Outside workflows/, a workflow module is imported only as a type (typed starts): its code runs
    // in the worker's sandbox; messages, ids and inputs live in the workflow's *.messages.ts.
    files: ['**/*.{ts,tsx}'],
    ignores: ['workflows/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.workflow'],
              allowTypeImports: true,
              message:
                'Import workflow functions only as types; messages, ids and inputs come from *.messages.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox and is bundled on its own.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@nestjs/*', 'typeorm', 'pg', 'nestjs-pino', 'pino'],
              message: 'workflows/ must not import Nest, TypeORM or database code.',
            },
            {
              group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'],
              message: 'workflows/ may use only @temporalio/workflow and @temporalio/common.',
            },
            {
              group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'net'],
              message: 'Node built-ins are not available in workflow code.',
            },
            {
              group: [
                '../libs/*',
                '../../libs/*',
                '!../../libs/domain',
                '../apps/*',
                '../../apps/*',
                '../db/*',
                '../../db/*',
              ],
              message:
                'workflows/ is pure: import only workflow files, libs/domain and tiny pure packages.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain layer is pure: both workflows/ and libs/ import it, it imports nothing of theirs.
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./',
              message: 'libs/domain imports only libs/domain (./…) and pure packages.',
            },
            {
              regex: '^(?!\\.|date-fns(/|$)|@date-fns/tz$|@temporalio/common(/|$)|fast-check$)',
              message:
                'libs/domain may import only date-fns, @date-fns/tz, @temporalio/common (and fast-check in specs): no Nest, TypeORM, pg or Node built-ins.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['jest.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web app runs in the browser and talks to the API only through its generated client.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/libs/*', '**/workflows/*', '**/db/*', '@nestjs/*', 'typeorm'],
              message: 'apps/web uses the API through src/api (types generated from OpenAPI).',
            },
          ],
        },
      ],
    },
  },
);

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
                '../apps/*',
                '../../apps/*',
                '../db/*',
                '../../db/*',
              ],
              message: 'workflows/ is pure: import only workflow files and tiny pure packages.',
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

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { floors } from './eslint.floors.js';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'tests/.artifacts/',
      'renderer/dist/',
      'tmp-*',
      // Planted floor violations, linted on purpose by tests/eslint.floors.test.ts.
      'tests/fixtures/floors/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...floors(import.meta.dirname),
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'bin/*.mjs', 'electron/*.mjs', 'tests/e2e/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The renderer never touches Node, Electron or SQL: it only calls the typed API (which
    // folders it may import at all is a floor rule, eslint.floors.js).
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer never imports electron.' }],
          patterns: [
            {
              group: ['node:*', 'better-sqlite3', 'serialport', 'ws', 'onnxruntime-node'],
              message: 'The renderer talks to the main process only through the typed API.',
            },
            {
              // The contract is shared, but the renderer takes its types only (no zod at runtime).
              regex: '(^|/)electron/shared/contract(/|$)',
              allowTypeImports: true,
              message: 'Import types only from the shared contract.',
            },
          ],
        },
      ],
    },
  },
  {
    // Code that runs under plain Node (the CLI, tests, serve) must never import electron.
    files: [
      'native/**/*.ts',
      'db/**/*.ts',
      'bin/**/*.ts',
      'electron/shared/**/*.ts',
      'electron/server/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'This code runs under plain Node; only electron/desktop/ may import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);

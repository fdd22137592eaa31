// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * Lint: the recommended rules plus the two that catch what the type checker cannot — a
 * promise nobody awaits (an unhandled rejection kills the process; a write nobody waits
 * for races its response) and a promise where a callback's void result is expected.
 * Formatting is Prettier's job (eslint-config-prettier turns off the rules it owns).
 */
export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'test/dialects/clients/*-api.ts',
      'web/src/api/openapi.d.ts',
      'packages/client/dist/**',
      'packages/client/src/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['eslint.config.js', 'web/vite.config.ts', 'scripts/*.mjs', 'packages/client/scripts/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // `const { seq: _seq, ...rest } = row` drops a field on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Migrations are frozen in time and take Kysely<any> by design (they must not import app
    // types); tests and the bench read JSON bodies whose shape the assertions themselves check.
    files: ['src/store/migrations/**', 'test/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Plain Node scripts that run before anything is built.
    files: ['scripts/**/*.mjs', 'packages/client/scripts/*.mjs'],
    languageOptions: { globals: { URL: 'readonly', console: 'readonly', process: 'readonly' } },
  },
  prettier,
);

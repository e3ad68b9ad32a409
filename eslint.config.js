import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'data/',
      'coverage/',
      'dist/',
      'src/db/migrations/',
      'clients/typescript/src/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message:
            'Read configuration through src/config.ts (loadConfig), the only place process.env is read.',
        },
      ],
    },
  },
  // Boundaries (docs/ARCHITECTURE.md): a module reaches another only through its service (or
  // schemas); a route file never touches tables; platform/ never depends on a module.
  {
    files: ['src/modules/*/**/*.ts'],
    // tables.ts may reference another module's tables for foreign keys.
    ignores: ['src/modules/*/tables.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*/tables', '../*/tables.ts'],
              message: "Another module's tables are private: call its service instead.",
            },
            {
              group: ['../*/routes', '../*/*-routes'],
              message: "Another module's routes are private: call its service instead.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/modules/*/routes.ts', 'src/modules/*/*-routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['./tables', '../*/tables', '../*/routes', '../*/*-routes'],
              message: 'Routes are HTTP only: tables and transactions belong in the service.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../modules/*', '../modules/**', '../db/*', '../app', '../bootstrap'],
              message: 'platform/ is the ground floor: it never imports a module (pass what it needs in).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'scripts/**', 'bench/**', '*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);

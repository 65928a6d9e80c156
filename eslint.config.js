// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The folder boundaries of ARCHITECTURE.md, enforced: each folder lists what it must not import.
 * Patterns are gitignore-style and match relative paths as written in the import.
 */
const forbid = (groups, message, paths = []) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((group) => ({ group, message })), paths }],
});

/** One data-access style in core: SQL through prepared statements; drizzle is the schema, not a query builder. */
const DRIZZLE_SCHEMA_ONLY = [
  {
    name: 'drizzle-orm',
    allowImportNames: ['getTableColumns', 'sql'],
    message: 'core/ reads and writes with SQL through prepared() (db/statements.ts); drizzle-orm is for the schema and its column metadata only.',
  },
];

/**
 * The shipped folders never load scripts/ or test/, not even by a dynamic import(), which
 * no-restricted-imports does not see: any import() of a path through those folders is refused, and so is
 * an import() of a computed path, which no rule could check.
 */
const noDynamicImportOf = (folders) => ({
  'no-restricted-syntax': [
    'error',
    {
      selector: `ImportExpression[source.type='Literal'][source.value=/(^|\\/)(${folders.join('|')})\\//]`,
      message: `shipped code never loads ${folders.join(' or ')}/ (they are not part of the hub).`,
    },
    {
      selector: "ImportExpression[source.type!='Literal']",
      message: 'import() only with a literal path, so the folder boundaries can be checked.',
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vite/', 'test-results/', 'coverage/', 'db/migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      ...forbid(
        [['**/server/**', '**/renderer/**', '**/electron/**', '**/scripts/**', '**/test/**', 'electron', 'node:http', 'node:https', 'http', 'https', 'fastify', '@fastify/*']],
        'core/ is pure domain code: it never imports the server, the renderer, Electron, HTTP, scripts or tests.',
        DRIZZLE_SCHEMA_ONLY,
      ),
      ...noDynamicImportOf(['scripts', 'test']),
    },
  },
  {
    // The contract is shared with the renderer: no database, no Node built-ins, nothing outside core/api.
    files: ['core/api/**/*.ts'],
    rules: forbid([['../**', '**/db/**', 'node:*', 'better-sqlite3', 'drizzle-orm', 'drizzle-orm/*']], 'core/api/ is the contract shared with the renderer: zod and types only.'),
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      ...forbid([['**/core/**', '**/server/**', '**/renderer/**', '**/electron/**', '**/scripts/**', '**/test/**']], 'db/ depends on libraries only.'),
      ...noDynamicImportOf(['scripts', 'test']),
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      ...forbid([['**/renderer/**', '**/electron/**', '**/scripts/**', '**/test/**', 'electron']], 'server/ may import core/ and db/ only (the demo seed lives in server/seed/).'),
      ...noDynamicImportOf(['scripts', 'test']),
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: forbid([['**/core/**', '**/db/**', '**/renderer/**', 'better-sqlite3', 'drizzle-orm']], 'electron/ is a window onto a hub: no business logic, no database.'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(
        [['**/core/**', '!**/core/api', '!**/core/api/**', '**/db/**', '**/server/**', '**/electron/**', 'node:*', 'better-sqlite3', 'drizzle-orm']],
        'renderer/ may import only core/api (types and zod schemas) and its own code.',
      ),
    },
  },
);

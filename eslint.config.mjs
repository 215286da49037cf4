import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
/** Workspace folders from the root package.json (`services/*` expanded by the folders that exist). */
const workspaceDirs = ['schemas', 'workflows', 'testkit', 'test'].concat(
  ['cli', 'api', 'engine', 'ingest', 'reference', 'store', 'tagger', 'temporal', 'worker'].map((p) => `services/${p}`),
);

// Production code only: tests, benches and scripts may reach further (they are not shipped).
const NOT_SHIPPED = ['**/*.test.ts', '**/__tests__/**', '**/test/**', '**/bench/**', '**/scripts/**'];
const INTERNALS = {
  group: ['@newswindow/*/src/*', '@temporalio/*/src/*', '@temporalio/*/lib/*'],
  message: 'Import the package entry point, not its internals.',
};
const NODE_BUILTINS = builtinModules.flatMap((m) => (m.startsWith('_') ? [] : [m, `node:${m}`]));
const IO_PACKAGES = [
  'pg',
  'kafkajs',
  'ioredis',
  '@temporalio/client',
  '@temporalio/worker',
  '@temporalio/activity',
  '@temporalio/envconfig',
];
const PACKAGES = [
  'schemas',
  'engine',
  'tagger',
  'reference',
  'store',
  'temporal',
  'ingest',
  'worker',
  'workflows',
  'api',
  'cli',
];

/**
 * The import table of ../shared/docs/architecture.md: what each package's production code may import. Type-only
 * imports are allowed (workflows use activity *types*).
 */
function boundary(folder, { packages, io = [], builtins = true, why }) {
  const bannedPackages = PACKAGES.filter((p) => !packages.includes(p)).map((p) => `@newswindow/${p}`);
  const bannedIo = IO_PACKAGES.filter((p) => !io.includes(p));
  return {
    files: [`${folder}/src/**/*.ts`],
    ignores: NOT_SHIPPED,
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...bannedPackages, ...bannedIo, ...(builtins ? [] : NODE_BUILTINS)].map((name) => ({
            name,
            message: why,
            allowTypeImports: true,
          })),
          patterns: [INTERNALS],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.data/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: {
      // Resolve workspace packages to their TypeScript sources (the condition tools run them with), never to dist/:
      // the default node conditions point at dist/, which is missing before `npm run build` (the import would go
      // unresolved and unchecked) and stale after it.
      'import-x/resolver-next': [
        createNodeResolver({
          conditionNames: ['newswindow-source', 'types', 'import', 'require', 'node', 'default'],
          extensions: ['.ts', '.d.ts', '.mjs', '.cjs', '.js', '.json', '.node'],
        }),
      ],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'import-x/no-relative-packages': 'error',
      // Every import is declared in its workspace's package.json (devDependencies for what is not shipped).
      'import-x/no-extraneous-dependencies': ['error', { devDependencies: NOT_SHIPPED, includeTypes: true }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [INTERNALS],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/bench/**/*.ts', '**/scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...workspaceDirs.map((dir) => ({
    files: [`${dir}/**/*.ts`],
    rules: {
      'import-x/no-extraneous-dependencies': [
        'error',
        { devDependencies: NOT_SHIPPED, includeTypes: true, packageDir: join(root, dir) },
      ],
    },
  })),
  boundary('schemas', { packages: [], builtins: false, why: 'schemas has no I/O and imports no other package.' }),
  boundary('services/engine', {
    packages: ['schemas'],
    builtins: false,
    why: 'engine is pure math: it imports schemas only; data (prices, calendars) comes in as arguments.',
  }),
  boundary('services/tagger', {
    packages: ['schemas'],
    builtins: false,
    why: 'tagger is pure: it imports schemas only; reference data is injected.',
  }),
  boundary('services/reference', {
    packages: ['schemas'],
    why: 'reference data imports schemas only.',
  }),
  boundary('services/store', {
    packages: ['schemas'],
    io: ['pg'],
    why: 'store is the one Postgres module: schemas and pg only.',
  }),
  boundary('services/temporal', {
    packages: ['schemas'],
    io: ['@temporalio/envconfig'],
    why: "temporal owns the connection settings only: schemas and Temporal's envconfig.",
  }),
  boundary('services/ingest', {
    // reference: the exchange calendars of the tick roll-up's sessions.
    packages: ['schemas', 'store', 'reference'],
    io: ['kafkajs'],
    why: 'ingest imports schemas, store, reference data and kafkajs only.',
  }),
  boundary('services/worker', {
    packages: ['schemas', 'engine', 'tagger', 'reference', 'store', 'temporal', 'ingest', 'workflows'],
    io: IO_PACKAGES,
    why: 'the worker may import every package but api and cli.',
  }),
  boundary('services/api', {
    packages: ['schemas', 'store', 'temporal', 'workflows'],
    io: ['pg', 'kafkajs', '@temporalio/client'],
    why: 'the api imports schemas, store, pg, kafkajs (the live alerts), the Temporal client and its connection settings (workflows: their names, ids and types).',
  }),
  boundary('workflows', {
    packages: ['schemas'],
    builtins: false,
    why: 'workflow code runs in the deterministic sandbox: no I/O, no Node builtins; activities do the I/O.',
  }),
  {
    // Workflow code runs in Temporal's deterministic sandbox.
    files: ['workflows/src/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'No env or process access in workflows.' }],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the SDK (uuid4 / deterministic random).' },
        { object: 'console', property: 'log', message: 'Use log from @temporalio/workflow.' },
      ],
    },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency rules (docs/architecture.md). Each folder of src/ has one public face, `index.ts`,
 * and outside code imports only that; each folder stands above the ones it may use and never
 * reaches up; the simulator, the web app and the pure rooms import nothing of the rest.
 */
const FOLDERS = [
  'admin',
  'api',
  'audit',
  'config',
  'dev',
  'doctor',
  'http',
  'login',
  'policy',
  'process',
  'securitize',
  'session',
  'store',
  'tokens',
  'tracing',
  'vouch',
  'webhooks',
];
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p })) }] },
});
/** From `src/<folder>/x.ts` (`up` = '../') or `src/x.ts` (`up` = './'): no file inside another folder. */
const facesOnly = (up, except = []) => ({
  group: [...FOLDERS.map((f) => `${up}${f}/*`), ...except.map((e) => `!${up}${e}`)],
  message: 'Import the folder’s public face (its index.ts), not a file inside it.',
});
/** A folder that must not use these (they stand above it, or it must stand alone). */
const below = (folder, above, why) =>
  restrict(
    [`src/${folder}/**/*.ts`],
    [
      facesOnly('../', folder === 'tracing' ? ['store/keys'] : []),
      {
        group: [
          ...above.filter((f) => f !== 'app').flatMap((f) => [`../${f}`, `../${f}/*`]),
          ...(above.includes('app') ? ['../app', '../bff-types', '../index'] : []),
        ],
        message: why,
      },
    ],
  );
// How far a file must climb out of a folder, by its depth below that folder.
const outOf = (depth) => ({
  group: [`${'../'.repeat(depth + 1)}*`],
  message: 'Nothing from outside this folder: it stands on its own.',
});
const FEATURES = ['login', 'api', 'vouch', 'admin', 'webhooks'];
const EXPRESS = {
  name: 'express',
  allowTypeImports: true,
  message: 'Types only: build routers with newRouter() (src/http/router.ts), parse JSON with body-parser.',
};
const REDIS = ['ioredis', 'connect-redis'].map((name) => ({
  name,
  message: 'Only store/ talks to Redis: call a store function (src/store/index.ts).',
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', 'bench/results/', 'public/app/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Short files: past 200 lines (blank and comment lines included), split by the ideas they hold.
  {
    files: ['src/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 200, skipBlankLines: false, skipComments: false }] },
  },
  // The rooms, from the ground up: each may use those below it, never those above.
  restrict(['src/policy/*.ts'], [outOf(0)]),
  // Tracing is a leaf: the product uses it; it reads only the store's list of key prefixes.
  below('tracing', [...FOLDERS.filter((f) => f !== 'tracing' && f !== 'store')], 'tracing/ is a leaf.'),
  below(
    'securitize',
    ['http', 'session', 'tokens', 'store', 'process', 'doctor', 'dev', 'app', 'audit', ...FEATURES],
    'securitize/ speaks Securitize’s language: nothing of HTTP, sessions or stores.',
  ),
  below(
    'config',
    ['http', 'session', 'tokens', 'store', 'process', 'doctor', 'dev', 'app', 'tracing', ...FEATURES],
    'config/ reads the environment; it stands below the product.',
  ),
  below(
    'store',
    [
      'http',
      'session',
      'tokens',
      'securitize',
      'tracing',
      'process',
      'doctor',
      'dev',
      'app',
      'audit',
      ...FEATURES,
    ],
    'store/ is the ground: Redis, keys, scripts, leases, the seal.',
  ),
  below(
    'http',
    ['session', 'tokens', 'process', 'doctor', 'dev', 'app', 'audit', ...FEATURES],
    'http/ is the Express edge the features stand on.',
  ),
  below(
    'session',
    ['tokens', 'securitize', 'process', 'doctor', 'dev', 'app', 'audit', ...FEATURES],
    'session/ stands below the tokens and the features.',
  ),
  below(
    'audit',
    ['http', 'tokens', 'securitize', 'process', 'doctor', 'dev', 'app', ...FEATURES],
    'audit/ stands on the store and the sessions’ handles; the features record through it.',
  ),
  below(
    'tokens',
    ['process', 'doctor', 'dev', 'app', 'audit', ...FEATURES],
    'tokens/ stands below the features.',
  ),
  ...FEATURES.map((f) =>
    below(
      f,
      [...FEATURES.filter((g) => g !== f), 'process', 'doctor', 'dev', 'app'],
      'A feature uses no other feature.',
    ),
  ),
  // Development only: the simulator, the example backend, a throwaway Redis. The production
  // process loads it only outside production (src/process/run.ts), and it uses nothing of the BFF.
  below(
    'dev',
    FOLDERS.filter((f) => f !== 'dev'),
    'dev/ uses nothing of the BFF: what it needs is handed to it.',
  ),
  ...[
    ['src/*.ts', './'],
    ['src/process/**/*.ts', '../'],
    // The doctor is a process-edge tool like src/process: the faces, never development modules.
    ['src/doctor/**/*.ts', '../'],
  ].map(([files, up]) =>
    restrict(
      [files],
      [
        facesOnly(up),
        {
          group: [`${up}dev`, `${up}dev/*`, `${up}simulator`, `${up}simulator/*`],
          message:
            'The production process loads no development module (only src/process/run.ts requires ../dev, outside production).',
        },
      ],
    ),
  ),
  restrict(['src/simulator/*.ts'], [outOf(0)]),
  restrict(['src/simulator/*/*.ts'], [outOf(1)]),
  restrict(['src/simulator/*/*/*.ts'], [outOf(2)]),
  restrict(['web/src/*.ts'], [outOf(1)]),
  restrict(['web/src/*/*.ts'], [outOf(2)]),
  // Library mode: the host app brings its own Express (4 or 5), so the BFF's routers come from the
  // `router` package and its body parsing from `body-parser`; only the standalone server (and the
  // simulator, a program of its own) call express itself. And only store/ talks to Redis.
  ...[
    {
      files: ['src/**/*.ts'],
      ignores: ['src/app.ts', 'src/process/**', 'src/simulator/**', 'src/store/**'],
      paths: [EXPRESS, ...REDIS],
    },
    { files: ['src/store/**/*.ts'], paths: [EXPRESS] },
    { files: ['src/app.ts', 'src/process/**/*.ts'], paths: REDIS },
  ].map(({ files, ignores, paths }) => ({
    files,
    ...(ignores && { ignores }),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths }] },
  })),
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

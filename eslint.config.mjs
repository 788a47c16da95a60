import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency rule (docs/architecture.md): each folder has one public face, `index.ts`, and
 * outside code imports only that; securitize/ knows nothing of HTTP or sessions; the simulator and
 * the web app import nothing from the BFF. Each rule: files, then the import paths they may not use.
 */
const restrict = (files, patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: patterns.map((p) => ({ ...p })) }] },
});
const facesOnly = (up) => ({
  group: ['session', 'auth', 'securitize', 'config', 'vouch', 'policy', 'tracing'].map((f) => `${up}${f}/*`),
  message: 'Import the folder’s public face (its index.ts), not a file inside it.',
});
// How far a file must climb out of a folder, by its depth below that folder.
const outOf = (depth) => ({
  group: [`${'../'.repeat(depth + 1)}*`],
  message: 'Nothing from outside this folder: it stands on its own.',
});

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
  restrict(['src/routes/**/*.ts', 'src/http/**/*.ts'], [facesOnly('../')]),
  restrict(['src/*.ts'], [facesOnly('./')]),
  restrict(
    ['src/securitize/**/*.ts'],
    [
      {
        group: ['../http', '../http/*', '../session', '../session/*', '../routes/*', '../auth', '../auth/*'],
        message: 'securitize/ knows nothing of HTTP, sessions or routes.',
      },
    ],
  ),
  restrict(
    ['src/auth/**/*.ts'],
    [facesOnly('../'), { group: ['../routes/*'], message: 'auth/ stands below the routes.' }],
  ),
  restrict(
    ['src/session/**/*.ts'],
    [
      {
        group: [
          '../auth',
          '../auth/*',
          '../routes/*',
          '../http',
          '../http/*',
          '../securitize/*',
          '../policy/*',
        ],
        message: 'session/ stands below auth/, http/ and the routes.',
      },
    ],
  ),
  // Policies are pure decisions over paths and facts: nothing from the rest of the product.
  restrict(['src/policy/*.ts'], [outOf(0)]),
  restrict(
    ['src/vouch/**/*.ts'],
    [facesOnly('../'), { group: ['../routes/*'], message: 'vouch/ stands below the routes.' }],
  ),
  restrict(['src/config/**/*.ts'], [{ group: ['../policy/*'], message: 'Import policy/ through its face.' }]),
  // Tracing is a leaf: the rest of the product uses it, it uses nothing of the product.
  restrict(['src/tracing/*.ts'], [outOf(0)]),
  restrict(['src/simulator/*.ts'], [outOf(0)]),
  restrict(['src/simulator/*/*.ts'], [outOf(1)]),
  restrict(['src/simulator/*/*/*.ts'], [outOf(2)]),
  restrict(['web/src/*.ts'], [outOf(1)]),
  restrict(['web/src/*/*.ts'], [outOf(2)]),
  // Library mode: the host app brings its own Express (4 or 5), so the BFF's routers come from the
  // `router` package and its body parsing from `body-parser`; only the standalone server (and the
  // simulator, a program of its own) call express itself.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/app.ts', 'src/process/**', 'src/simulator/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'express',
              allowTypeImports: true,
              message:
                'Types only: build routers with newRouter() (src/http/router.ts), parse JSON with body-parser.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

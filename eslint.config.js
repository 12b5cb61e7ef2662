import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.render-build-*/**', '.server-build-*/**', 'coverage/**', 'test/support/*.mjs', 'apps/web/dist/**', 'apps/web/e2e/screenshots/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a lib through its index only: @app/<lib>.' },
            { group: ['**/libs/*/src/**'], message: 'Import another lib through its alias: @app/<lib>.' },
          ],
        },
      ],
    },
  },
  {
    // The web app: the browser's rules of hooks (and the React Compiler's checks), its own tsconfig, no server-side import rules.
    files: ['apps/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      // Only matters to the React Compiler, which the build does not run.
      'react-hooks/incompatible-library': 'off',
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['bench/**', 'test/**', '**/*.spec.ts', 'apps/web/e2e/**', 'apps/web/scripts/**', 'jest.config.js', 'eslint.config.js'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['jest.config.js', 'eslint.config.js', 'apps/web/**/*.{js,mjs}'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Node scripts; the bench's page.evaluate callbacks run in the browser.
    files: ['apps/web/scripts/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);

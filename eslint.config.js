import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.render-build-*/**', 'coverage/**', 'test/support/*.mjs', 'apps/web/**'] },
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
    files: ['bench/**', 'test/**', '**/*.spec.ts', 'jest.config.js', 'eslint.config.js'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['jest.config.js', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['build/', 'dist/', 'actions/*/dist/', 'node_modules/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine never reaches for doors' libraries nor the process environment (DESIGN.md, STYLE.md 2).
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@actions/*', '@slack/*', '@slack/bolt', 'probot', '@octokit/*', 'octokit'] }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Parse env at the door (src/cli, actions/, bot/) and pass it in.' },
        { object: 'process', property: 'exit', message: 'Only a door decides how the process ends; return an answer or throw a QmError.' },
      ],
      // The engine writes to the sinks a door hands it, never to the console.
      'no-console': 'error',
    },
  },
);

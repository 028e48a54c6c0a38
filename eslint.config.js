// Lint keeps the architecture: pure engine, SDK only in lib/aws, env only in lib/config.ts, middy only in functions/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const focusedOrSkipped = ['describe', 'it', 'test'].flatMap((object) =>
  ['only', 'skip'].map((property) => ({ object, property, message: 'Focused or skipped tests do not land.' })),
);
const awsSdk = { group: ['@aws-sdk/*', '@smithy/*'], message: 'Only lib/aws talks to AWS SDK clients.' };
const middy = { group: ['@middy/*'], message: 'Only functions/ use middy.' };
const impureEngine = {
  group: ['node:fs*', 'node:net', 'node:http*', 'node:child_process', '../aws/*', '../scan/*', '../report/*'],
  message: 'lib/cors, lib/rules and lib/engine are pure: no I/O, no AWS.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', '.serverless/**', '.esbuild/**', 'dist/**', 'test/fixtures/**', '.scratch-*/**', '.bench-tmp/**', '.s3-cors-audit/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: {
      'no-restricted-properties': ['error', ...focusedOrSkipped],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ['lib/config.ts'],
    rules: { 'no-restricted-properties': ['error', ...focusedOrSkipped, { object: 'process', property: 'env', message: 'Read settings in lib/config.ts.' }] },
  },
  { files: ['lib/cors/**', 'lib/rules/**', 'lib/engine/**'], rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, middy, impureEngine] }] } },
  { files: ['lib/scan/**', 'lib/report/**', 'lib/cli/**', 'lib/config.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [awsSdk, middy] }] } },
  { files: ['lib/aws/**'], rules: { 'no-restricted-imports': ['error', { patterns: [middy] }] } },
);

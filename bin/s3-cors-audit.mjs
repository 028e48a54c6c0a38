#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx s3-cors-audit` works right after `npm ci`.
// npm puts node_modules/.bin first on PATH, so `env node` is the pinned node@22 devDependency.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));

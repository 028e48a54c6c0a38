// For integration test files: the env of the local AWS started by global-setup.ts, applied to
// process.env of this worker (so code under test finds it through lib/config.ts and the SDK),
// plus uniquely named resources so test files running in parallel never collide.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { applyEnv } from './process-env';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The local AWS env (AWS_ENDPOINT_URL_*, AWS_REGION, management keys, LOCAL_AWS_*). */
    localAws: Record<string, string>;
  }
}

export function useLocalAws(): Record<string, string> {
  const env = inject('localAws');
  if (!env) throw new Error('local AWS env missing: run this file in the `integration` project (its globalSetup starts the local AWS)');
  applyEnv(env);
  return env;
}

/** A name unique to this run and file, valid for DynamoDB tables, SQS queues and SNS topics (≤ 80 chars). */
export function uniqueResourceName(prefix: string): string {
  const safePrefix = prefix.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 50);
  return `${safePrefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

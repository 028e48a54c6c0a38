// For integration test files: the env of the local AWS started by global-setup.ts, applied to
// process.env of this worker (so code under test finds it through lib/config.ts and the SDK),
// plus uniquely named resources so test files running in parallel never collide.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { SlackPost } from './emulators/slack-sink';
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

/** The posts the shared Slack sink received (it runs in the globalSetup process, so this goes over HTTP). */
export async function readSlackPosts(env: Record<string, string>, options: { clear?: boolean } = {}): Promise<SlackPost[]> {
  const response = await fetch(env.LOCAL_AWS_SLACK_CONTROL_URL ?? '', { method: options.clear ? 'DELETE' : 'GET' });
  return (await response.json()) as SlackPost[];
}

/** Makes the shared Slack sink answer the next `count` posts with 429 and Retry-After. */
export async function rateLimitSlack(env: Record<string, string>, count: number, retryAfterSeconds = 1): Promise<void> {
  await fetch(`${env.LOCAL_AWS_SLACK_CONTROL_URL ?? ''}?count=${count}&retryAfterSeconds=${retryAfterSeconds}`, { method: 'POST' });
}

// Rescans one bucket when CloudTrail reports PutBucketCors or DeleteBucketCors (EventBridge rule on
// the organisation's or a central bus), so a bad change alerts within a minute. Every field of the
// event is attacker-influenced (bucket names, request parameters): it is validated and bounded, and
// a malformed or irrelevant event is logged and dropped, never retried.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { parseCorsChangeEvent } from '../lib/scan/cors-change-event';
import { rescanBucket, type RescanOutcome } from '../lib/scan/orchestrate';
import { errorLogging } from './middleware/error-logging';
import { createLogger } from './middleware/logger';
import { runtimeDeps, type DepsProvider } from './middleware/runtime';

export type CorsChangeResponse = RescanOutcome | { kind: 'ignored'; reason: string };

export function createHandler(deps: DepsProvider) {
  return async (event: unknown, context: Context, { signal }: { signal: AbortSignal }): Promise<CorsChangeResponse> => {
    const orchestrate = await deps();
    const parsed = parseCorsChangeEvent(event);
    if (parsed.kind === 'ignored') {
      orchestrate.log.warn('cors change event ignored', { reason: parsed.reason });
      return parsed;
    }
    return rescanBucket(orchestrate, parsed.change, { deadline: () => context.getRemainingTimeInMillis(), signal });
  };
}

/** The deployed handler's middleware stack around createHandler; tests build it with fake deps. */
export function buildHandler(deps: DepsProvider, logger = createLogger()) {
  return middy(createHandler(deps), { timeoutEarlyInMillis: 2_000 })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(errorLogging(logger));
}

const logger = createLogger();
export const handler = buildHandler(runtimeDeps(logger), logger);

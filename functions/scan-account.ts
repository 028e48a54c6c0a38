// SQS worker: scans one account (or a continuation slice) per message. A per-account failure
// (AccessDenied, unreadable buckets) is a recorded result, not a batch item failure; only an
// unexpected error (ledger or queue unavailable, malformed message) fails its record, which SQS
// redelivers and, after three receives, moves to the dead-letter queue.
import middy from '@middy/core';
import sqsPartialBatchFailure from '@middy/sqs-partial-batch-failure';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseAccountMessage } from '../lib/scan/messages';
import { processAccountMessage, type AccountProcessed } from '../lib/scan/orchestrate';
import { errorLogging } from './middleware/error-logging';
import { createLogger } from './middleware/logger';
import { runtimeDeps, type DepsProvider } from './middleware/runtime';

/** Lambda stops us at the timeout; middy aborts this long before, so the batch fails cleanly instead. */
export const TIMEOUT_EARLY_MS = 5_000;

export function createHandler(deps: DepsProvider) {
  return async (event: SQSEvent, context: Context, { signal }: { signal: AbortSignal }): Promise<PromiseSettledResult<AccountProcessed>[]> => {
    const orchestrate = await deps();
    // One settled result per record, in order: what @middy/sqs-partial-batch-failure turns into batchItemFailures.
    return Promise.allSettled(event.Records.map(async (record: SQSRecord) =>
      processAccountMessage(orchestrate, parseAccountMessage(record.body), {
        deadline: () => context.getRemainingTimeInMillis(),
        signal,
      })));
  };
}

/** The deployed handler's middleware stack around createHandler; tests build it with fake deps. */
export function buildHandler(deps: DepsProvider, logger = createLogger()): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const wrapped = middy(createHandler(deps), { timeoutEarlyInMillis: TIMEOUT_EARLY_MS })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(sqsPartialBatchFailure({ logger: (reason: unknown, record: SQSRecord) => logger.error('scan message failed', { messageId: record.messageId, receiveCount: record.attributes?.ApproximateReceiveCount, error: reason as Error }) }))
    .use(errorLogging(logger));
  // sqsPartialBatchFailure replaces the settled results with { batchItemFailures }.
  return wrapped as unknown as (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
}

const logger = createLogger();
export const handler = buildHandler(runtimeDeps(logger), logger);

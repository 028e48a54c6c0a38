// Starts a scan: on the EventBridge schedule (nightly) or when invoked by hand with
// {"trigger":"manual"}. Resolves the accounts, opens the scan ledger, then queues one message per
// account (SCAN_MODE=queue) or scans them here (SCAN_MODE=inline, small estates).
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { startScan, triggeringEvent } from '../lib/scan/orchestrate';
import { errorLogging } from './middleware/error-logging';
import { createLogger } from './middleware/logger';
import { runtimeDeps, type DepsProvider } from './middleware/runtime';

/** A scheduled event (`id`, `time`, source aws.events) or a manual invocation payload. */
export interface ScheduleScanEvent {
  id?: unknown;
  time?: unknown;
  source?: unknown;
  trigger?: unknown;
}

export interface ScheduleScanResponse {
  scanId: string;
  accounts: number;
  notQueued: number;
  /** True when the scan already completed in this invocation (inline mode, or no account in scope). */
  complete: boolean;
  /** A redelivery of an event whose scan was started before: nothing was queued again. */
  alreadyStarted?: true;
}

export function createHandler(deps: DepsProvider) {
  return async (event: ScheduleScanEvent, context: Context, { signal }: { signal: AbortSignal }): Promise<ScheduleScanResponse> => {
    const orchestrate = await deps();
    const trigger = event.source === 'aws.events' || event.source === 'aws.scheduler' ? 'schedule' : 'manual';
    // EventBridge may deliver a schedule twice: its id and time name the scan, so both name the same one.
    const triggering = triggeringEvent(event);
    const started = await startScan(orchestrate, {
      trigger,
      ...(triggering ? { event: triggering } : {}),
      deadline: () => context.getRemainingTimeInMillis(),
      signal,
    });
    return {
      scanId: started.scanId,
      accounts: started.accounts,
      notQueued: started.notQueued,
      complete: started.summary !== undefined,
      ...(started.alreadyStarted ? { alreadyStarted: true } : {}),
    };
  };
}

/** The deployed handler's middleware stack around createHandler; tests build it with fake deps. */
export function buildHandler(deps: DepsProvider, logger = createLogger()) {
  return middy(createHandler(deps), { timeoutEarlyInMillis: 5_000 })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(errorLogging(logger));
}

const logger = createLogger();
export const handler = buildHandler(runtimeDeps(logger), logger);

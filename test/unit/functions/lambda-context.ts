// A Lambda context for handler tests: the remaining time is what the test says it is.
import type { Context } from 'aws-lambda';
import { readFileSync } from 'node:fs';
import { Logger } from '@aws-lambda-powertools/logger';

export function lambdaContext(remainingMs: () => number = () => 300_000, functionName = 's3-cors-audit-test-fn'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:111111111111:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/23/[$LATEST]abcdef',
    getRemainingTimeInMillis: remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A sample event from events/, as `osls invoke local --path events/<name>.json` would pass it. */
export function sampleEvent<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../events/${name}.json`, import.meta.url), 'utf8')) as T;
}

export const silentLogger = () => new Logger({ serviceName: 's3-cors-audit-test', logLevel: 'SILENT' });

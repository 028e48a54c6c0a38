// The scan functions end to end against the local AWS: schedule-scan fans out through a real SQS queue,
// scan-account workers drain it (with hand-offs forced by a short deadline), the report table and the
// alerts topic are real. Every bucket of the demo organisation must end scored or recorded as an
// error, and the scan must complete (one digest) exactly once.
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandler as buildScanAccount } from '../../functions/scan-account';
import { buildHandler as buildOnCorsChange } from '../../functions/on-cors-change';
import { buildHandler as buildScheduleScan } from '../../functions/schedule-scan';
import { runtimeDeps } from '../../functions/middleware/runtime';
import { reportTableDefinition } from '../../lib/aws/report-table';
import { DEMO_ORGANIZATION } from '../../lib/demo/organization';
import type { OrchestrateDeps } from '../../lib/scan/orchestrate';
import type { AccountScanResult } from '../../lib/scan/types';
import { createQueue, createTable, createTopicWithQueue, drainQueue, pollQueue, type PolledQueue } from '../support/local-aws-resources';
import { applyEnv } from '../support/process-env';
import { uniqueResourceName, useLocalAws } from '../support/use-local-aws';
import { lambdaContext, sampleEvent, silentLogger } from '../unit/functions/lambda-context';
import { accountResult, evaluated } from '../support/scan-results';

const env = useLocalAws();
let restoreEnv: () => void = () => undefined;
let table: { tableName: string; drop(): Promise<void> };
let alerts: { topicArn: string; queueUrl: string };
let scanQueue: PolledQueue;

/** Real runtime deps, with every recorded account result kept for assertions. */
function observedDeps(options: { failFirstRecordOf?: string } = {}) {
  const recorded: AccountScanResult[] = [];
  let failing = options.failFirstRecordOf;
  const completions: string[] = [];
  const logger = silentLogger();
  const real = runtimeDeps(logger);
  const provider = async (): Promise<OrchestrateDeps> => {
    const deps = await real();
    return {
      ...deps,
      report: {
        ...deps.report,
        recordAccountResult: async (result) => {
          // One transient ledger failure: the record fails, SQS redelivers it, the account is redone.
          if (result.accountId === failing) {
            failing = undefined;
            throw Object.assign(new Error('Throughput exceeds the current capacity'), { name: 'ProvisionedThroughputExceededException' });
          }
          recorded.push(result);
          return deps.report.recordAccountResult(result);
        },
        completeScan: async (scanId) => {
          completions.push(scanId);
          return deps.report.completeScan(scanId);
        },
      },
    };
  };
  return { provider, logger, recorded, completions };
}

/** Works the queue like Lambda's event source mapping: batches of 2, failures released for redelivery. */
async function drainWithWorkers(handler: ReturnType<typeof buildScanAccount>, remaining: () => () => number): Promise<number> {
  let invocations = 0;
  for (let idle = 0; idle < 3 && invocations < 200;) {
    const messages = await scanQueue.receive(2, 60);
    if (messages.length === 0) {
      idle += 1;
      continue;
    }
    idle = 0;
    invocations += 1;
    const event: SQSEvent = {
      Records: messages.map((message) => ({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        body: message.body,
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
        messageAttributes: {},
        md5OfBody: message.md5OfBody,
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:111111111111:scan',
        awsRegion: 'us-east-1',
      })),
    };
    const { batchItemFailures } = await handler(event, lambdaContext(remaining()));
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    await scanQueue.remove(messages.filter((message) => !failed.has(message.messageId)).map((message) => message.receiptHandle));
    for (const message of messages.filter((item) => failed.has(item.messageId))) await scanQueue.release(message.receiptHandle);
  }
  return invocations;
}

beforeAll(async () => {
  table = await createTable(env, reportTableDefinition(uniqueResourceName('report')) as Parameters<typeof createTable>[1]);
  alerts = await createTopicWithQueue(env, uniqueResourceName('alerts'), { rawDelivery: true });
  const queue = await createQueue(env, uniqueResourceName('scan'));
  scanQueue = pollQueue(env, queue.queueUrl);
  restoreEnv = applyEnv({
    REPORT_TABLE_NAME: table.tableName,
    ALERTS_TOPIC_ARN: alerts.topicArn,
    SCAN_QUEUE_URL: queue.queueUrl,
    SCAN_MODE: 'queue',
    ACCOUNTS_SOURCE: 'organizations',
    AUDIT_ROLE_NAME: DEMO_ORGANIZATION.auditRoleName,
    AUDIT_EXTERNAL_ID: DEMO_ORGANIZATION.externalId,
    DEADLINE_SAFETY_MS: '1000',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

afterAll(async () => {
  restoreEnv();
  scanQueue?.close();
  await table?.drop();
});

describe('schedule-scan → SQS → scan-account', () => {
  it('scores or records every bucket of every account and region, handing off near the deadline, and completes once', async () => {
    const observed = observedDeps({ failFirstRecordOf: '333333333333' });
    const schedule = buildScheduleScan(observed.provider, observed.logger);
    const started = await schedule({ id: 'integration-schedule-1', source: 'aws.events' }, lambdaContext());
    const activeAccounts = DEMO_ORGANIZATION.accounts.filter((account) => account.status === 'ACTIVE');
    expect(started).toMatchObject({ accounts: activeAccounts.length, notQueued: 0, complete: false });

    // A worker gets a few bucket starts before its deadline, so accounts with many buckets hand off.
    const worker = buildScanAccount(observed.provider, observed.logger);
    const invocations = await drainWithWorkers(worker, () => {
      let checks = 0;
      return () => (checks++ < 6 ? 120_000 : 900);
    });
    expect(await scanQueue.pending()).toBe(0);

    const ours = observed.recorded.filter((result) => result.scanId === started.scanId);
    expect(ours.some((result) => result.status === 'handed-off')).toBe(true);
    expect(invocations).toBeGreaterThan(activeAccounts.length / 2);
    for (const account of activeAccounts) {
      const results = ours.filter((result) => result.accountId === account.id);
      if (account.auditRole === 'deny') {
        expect(results.map((result) => result.status)).toEqual(['failed']);
        expect(results[0]?.errors[0]).toMatchObject({ stage: 'assume-role' });
        continue;
      }
      const outcomes = results.flatMap((result) => result.buckets);
      // Each bucket exactly once across the account's slices, scored or with a reason.
      expect(outcomes.map((outcome) => outcome.bucket).sort()).toEqual(account.buckets.map((bucket) => bucket.name).sort());
      for (const outcome of outcomes) {
        expect(['evaluated', 'no-cors', 'unknown']).toContain(outcome.status);
        if (outcome.status === 'unknown') expect(outcome.error.code).toMatch(/\w/);
        const seeded = account.buckets.find((bucket) => bucket.name === outcome.bucket);
        if (outcome.status !== 'unknown') expect(outcome.region).toBe(seeded?.region);
        if (outcome.status === 'evaluated') expect(seeded?.cors).toBeDefined();
      }
    }
    expect(observed.completions).toEqual([started.scanId]);

    const digests = (await drainQueue(env, alerts.queueUrl))
      .map((message) => JSON.parse(message.Body ?? '{}') as { type?: string; summary?: { scanId: string; status: string } })
      .filter((message) => message.type === 'digest' && message.summary?.scanId === started.scanId);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.summary?.status).toBe('complete');
  });

  it('inline mode scans every account in the schedule invocation and completes the scan there', async () => {
    const restore = applyEnv({ SCAN_MODE: 'inline' });
    try {
      const observed = observedDeps();
      const started = await buildScheduleScan(observed.provider, observed.logger)({ id: 'integration-inline-1', source: 'aws.events' }, lambdaContext());
      expect(started.complete).toBe(true);
      expect(observed.completions).toEqual([started.scanId]);
      expect(await scanQueue.pending()).toBe(0);
      const accounts = new Set(observed.recorded.filter((result) => result.scanId === started.scanId).map((result) => result.accountId));
      expect(accounts.size).toBe(DEMO_ORGANIZATION.accounts.filter((account) => account.status === 'ACTIVE').length);
    } finally {
      restore();
    }
  });
});

describe('on-cors-change', () => {
  it('rescans the bucket a CloudTrail event names, in its account and region, as a one-bucket scan', async () => {
    const observed = observedDeps();
    const event = sampleEvent<{ id: string }>('on-cors-change-put');
    event.id = `integration-${Date.now()}`;
    const response = await buildOnCorsChange(observed.provider, observed.logger)(event, lambdaContext());
    expect(response).toMatchObject({ kind: 'recorded', bucket: 'evaluated' });
    const [result] = observed.recorded;
    expect(observed.recorded).toHaveLength(1);
    expect(result).toMatchObject({ accountId: '222222222222', isSlice: true });
    const seeded = DEMO_ORGANIZATION.accounts.find((account) => account.id === '222222222222')?.buckets.find((bucket) => bucket.name === 'mkt-landing-pages');
    expect(result?.buckets).toEqual([expect.objectContaining({ bucket: 'mkt-landing-pages', region: 'eu-west-1', status: 'evaluated', corsRules: seeded?.cors })]);
    expect(observed.completions).toHaveLength(1);
  });
});

describe('completing a scan through the deployed wiring', () => {
  it('alerts the resolved findings of a bucket gone since the last scan, when ALERT_ON_RESOLVED is on', async () => {
    const restore = applyEnv({ SCAN_MODE: 'inline', ALERT_ON_RESOLVED: 'true', ALERT_MIN_SEVERITY: 'info' });
    try {
      await drainQueue(env, alerts.queueUrl);
      const observed = observedDeps();
      const deps = await observed.provider();
      // A bucket an earlier scan recorded with a finding, which the local S3 no longer lists.
      const earlier = 'scan-2026-11-16T02-00-00Z-ghostbucket';
      await deps.report.startScan({ scanId: earlier, trigger: 'schedule', startedAt: '2026-11-16T02:00:00.000Z', accountIds: ['222222222222'] });
      await deps.report.recordAccountResult(accountResult(earlier, '222222222222', [evaluated('222222222222', 'ghost-bucket', [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }], { region: 'us-east-1' })]));
      await deps.report.completeScan(earlier);
      await drainQueue(env, alerts.queueUrl);

      const started = await buildScheduleScan(observed.provider, observed.logger)({ id: 'integration-gone-1', source: 'aws.events' }, lambdaContext());
      expect(started.complete).toBe(true);
      const resolved = (await drainQueue(env, alerts.queueUrl))
        .map((message) => JSON.parse(message.Body ?? '{}') as { type?: string; finding?: { bucket: string; change: string; ruleId: string } })
        .filter((message) => message.type === 'finding' && message.finding?.bucket === 'ghost-bucket');
      expect(resolved.map((message) => message.finding?.change)).toContain('resolved');
      expect(resolved.map((message) => message.finding?.ruleId)).toContain('S3CORS-ANY-ORIGIN-WRITE');
    } finally {
      restore();
    }
  });
});

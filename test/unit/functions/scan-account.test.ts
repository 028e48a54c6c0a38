import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { buildHandler, TIMEOUT_EARLY_MS } from '../../../functions/scan-account';
import { ConfigError } from '../../../lib/config';
import { accountScanner } from '../../../lib/scan/account-scanner';
import { parseAccountMessage } from '../../../lib/scan/messages';
import { fakeDeps, noCors, result } from '../scan/fake-orchestrate-deps';
import { FakeInventory, TIGHT, depsFor } from '../scan/fake-ports';
import { lambdaContext, sampleEvent, silentLogger } from './lambda-context';

const event = () => sampleEvent<SQSEvent>('scan-account');
const scanIdOf = (sqsEvent: SQSEvent) => parseAccountMessage(sqsEvent.Records[0]?.body ?? '').scanId;

async function openLedger(deps: ReturnType<typeof fakeDeps>, sqsEvent: SQSEvent) {
  const accountIds = sqsEvent.Records.map((record) => parseAccountMessage(record.body).account.accountId);
  await deps.report.startScan({ scanId: scanIdOf(sqsEvent), trigger: 'schedule', startedAt: '2026-11-23T02:00:00Z', accountIds });
}

describe('scan-account handler', () => {
  it('scans each record of the sample event and reports no failures; the last account completes the scan once', async () => {
    const deps = fakeDeps();
    const sqsEvent = event();
    await openLedger(deps, sqsEvent);
    const response = await buildHandler(async () => deps, silentLogger())(sqsEvent, lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deps.scanCalls.map((call) => call.accountId)).toEqual(['222222222222', '333333333333']);
    expect(deps.report.completed).toEqual([scanIdOf(sqsEvent)]);
  });

  it('an AccessDenied account is a recorded result, not a batch item failure', async () => {
    const deps = fakeDeps({ scan: async (account, run) => result(account.accountId, run.scanId, { status: 'failed', buckets: [], errors: [{ accountId: account.accountId, stage: 'assume-role', code: 'AccessDenied', message: 'no' }] }) });
    const sqsEvent = event();
    await openLedger(deps, sqsEvent);
    const response = await buildHandler(async () => deps, silentLogger())(sqsEvent, lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deps.report.recorded.map((item) => item.status)).toEqual(['failed', 'failed']);
  });

  it('reports only the record whose processing threw (ledger down) or whose body is malformed', async () => {
    const deps = fakeDeps();
    deps.report.failRecord = (recorded) => recorded.accountId === '333333333333';
    const sqsEvent = event();
    const malformed = { ...sqsEvent.Records[0]!, messageId: 'malformed-1', body: '{"version":1,"scanId":"scan-x"}' };
    sqsEvent.Records.push(malformed);
    await openLedger(deps, { Records: sqsEvent.Records.slice(0, 2) });
    const response = (await buildHandler(async () => deps, silentLogger())(sqsEvent, lambdaContext()));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: sqsEvent.Records[1]!.messageId }, { itemIdentifier: 'malformed-1' }]);
    expect(deps.report.recorded.map((item) => item.accountId)).toEqual(['222222222222']);
  });

  it('passes Lambda\'s remaining time as the deadline and queues a continuation on hand-off', async () => {
    const remaining = vi.fn(() => 42_000);
    const deps = fakeDeps({ scan: async (account, run) => {
      expect(run.deadline?.()).toBe(42_000);
      return result(account.accountId, run.scanId, { status: 'handed-off', buckets: [noCors(account.accountId, 'done-1')], remainingBuckets: ['left-1', 'left-2'] });
    } });
    const sqsEvent = { Records: event().Records.slice(0, 1) };
    await openLedger(deps, sqsEvent);
    const response = await buildHandler(async () => deps, silentLogger())(sqsEvent, lambdaContext(remaining));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(remaining).toHaveBeenCalled();
    expect(deps.queue.sent).toEqual([expect.objectContaining({ scanId: scanIdOf(sqsEvent), account: expect.objectContaining({ accountId: '222222222222', externalId: 'demo-external-id-7f3a9c' }), buckets: ['left-1', 'left-2'], continuationOf: 1 })]);
    expect(deps.report.completed).toEqual([]);
  });

  it('runs a continuation from the sample event on its slice only', async () => {
    const deps = fakeDeps();
    const response = await buildHandler(async () => deps, silentLogger())(sampleEvent<SQSEvent>('scan-account-continuation'), lambdaContext());
    expect(response).toEqual({ batchItemFailures: [] });
    expect(deps.scanCalls.map((call) => call.buckets)).toEqual([['mkt-landing-pages', 'mkt-preview-builds', 'mkt-ngrok-demo']]);
  });

  it('hands off a bucket stuck near the deadline and returns before middy\'s early timeout, failing no record (fake clock)', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T02:00:00Z') });
    try {
      const inventory = new FakeInventory([
        { name: 'mkt-landing-pages', region: 'us-east-1', cors: TIGHT },
        // A call the SDK keeps re-sending (timeouts, 5 attempts, backoff): longer than the whole margin.
        { name: 'mkt-slow', region: 'us-east-1', beforeCors: () => new Promise<void>(() => undefined) },
        { name: 'mkt-plain', region: 'us-east-1' },
      ]);
      const scanner = accountScanner(depsFor({ '222222222222': inventory }), { concurrencyPerAccount: 4, deadlineSafetyMs: 30_000, suppressions: [] });
      const deps = fakeDeps({ scan: scanner.scanAccount });
      const sqsEvent = { Records: event().Records.slice(0, 1) };
      await openLedger(deps, sqsEvent);
      const end = Date.now() + 90_000;
      let answeredWithMs: number | undefined;
      const answer = buildHandler(async () => deps, silentLogger())(sqsEvent, lambdaContext(() => end - Date.now()))
        .finally(() => void (answeredWithMs = end - Date.now()));
      await vi.advanceTimersByTimeAsync(90_000);
      await expect(answer).resolves.toEqual({ batchItemFailures: [] });
      expect(answeredWithMs).toBeGreaterThan(TIMEOUT_EARLY_MS);
      expect(answeredWithMs).toBe(30_000);
      expect(deps.report.recorded).toMatchObject([{ status: 'handed-off', remainingBuckets: ['mkt-slow'] }]);
      expect(deps.report.recorded[0]?.buckets.map((outcome) => outcome.bucket)).toEqual(['mkt-landing-pages', 'mkt-plain']);
      expect(deps.queue.sent).toEqual([expect.objectContaining({ scanId: scanIdOf(sqsEvent), buckets: ['mkt-slow'], continuationOf: 1 })]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('fails the whole batch cleanly (all records redelivered) when middy\'s early timeout fires', async () => {
    const deps = fakeDeps({ scan: (_account, run) => new Promise((_resolve, reject) => run.signal?.addEventListener('abort', () => reject(new Error('aborted')))) });
    const sqsEvent = event();
    const response = (await buildHandler(async () => deps, silentLogger())(sqsEvent, lambdaContext(() => 5_050)));
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier)).toEqual(sqsEvent.Records.map((record) => record.messageId));
    expect(deps.report.recorded).toEqual([]);
  });

  it('a configuration error fails every record and is logged as one line per problem, without a stack', async () => {
    const logger = silentLogger();
    const logged = vi.spyOn(logger, 'error');
    const sqsEvent = event();
    const response = (await buildHandler(async () => { throw new ConfigError(['ACCOUNTS is required when ACCOUNTS_SOURCE=config']); }, logger)(sqsEvent, lambdaContext()));
    expect(response.batchItemFailures).toHaveLength(2);
    expect(logged).toHaveBeenCalledWith('configuration error: fix the deployment parameters', { problems: ['ACCOUNTS is required when ACCOUNTS_SOURCE=config'] });
  });
});

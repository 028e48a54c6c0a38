import { describe, expect, it } from 'vitest';
import { MAX_CONTINUATIONS, type AccountMessage } from '../../../lib/scan/messages';
import { newScanId, processAccountMessage, rescanBucket, scanIdFor, startScan, triggeringEvent } from '../../../lib/scan/orchestrate';
import type { AccountScanResult } from '../../../lib/scan/types';
import { fakeDeps, noCors, result, target } from './fake-orchestrate-deps';

const message = (accountId: string, extra: Partial<AccountMessage> = {}): AccountMessage => ({
  version: 1,
  scanId: 'scan-2026-11-23T02-00-00Z-abcdef1234',
  trigger: 'schedule',
  account: target(accountId),
  ...extra,
});

/** Runs every queued message through processAccountMessage until the queue is empty (a perfect worker fleet). */
async function drain(deps: ReturnType<typeof fakeDeps>) {
  const processed = [];
  for (let batch = deps.queue.take(); batch.length > 0; batch = deps.queue.take()) {
    for (const item of batch) processed.push(await processAccountMessage(deps, item));
  }
  return processed;
}

describe('newScanId', () => {
  it('is sortable by time and derived from the event id, so a redelivered event names the same scan', () => {
    const at = new Date('2026-11-23T02:00:00.999Z');
    expect(newScanId(at, 'event-1')).toMatch(/^scan-2026-11-23T02-00-00Z-[0-9a-f]{10}$/);
    expect(newScanId(at, 'event-1')).toBe(newScanId(at, 'event-1'));
    expect(newScanId(at, 'event-2')).not.toBe(newScanId(at, 'event-1'));
    expect(newScanId(new Date('2026-11-22T02:00:00Z'), 'z') < newScanId(at, 'a')).toBe(true);
  });

  it('takes an event\'s own time, not the clock, so every delivery of it names the same scan; without an event, a fresh one', () => {
    const event = { id: 'evt-1', time: new Date('2026-11-23T02:00:00Z') };
    expect(scanIdFor(event, new Date('2026-11-23T02:00:07.500Z'))).toBe(scanIdFor(event, new Date('2026-11-23T02:03:00Z')));
    expect(scanIdFor(event, new Date('2026-11-23T02:00:07.500Z'))).toMatch(/^scan-2026-11-23T02-00-00Z-/);
    expect(scanIdFor(undefined, event.time)).not.toBe(scanIdFor(undefined, event.time));
  });

  it.each<[Record<string, unknown>, unknown]>([
    [{ id: 'evt-1', time: '2026-11-23T02:00:00Z' }, { id: 'evt-1', time: new Date('2026-11-23T02:00:00Z') }],
    [{ id: 'evt-1', time: 'yesterday' }, { id: 'evt-1' }],
    [{ id: 'evt-1' }, { id: 'evt-1' }],
    [{ id: 'evt-1', time: '+020000-01-01T00:00:00Z' }, { id: 'evt-1' }],
    [{ id: 'evt-1', time: 1795399200000 }, { id: 'evt-1' }],
    [{ id: 'x'.repeat(129), time: '2026-11-23T02:00:00Z' }, undefined],
    [{ trigger: 'manual' }, undefined],
  ])('reads the triggering event of %j', (payload, expected) => {
    expect(triggeringEvent(payload)).toEqual(expected);
  });
});

describe('startScan (queue mode)', () => {
  it('opens the ledger with every account and queues one message per account', async () => {
    const deps = fakeDeps({ targets: ['222222222222', '333333333333', '444444444444'].map((id) => target(id)) });
    const started = await startScan(deps, { trigger: 'schedule', event: { id: 'evt' } });
    expect(deps.report.started).toEqual([{ scanId: started.scanId, trigger: 'schedule', startedAt: '2026-11-23T02:00:00.123Z', accountIds: ['222222222222', '333333333333', '444444444444'] }]);
    expect(deps.queue.sent.map((sent) => [sent.scanId, sent.account.accountId, sent.buckets])).toEqual([
      [started.scanId, '222222222222', undefined],
      [started.scanId, '333333333333', undefined],
      [started.scanId, '444444444444', undefined],
    ]);
    expect(deps.scanCalls).toEqual([]);
    expect(started).toMatchObject({ accounts: 3, notQueued: 0 });
  });

  it('records an account whose message could not be queued as failed, so the scan still completes', async () => {
    const deps = fakeDeps();
    deps.queue.refuse = (sent) => sent.account.accountId === '333333333333';
    const started = await startScan(deps, { trigger: 'schedule' });
    expect(started.notQueued).toBe(1);
    expect(deps.report.recorded).toEqual([expect.objectContaining({ accountId: '333333333333', status: 'failed', errors: [expect.objectContaining({ stage: 'account-context', code: 'QueueSend:KMS.ThrottlingException' })] })]);
    await drain(deps);
    expect(deps.report.completed).toEqual([started.scanId]);
  });

  it('completes at once (one empty digest) when no account is in scope', async () => {
    const deps = fakeDeps({ targets: [] });
    const started = await startScan(deps, { trigger: 'manual' });
    expect(deps.report.completed).toEqual([started.scanId]);
    expect(deps.queue.sent).toEqual([]);
  });

  it('queues nothing again for a redelivered event processed later: one scan, each account queued once', async () => {
    const deps = fakeDeps();
    const event = { id: 'evt-1', time: new Date('2026-11-23T02:00:00Z') };
    const first = await startScan(deps, { trigger: 'schedule', event });
    deps.now = () => new Date('2026-11-23T02:00:04.800Z');
    const again = await startScan(deps, { trigger: 'schedule', event });
    expect(again).toEqual({ scanId: first.scanId, accounts: 2, notQueued: 0, alreadyStarted: true });
    expect(deps.report.started.map((scan) => scan.scanId)).toEqual([first.scanId]);
    expect(deps.queue.sent.map((sent) => sent.account.accountId)).toEqual(['222222222222', '333333333333']);
    expect(deps.warnings).toEqual(['scan already started: redelivered event ignored']);
  });

  it('lets a configuration error stop the run before any ledger write', async () => {
    const deps = fakeDeps();
    deps.accounts = async () => { throw new Error('config: ACCOUNTS is required'); };
    await expect(startScan(deps, { trigger: 'schedule' })).rejects.toThrow('config: ACCOUNTS is required');
    expect(deps.report.started).toEqual([]);
  });
});

describe('startScan (inline mode)', () => {
  it('scans every account in-process and completes the scan exactly once', async () => {
    const deps = fakeDeps({ mode: 'inline', targets: ['222222222222', '333333333333', '444444444444'].map((id) => target(id)) });
    const started = await startScan(deps, { trigger: 'schedule', deadline: () => 600_000 });
    expect(deps.queue.sent).toEqual([]);
    expect(started.inline?.map((item) => item.status)).toEqual(['complete', 'complete', 'complete']);
    expect(deps.report.completed).toEqual([started.scanId]);
    expect(started.summary?.scanId).toBe(started.scanId);
    expect(deps.scanCalls.every((call) => call.deadline?.() === 600_000)).toBe(true);
  });

  it('records an account whose scan threw unexpectedly as failed and still scans the others', async () => {
    const deps = fakeDeps({
      mode: 'inline',
      scan: async (account, run) => {
        if (account.accountId === '222222222222') throw new TypeError('boom');
        return result(account.accountId, run.scanId);
      },
    });
    const started = await startScan(deps, { trigger: 'schedule' });
    expect(deps.report.recorded.map((item) => [item.accountId, item.status])).toEqual(expect.arrayContaining([['222222222222', 'failed'], ['333333333333', 'complete']]));
    expect(deps.report.recorded.find((item) => item.accountId === '222222222222')?.errors[0]).toMatchObject({ code: 'TypeError', message: 'boom' });
    expect(deps.report.completed).toEqual([started.scanId]);
  });

  it('does not scan again for a redelivered event', async () => {
    const deps = fakeDeps({ mode: 'inline' });
    const event = { id: 'evt-1', time: new Date('2026-11-23T02:00:00Z') };
    await startScan(deps, { trigger: 'schedule', event });
    deps.now = () => new Date('2026-11-23T02:01:00Z');
    await expect(startScan(deps, { trigger: 'schedule', event })).resolves.toMatchObject({ alreadyStarted: true });
    expect(deps.scanCalls.map((call) => call.accountId)).toEqual(['222222222222', '333333333333']);
  });
});

describe('processAccountMessage', () => {
  it('per-account failures are recorded results, not exceptions', async () => {
    const deps = fakeDeps({ scan: async (account, run) => result(account.accountId, run.scanId, { status: 'failed', buckets: [], errors: [{ accountId: account.accountId, stage: 'assume-role', code: 'AccessDenied', message: 'denied' }] }) });
    await deps.report.startScan({ scanId: message('222222222222').scanId, trigger: 'schedule', startedAt: 'x', accountIds: ['222222222222'] });
    await expect(processAccountMessage(deps, message('222222222222'))).resolves.toMatchObject({ status: 'failed', scanComplete: true });
    expect(deps.report.completed).toHaveLength(1);
  });

  it('hands off near the deadline: records the slice, queues the remainder, and the continuation finishes the account', async () => {
    const all = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5'];
    const deps = fakeDeps({
      targets: [target('222222222222')],
      // Scans two buckets per invocation, then hands the rest on (a slow account).
      scan: async (account, run): Promise<AccountScanResult> => {
        const todo = run.buckets ?? all;
        const done = todo.slice(0, 2);
        const rest = todo.slice(2);
        return result(account.accountId, run.scanId, {
          isSlice: run.buckets !== undefined,
          buckets: done.map((bucket) => noCors(account.accountId, bucket)),
          ...(rest.length > 0 ? { status: 'handed-off', remainingBuckets: rest } : {}),
        });
      },
    });
    const started = await startScan(deps, { trigger: 'schedule' });
    const processed = await drain(deps);
    expect(processed.map((item) => item.status)).toEqual(['handed-off', 'handed-off', 'complete']);
    expect(processed.map((item) => item.continuation)).toEqual([3, 1, undefined]);
    expect(deps.scanCalls.map((call) => call.buckets)).toEqual([undefined, ['b-3', 'b-4', 'b-5'], ['b-5']]);
    expect(deps.report.bucketsOf(started.scanId, '222222222222').map((bucket) => bucket.bucket)).toEqual(all);
    expect(deps.report.completed).toEqual([started.scanId]);
  });

  it('covers an account with more buckets than one continuation carries: the rest follows by listedAfter, nothing is unknown', async () => {
    const all = Array.from({ length: 25_000 }, (_, index) => `bucket-${String(index).padStart(5, '0')}`);
    const deps = fakeDeps({
      targets: [target('222222222222')],
      // Scans 4,000 buckets per invocation, then hands the rest on; a slice is its buckets and those listed after listedAfter.
      scan: async (account, run): Promise<AccountScanResult> => {
        const after = run.listedAfter === undefined ? [] : all.slice(all.indexOf(run.listedAfter) + 1);
        const todo = run.buckets ? [...run.buckets, ...after] : all;
        const rest = todo.slice(4_000);
        return result(account.accountId, run.scanId, {
          isSlice: run.buckets !== undefined,
          buckets: todo.slice(0, 4_000).map((bucket) => noCors(account.accountId, bucket)),
          ...(rest.length > 0 ? { status: 'handed-off', remainingBuckets: rest } : {}),
        });
      },
    });
    const started = await startScan(deps, { trigger: 'schedule' });
    const processed = await drain(deps);
    expect(processed.map((item) => item.continuation)).toEqual([21_000, 17_000, 13_000, 9_000, 5_000, 1_000, undefined]);
    expect(deps.scanCalls.map((call) => [call.buckets?.length, call.listedAfter])).toEqual([
      [undefined, undefined], [10_000, 'bucket-13999'], [10_000, 'bucket-17999'], [10_000, 'bucket-21999'], [9_000, undefined], [5_000, undefined], [1_000, undefined],
    ]);
    const recorded = deps.report.bucketsOf(started.scanId, '222222222222');
    expect(recorded.map((bucket) => bucket.bucket)).toEqual(all);
    expect(recorded.every((bucket) => bucket.status === 'no-cors')).toBe(true);
    expect(deps.report.completed).toEqual([started.scanId]);
  });

  it('stops continuing after MAX_CONTINUATIONS and records what is left as unknown', async () => {
    const deps = fakeDeps({ scan: async (account, run) => result(account.accountId, run.scanId, { status: 'handed-off', buckets: [], remainingBuckets: ['stuck-1', 'stuck-2'] }) });
    await deps.report.startScan({ scanId: message('222222222222').scanId, trigger: 'schedule', startedAt: 'x', accountIds: ['222222222222'] });
    const processed = await processAccountMessage(deps, message('222222222222', { buckets: ['stuck-1', 'stuck-2'], continuationOf: MAX_CONTINUATIONS }));
    expect(processed).toMatchObject({ status: 'partial', scanComplete: true });
    expect(deps.queue.sent).toEqual([]);
    expect(deps.report.recorded[0]?.buckets).toEqual([
      expect.objectContaining({ bucket: 'stuck-1', status: 'unknown', error: expect.objectContaining({ code: 'DeadlineExceeded' }) }),
      expect.objectContaining({ bucket: 'stuck-2', status: 'unknown' }),
    ]);
    expect(deps.report.recorded[0]?.remainingBuckets).toBeUndefined();
  });

  it('without a queue (inline, no SCAN_QUEUE_URL) a hand-off is recorded as unknown buckets, never dropped', async () => {
    const { queue: _unused, ...deps } = fakeDeps({ scan: async (account, run) => result(account.accountId, run.scanId, { status: 'handed-off', remainingBuckets: ['late'] }) });
    await deps.report.startScan({ scanId: message('222222222222').scanId, trigger: 'schedule', startedAt: 'x', accountIds: ['222222222222'] });
    await expect(processAccountMessage(deps, message('222222222222'))).resolves.toMatchObject({ status: 'partial', scanComplete: true });
    expect(deps.report.bucketsOf(message('222222222222').scanId, '222222222222').map((bucket) => [bucket.bucket, bucket.status])).toEqual([['222222222222-bucket', 'no-cors'], ['late', 'unknown']]);
  });

  it('throws when the continuation cannot be queued, after recording the slice (the redelivery redoes it)', async () => {
    const deps = fakeDeps({ scan: async (account, run) => result(account.accountId, run.scanId, { status: 'handed-off', remainingBuckets: ['later'] }) });
    deps.queue.refuse = () => true;
    await expect(processAccountMessage(deps, message('222222222222'))).rejects.toThrow(/continuation not queued \(KMS.ThrottlingException\)/);
    expect(deps.report.recorded.map((item) => item.status)).toEqual(['handed-off']);
  });

  it('a handed-off result with nothing remaining is recorded as complete (the account must not stay pending)', async () => {
    const deps = fakeDeps({ scan: async (account, run) => result(account.accountId, run.scanId, { status: 'handed-off', remainingBuckets: [] }) });
    await deps.report.startScan({ scanId: message('222222222222').scanId, trigger: 'schedule', startedAt: 'x', accountIds: ['222222222222'] });
    await expect(processAccountMessage(deps, message('222222222222'))).resolves.toMatchObject({ status: 'complete', scanComplete: true });
  });

  it('only the worker that records the last account completes the scan, and a redelivery does not complete it twice', async () => {
    const deps = fakeDeps();
    const started = await startScan(deps, { trigger: 'schedule' });
    const [first, second] = deps.queue.take();
    if (!first || !second) throw new Error('two messages expected');
    expect((await processAccountMessage(deps, first)).scanComplete).toBe(false);
    expect((await processAccountMessage(deps, second)).scanComplete).toBe(true);
    expect((await processAccountMessage(deps, second)).scanComplete).toBe(false);
    expect(deps.report.completed).toEqual([started.scanId]);
  });

  it('a redelivery completes a scan whose completing worker failed before completion, and completion stays single', async () => {
    const deps = fakeDeps();
    const started = await startScan(deps, { trigger: 'schedule' });
    const [first, second] = deps.queue.take();
    if (!first || !second) throw new Error('two messages expected');
    await processAccountMessage(deps, first);
    deps.report.failComplete = () => true;
    await expect(processAccountMessage(deps, second)).rejects.toThrow(/ledger unavailable/);
    deps.report.failComplete = undefined;
    // SQS redelivers the last account's message: its recording answers scanComplete again, so the scan completes.
    const redelivered = await processAccountMessage(deps, second);
    expect(redelivered).toMatchObject({ scanComplete: true, summary: { scanId: started.scanId, status: 'complete' } });
    // A redelivery of another account after completion does not complete it again.
    expect((await processAccountMessage(deps, first)).scanComplete).toBe(false);
    expect(deps.report.completed).toEqual([started.scanId]);
    expect(deps.report.completeCalls).toEqual([started.scanId, started.scanId]);
  });

  it('passes the slice, deadline and abort signal to the scanner', async () => {
    const deps = fakeDeps();
    const controller = new AbortController();
    await processAccountMessage(deps, message('222222222222', { buckets: ['x-1'], continuationOf: 2 }), { deadline: () => 1234, signal: controller.signal });
    expect(deps.scanCalls[0]).toMatchObject({ accountId: '222222222222', buckets: ['x-1'], signal: controller.signal });
    expect(deps.scanCalls[0]?.deadline?.()).toBe(1234);
  });
});

describe('rescanBucket', () => {
  const change = { accountId: '222222222222', bucket: 'mkt-landing-pages', region: 'eu-west-1', eventId: 'ct-1', eventName: 'PutBucketCors' };

  it('rescans the one bucket of an in-scope account as a single-account cors-change scan', async () => {
    const calls: unknown[] = [];
    const deps = fakeDeps({ scanSingle: async (account, bucket, region, run) => { calls.push([account.accountId, bucket, region, run.trigger]); return result(account.accountId, run.scanId, { isSlice: true, buckets: [noCors(account.accountId, bucket)] }); } });
    const outcome = await rescanBucket(deps, change);
    expect(calls).toEqual([['222222222222', 'mkt-landing-pages', 'eu-west-1', 'cors-change']]);
    expect(outcome).toMatchObject({ kind: 'recorded', bucket: 'no-cors' });
    expect(deps.report.started[0]).toMatchObject({ trigger: 'cors-change', accountIds: ['222222222222'] });
    expect(deps.report.recorded[0]?.isSlice).toBe(true);
  });

  it('ignores accounts out of scope without scanning or recording', async () => {
    const deps = fakeDeps({ targets: [target('333333333333')] });
    await expect(rescanBucket(deps, change)).resolves.toEqual({ kind: 'out-of-scope' });
    expect(deps.report.started).toEqual([]);
  });

  it('drops, without opening a scan or recording, a bucket the scanner finds outside the scan\'s regions', async () => {
    const deps = fakeDeps({ scanSingle: async (account, bucket, _region, run) => result(account.accountId, run.scanId, { isSlice: true, buckets: [], outOfScope: [{ bucket, region: 'ap-southeast-2' }] }) });
    const infos: string[] = [];
    deps.log = { ...deps.log, info: (text) => infos.push(text) };
    await expect(rescanBucket(deps, change)).resolves.toEqual({ kind: 'out-of-scope', region: 'ap-southeast-2' });
    expect(deps.report.startCalls).toEqual([]);
    expect(deps.report.recorded).toEqual([]);
    expect(infos).toContain('cors change in a region out of scope');
  });

  it('rescans a retried event under the same scan id, whenever the retry runs', async () => {
    const deps = fakeDeps();
    const timed = { ...change, eventTime: new Date('2026-11-23T14:05:09Z') };
    const first = await rescanBucket(deps, timed);
    deps.now = () => new Date('2026-11-23T14:06:30Z');
    const retried = await rescanBucket(deps, timed);
    expect(first).toMatchObject({ kind: 'recorded', scanId: expect.stringMatching(/^scan-2026-11-23T14-05-09Z-/) });
    expect(retried).toEqual(first);
    expect(deps.report.started).toHaveLength(1);
  });

  it('records a bucket the deadline stopped as unknown, so the rescan still completes', async () => {
    const deps = fakeDeps({ scanSingle: async (account, _bucket, _region, run) => result(account.accountId, run.scanId, { isSlice: true, status: 'handed-off', buckets: [], remainingBuckets: ['mkt-landing-pages'] }) });
    await expect(rescanBucket(deps, change)).resolves.toMatchObject({ kind: 'recorded', status: 'partial', bucket: 'unknown' });
    expect(deps.report.recorded[0]).toMatchObject({ status: 'partial', buckets: [{ bucket: 'mkt-landing-pages', status: 'unknown', error: { code: 'DeadlineExceeded' } }] });
    expect(deps.report.completed).toHaveLength(1);
  });
});

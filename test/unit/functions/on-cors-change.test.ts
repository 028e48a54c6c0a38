import { describe, expect, it } from 'vitest';
import { buildHandler } from '../../../functions/on-cors-change';
import { accountScanner } from '../../../lib/scan/account-scanner';
import { parseCorsChangeEvent } from '../../../lib/scan/cors-change-event';
import { fakeDeps, target } from '../scan/fake-orchestrate-deps';
import { ANY_ORIGIN_READ, FakeInventory, depsFor } from '../scan/fake-ports';
import { lambdaContext, sampleEvent, silentLogger } from './lambda-context';

type TrailEvent = { account?: string; id: string; detail: Record<string, unknown> & { requestParameters: Record<string, unknown> | null } };
const putEvent = () => sampleEvent<TrailEvent>('on-cors-change-put');

function rescans() {
  const calls: Array<[string, string, string | undefined]> = [];
  const deps = fakeDeps({
    targets: [target('222222222222'), target('333333333333')],
    scanSingle: async (account, bucket, region, run) => {
      calls.push([account.accountId, bucket, region]);
      return { scanId: run.scanId, accountId: account.accountId, startedAt: 't', finishedAt: 't', status: 'complete', isSlice: true, errors: [], buckets: [{ accountId: account.accountId, bucket, status: 'no-cors' }] };
    },
  });
  return { deps, calls, handler: buildHandler(async () => deps, silentLogger()) };
}

describe('on-cors-change handler', () => {
  it.each(['on-cors-change-put', 'on-cors-change-delete'])('rescans the bucket named by %s in its account and region, as a cors-change slice', async (name) => {
    const { deps, calls, handler } = rescans();
    const response = await handler(sampleEvent(name), lambdaContext());
    expect(calls).toEqual([['222222222222', 'mkt-landing-pages', 'eu-west-1']]);
    expect(response).toMatchObject({ kind: 'recorded', bucket: 'no-cors' });
    expect(deps.report.started[0]).toMatchObject({ trigger: 'cors-change', accountIds: ['222222222222'] });
    expect(deps.report.recorded[0]).toMatchObject({ isSlice: true, accountId: '222222222222' });
  });

  it('a retried event rescans under the same scan id, however late the retry runs', async () => {
    const { deps, handler } = rescans();
    deps.now = () => new Date('2026-11-23T14:05:10.900Z');
    const first = await handler(putEvent(), lambdaContext());
    deps.now = () => new Date('2026-11-23T14:07:42Z');
    const retried = await handler(putEvent(), lambdaContext());
    expect(first).toMatchObject({ kind: 'recorded', scanId: expect.stringMatching(/^scan-2026-11-23T14-05-09Z-[0-9a-f]{10}$/) });
    expect(retried).toEqual(first);
    expect(deps.report.started).toHaveLength(1);
  });

  describe('with the real scanner, scoped to the scan\'s regions', () => {
    function scoped(regions: string[], inventory: FakeInventory) {
      const deps = fakeDeps({ targets: [target('222222222222')], scanSingle: accountScanner(depsFor({ '222222222222': inventory }), { concurrencyPerAccount: 4, deadlineSafetyMs: 30_000, regions, suppressions: [] }).scanSingleBucket });
      return { deps, handler: buildHandler(async () => deps, silentLogger()) };
    }

    it('drops, without a call or a record, a change in a region out of scope', async () => {
      const inventory = new FakeInventory([{ name: 'mkt-landing-pages', region: 'eu-west-1', cors: ANY_ORIGIN_READ }]);
      const { deps, handler } = scoped(['us-east-1'], inventory);
      await expect(handler(putEvent(), lambdaContext())).resolves.toEqual({ kind: 'out-of-scope', region: 'eu-west-1' });
      expect(inventory.calls).toEqual([]);
      expect(deps.report.startCalls).toEqual([]);
      expect(deps.report.recorded).toEqual([]);
    });

    it('drops a change whose bucket a redirect reveals to live out of scope', async () => {
      const inventory = new FakeInventory([{ name: 'mkt-landing-pages', region: 'eu-west-1', cors: { kind: 'configured', rules: ANY_ORIGIN_READ, region: 'ap-southeast-2' } }]);
      const { deps, handler } = scoped(['eu-west-1'], inventory);
      await expect(handler(putEvent(), lambdaContext())).resolves.toEqual({ kind: 'out-of-scope', region: 'ap-southeast-2' });
      expect(deps.report.recorded).toEqual([]);
    });

    it('rescans and records a change in scope', async () => {
      const inventory = new FakeInventory([{ name: 'mkt-landing-pages', region: 'eu-west-1', cors: ANY_ORIGIN_READ }]);
      const { deps, handler } = scoped(['eu-west-1'], inventory);
      await expect(handler(putEvent(), lambdaContext())).resolves.toMatchObject({ kind: 'recorded', bucket: 'evaluated' });
      expect(deps.report.recorded[0]?.buckets).toMatchObject([{ bucket: 'mkt-landing-pages', region: 'eu-west-1', status: 'evaluated' }]);
    });
  });

  it('ignores a failed API call (errorCode present): nothing changed', async () => {
    const { calls, handler } = rescans();
    await expect(handler(sampleEvent('on-cors-change-denied'), lambdaContext())).resolves.toEqual({ kind: 'ignored', reason: 'failed call: AccessDenied' });
    expect(calls).toEqual([]);
  });

  it('ignores an account out of scope', async () => {
    const { calls, handler } = rescans();
    const event = putEvent();
    event.account = '999999999999';
    event.detail.recipientAccountId = '999999999999';
    await expect(handler(event, lambdaContext())).resolves.toEqual({ kind: 'out-of-scope' });
    expect(calls).toEqual([]);
  });

  it.each([
    ['a bucket name with a path', (event: TrailEvent) => { event.detail.requestParameters = { bucketName: '../../etc/passwd' }; }, 'detail.requestParameters.bucketName'],
    ['a 10 kB bucket name', (event: TrailEvent) => { event.detail.requestParameters = { bucketName: 'a'.repeat(10_000) }; }, 'detail.requestParameters.bucketName'],
    ['no request parameters', (event: TrailEvent) => { event.detail.requestParameters = null; }, 'detail.requestParameters.bucketName'],
    ['a forged account id', (event: TrailEvent) => { event.detail.recipientAccountId = '2222<script>'; }, 'detail.recipientAccountId'],
    ['another event source', (event: TrailEvent) => { event.detail.eventSource = 'iam.amazonaws.com'; }, 'detail.eventSource'],
  ])('logs and drops (never retries) an event with %s', async (_case, mutate, field) => {
    const { calls, handler } = rescans();
    const event = putEvent();
    mutate(event);
    const response = await handler(event, lambdaContext());
    expect(response).toMatchObject({ kind: 'ignored', reason: expect.stringContaining(field) });
    expect(JSON.stringify(response).length).toBeLessThan(300);
    expect(calls).toEqual([]);
  });

  it('drops events that are not CORS changes', async () => {
    const event = putEvent();
    event.detail.eventName = 'PutBucketPolicy';
    expect(parseCorsChangeEvent(event)).toEqual({ kind: 'ignored', reason: 'not a CORS change: PutBucketPolicy' });
    expect(parseCorsChangeEvent('not an object')).toMatchObject({ kind: 'ignored' });
  });

  it('reads the event\'s own time to name the rescan; an odd one is left out, never a reason to drop the event', () => {
    const event = putEvent() as TrailEvent & { time?: unknown };
    expect(parseCorsChangeEvent(event)).toMatchObject({ change: { eventTime: new Date('2026-11-23T14:05:09Z') } });
    for (const odd of ['soon', 12, 'x'.repeat(10_000), '+275760-09-13T00:00:00.000Z']) {
      event.time = odd;
      const reading = parseCorsChangeEvent(event);
      expect(reading).toMatchObject({ kind: 'change' });
      expect(reading).not.toHaveProperty('change.eventTime');
    }
  });

  it('takes the bucket owner from recipientAccountId, falling back to the event account and the caller', () => {
    const event = putEvent();
    event.detail.recipientAccountId = '333333333333';
    event.detail.userIdentity = { accountId: '444444444444' };
    expect(parseCorsChangeEvent(event)).toMatchObject({ change: { accountId: '333333333333' } });
    delete event.detail.recipientAccountId;
    expect(parseCorsChangeEvent(event)).toMatchObject({ change: { accountId: '222222222222' } });
    delete event.account;
    expect(parseCorsChangeEvent(event)).toMatchObject({ change: { accountId: '444444444444', eventName: 'PutBucketCors', eventId: event.id } });
  });

  it('a ledger failure is thrown so EventBridge retries the invocation', async () => {
    const { deps, handler } = rescans();
    deps.report.failRecord = () => true;
    await expect(handler(putEvent(), lambdaContext())).rejects.toThrow('ledger unavailable');
  });
});

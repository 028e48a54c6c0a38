import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { configHash } from '../../../lib/cors';
import { scanAccount, scanSingleBucket } from '../../../lib/scan';
import type { BucketOutcome } from '../../../lib/scan/types';
import { ACCOUNT, ANY_ORIGIN_READ, FakeInventory, FakeSessions, TIGHT, countingLimiter, depsFor, options, target, type FakeBucket } from './fake-ports';

const PRIVATE_BLOCK = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

describe('scanAccount', () => {
  it('spends exactly one call on a bucket without CORS and reads context only for configured ones', async () => {
    const inventory = new FakeInventory([
      { name: 'plain', region: 'eu-west-1' },
      { name: 'open', region: 'us-east-1', cors: ANY_ORIGIN_READ, exposure: { policyIsPublic: true } },
    ]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options());
    expect(inventory.callsFor('plain')).toEqual(['getCors']);
    expect(inventory.callsFor('open').sort()).toEqual(['getCors', 'getExposure', 'getSuppressionTag']);
    expect(result.status).toBe('complete');
    expect(result.buckets.map((outcome) => [outcome.bucket, outcome.status, outcome.region])).toEqual([
      ['plain', 'no-cors', 'eu-west-1'],
      ['open', 'evaluated', 'us-east-1'],
    ]);
  });

  it('scores a configured bucket with the engine, with bucket and account exposure merged', async () => {
    const inventory = new FakeInventory([{ name: 'open', region: 'us-east-1', cors: ANY_ORIGIN_READ, exposure: { policyIsPublic: false, websiteHosting: true } }]);
    inventory.accountBlock = { kind: 'read', flags: PRIVATE_BLOCK };
    const [outcome] = (await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options())).buckets;
    if (outcome?.status !== 'evaluated') throw new Error(`expected evaluated, got ${outcome?.status}`);
    expect(outcome.exposure).toEqual({ policyIsPublic: false, websiteHosting: true, accountPublicAccessBlock: PRIVATE_BLOCK });
    expect(outcome.assessment.findings.map((finding) => finding.ruleId)).toContain('S3CORS-ANY-ORIGIN-READ');
    expect(outcome.configHash).toBe(configHash(ANY_ORIGIN_READ));
    expect(outcome.corsRules).toEqual(ANY_ORIGIN_READ);
  });

  it('reads the account-level PublicAccessBlock once per account, however many buckets have CORS', async () => {
    const buckets: FakeBucket[] = Array.from({ length: 6 }, (_, index) => ({ name: `cors-${index}`, region: 'us-east-1', cors: TIGHT }));
    const inventory = new FakeInventory(buckets);
    await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options());
    expect(inventory.calls.filter((call) => call.op === 'getAccountPublicAccessBlock')).toHaveLength(1);
  });

  it('does not read the account-level block when no bucket has CORS', async () => {
    const inventory = new FakeInventory([{ name: 'a' }, { name: 'b' }]);
    await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options());
    expect(inventory.calls.map((call) => call.op)).toEqual(['listBuckets', 'getCors', 'getCors']);
  });

  it('records an unreadable account-level block once as an account-context error and leaves it unknown', async () => {
    const inventory = new FakeInventory([{ name: 'a', region: 'us-east-1', cors: TIGHT }, { name: 'b', region: 'us-east-1', cors: TIGHT }]);
    inventory.accountBlock = { kind: 'unreadable', error: { code: 'AccessDenied', message: 'Access Denied' } };
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options());
    expect(result.errors).toEqual([{ accountId: ACCOUNT, stage: 'account-context', code: 'AccessDenied', message: 'Access Denied' }]);
    expect(result.status).toBe('partial');
    for (const outcome of result.buckets) {
      expect(outcome.status).toBe('evaluated');
      if (outcome.status === 'evaluated') expect(outcome.exposure).not.toHaveProperty('accountPublicAccessBlock');
    }
  });

  it('turns gone, unreadable and throwing buckets into outcomes while the rest of the account is scanned', async () => {
    const inventory = new FakeInventory([
      { name: 'deleted', cors: { kind: 'gone' } },
      { name: 'throttled', cors: { kind: 'unreadable', error: { code: 'SlowDown', message: 'Please reduce your request rate.', attempts: 5 } } },
      { name: 'buggy', beforeCors: () => { throw new TypeError('boom'); } },
      { name: 'fine', cors: TIGHT },
    ]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options());
    const byName = Object.fromEntries(result.buckets.map((outcome) => [outcome.bucket, outcome]));
    expect(byName.deleted?.status).toBe('gone');
    expect(byName.throttled).toMatchObject({ status: 'unknown', error: { code: 'SlowDown', attempts: 5 } });
    expect(byName.buggy).toMatchObject({ status: 'unknown', error: { code: 'InternalError', message: 'TypeError: boom' } });
    expect(byName.fine?.status).toBe('evaluated');
    expect(result.status).toBe('partial');
  });

  it('fails the account, without throwing, when AssumeRole is denied', async () => {
    const sessions = new FakeSessions({}, { [ACCOUNT]: { code: 'AccessDenied', message: 'AssumeRole refused' } });
    const result = await scanAccount(target(), { ...depsFor({}), sessions }, options());
    expect(result).toMatchObject({ status: 'failed', buckets: [], errors: [{ accountId: ACCOUNT, stage: 'assume-role', code: 'AccessDenied', message: 'AssumeRole refused' }] });
    expect(sessions.opened).toEqual([{ accountId: ACCOUNT, scanId: 'scan-20261123T020000Z-abcd' }]);
  });

  it('fails the account when ListBuckets is unreadable, and still closes the session', async () => {
    const inventory = new FakeInventory([]);
    inventory.listing = { kind: 'unreadable', error: { code: 'AccessDenied', message: 'Access Denied' } };
    const deps = depsFor({ [ACCOUNT]: inventory });
    const result = await scanAccount(target(), deps, options());
    expect(result).toMatchObject({ status: 'failed', errors: [{ stage: 'list-buckets', code: 'AccessDenied' }] });
    expect(deps.sessions.closed).toBe(1);
  });

  it('hands off the buckets not started before the deadline margin, in listing order', async () => {
    const buckets: FakeBucket[] = Array.from({ length: 10 }, (_, index) => ({ name: `b${index}`, region: 'us-east-1' }));
    const inventory = new FakeInventory(buckets);
    let remainingMs = 40_000;
    // Each started bucket costs 4 s of the budget: after three, less than the 30 s margin is left.
    const deadline = () => {
      const now = remainingMs;
      remainingMs -= 4_000;
      return now;
    };
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ deadline, concurrencyPerAccount: 1 }));
    expect(result.status).toBe('handed-off');
    expect(result.buckets.map((outcome) => outcome.bucket)).toEqual(['b0', 'b1', 'b2']);
    expect(result.remainingBuckets).toEqual(['b3', 'b4', 'b5', 'b6', 'b7', 'b8', 'b9']);
    expect(inventory.calls.filter((call) => call.op === 'getCors')).toHaveLength(3);
  });

  it('hands off the bucket in flight and everything not started once the invocation\'s signal aborts, aborting its calls', async () => {
    const controller = new AbortController();
    const buckets: FakeBucket[] = Array.from({ length: 5 }, (_, index) => ({ name: `b${index}`, beforeCors: index === 1 ? () => controller.abort() : undefined } as FakeBucket));
    const inventory = new FakeInventory(buckets);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ signal: controller.signal, concurrencyPerAccount: 1 }));
    // b1's answer came after the abort: it may be partial, so b1 is scanned again by the continuation.
    expect(result.buckets.map((outcome) => outcome.bucket)).toEqual(['b0']);
    expect(result.remainingBuckets).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect(inventory.corsSignals.get('b1')?.aborted).toBe(true);
  });

  describe('at the deadline margin, on a fake clock', () => {
    beforeEach(() => void vi.useFakeTimers({ now: new Date('2026-11-23T02:00:00Z') }));
    afterEach(() => void vi.useRealTimers());

    it('aborts a bucket stuck in its calls (SDK retries of a timed-out call) and hands it off, returning at the margin', async () => {
      const inventory = new FakeInventory([
        { name: 'fast-1', region: 'us-east-1' },
        // Never answers, whatever the signal says: the scan must not wait for a port to give up.
        { name: 'stuck', region: 'us-east-1', beforeCors: () => new Promise<void>(() => undefined) },
        { name: 'fast-2', region: 'us-east-1', cors: TIGHT },
      ]);
      const end = Date.now() + 60_000;
      let returnedWithMs: number | undefined;
      const scan = scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ deadline: () => end - Date.now(), deadlineSafetyMs: 30_000 }))
        .finally(() => void (returnedWithMs = end - Date.now()));
      await vi.advanceTimersByTimeAsync(29_000);
      expect(returnedWithMs).toBeUndefined();
      await vi.advanceTimersByTimeAsync(2_000);
      const result = await scan;
      expect(returnedWithMs).toBe(30_000);
      expect(result).toMatchObject({ status: 'handed-off', remainingBuckets: ['stuck'], errors: [] });
      expect(result.buckets.map((outcome) => [outcome.bucket, outcome.status])).toEqual([['fast-1', 'no-cors'], ['fast-2', 'evaluated']]);
      expect(inventory.corsSignals.get('stuck')?.aborted).toBe(true);
    });

    it('hands off a bucket whose reads the abort cut short instead of recording them, and records no account error for it', async () => {
      const inventory = new FakeInventory([{ name: 'open', region: 'us-east-1', cors: ANY_ORIGIN_READ }]);
      // An adapter that honours the signal: the account-level block read ends as aborted at the deadline.
      inventory.getAccountPublicAccessBlock = (signal?: AbortSignal) => new Promise((resolve) => signal?.addEventListener('abort', () => resolve({ kind: 'unreadable', error: { code: 'Aborted', message: 'Request aborted' } })));
      const end = Date.now() + 45_000;
      const scan = scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ deadline: () => end - Date.now(), deadlineSafetyMs: 30_000 }));
      await vi.advanceTimersByTimeAsync(15_000);
      const result = await scan;
      expect(result).toMatchObject({ status: 'handed-off', buckets: [], remainingBuckets: ['open'], errors: [] });
    });

    it('aborts on the latest reading of the remaining time, not the first', async () => {
      const inventory = new FakeInventory([{ name: 'a', region: 'us-east-1' }, { name: 'stuck', region: 'us-east-1', beforeCors: () => new Promise<void>(() => undefined) }]);
      // The first reading says 10 minutes; the next one, 40 s: the abort comes 10 s later, not 9.5 minutes.
      let readings = 0;
      const end = Date.now() + 40_000;
      let settled = false;
      const scan = scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ concurrencyPerAccount: 1, deadline: () => (readings++ === 0 ? 600_000 : end - Date.now()), deadlineSafetyMs: 30_000 }))
        .finally(() => void (settled = true));
      await vi.advanceTimersByTimeAsync(10_001);
      expect(settled).toBe(true);
      await expect(scan).resolves.toMatchObject({ status: 'handed-off', buckets: [{ bucket: 'a' }], remainingBuckets: ['stuck'] });
    });
  });

  it('scans only a continuation slice; a sliced bucket no longer listed is gone', async () => {
    const inventory = new FakeInventory([{ name: 'a', region: 'eu-west-1' }, { name: 'b', region: 'eu-west-1', cors: TIGHT }, { name: 'c' }]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ buckets: ['b', 'vanished', 'b'] }));
    expect(result.isSlice).toBe(true);
    expect(result.buckets.map((outcome) => [outcome.bucket, outcome.status])).toEqual([['vanished', 'gone'], ['b', 'evaluated']]);
    expect(inventory.callsFor('a')).toEqual([]);
  });

  it('scans a slice without regions when the listing is unreadable, rather than losing it', async () => {
    const inventory = new FakeInventory([{ name: 'b', cors: TIGHT }]);
    inventory.listing = { kind: 'unreadable', error: { code: 'SlowDown', message: 'slow down' } };
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ buckets: ['b'] }));
    expect(result.buckets).toMatchObject([{ bucket: 'b', status: 'evaluated' }]);
    expect(inventory.calls.find((call) => call.op === 'getCors')).toEqual({ op: 'getCors', bucket: 'b', region: undefined });
  });

  it('scans, after its slice, every bucket in scope listed after listedAfter (an account larger than one message)', async () => {
    const inventory = new FakeInventory([{ name: 'a' }, { name: 'b', cors: TIGHT }, { name: 'c', region: 'eu-west-1' }, { name: 'd', region: 'ap-south-1' }, { name: 'e' }]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ buckets: ['b', 'e'], listedAfter: 'b', regions: ['eu-west-1', 'us-east-1'] }));
    // 'a' came before the slice's last carried bucket, 'd' is outside the regions, 'e' is carried and scanned once.
    expect(result.buckets.map((outcome) => outcome.bucket)).toEqual(['b', 'e', 'c']);
    expect(result.status).toBe('complete');
    expect(inventory.callsFor('a')).toEqual([]);
  });

  it('takes the buckets after listedAfter by name when that bucket has gone since the slice was cut', async () => {
    const inventory = new FakeInventory([{ name: 'a' }, { name: 'c' }, { name: 'd' }]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ buckets: ['b'], listedAfter: 'b' }));
    expect(result.buckets.map((outcome) => [outcome.bucket, outcome.status])).toEqual([['b', 'gone'], ['c', 'no-cors'], ['d', 'no-cors']]);
  });

  it('says which buckets it could not scan when the listing that continues a slice is unreadable', async () => {
    const inventory = new FakeInventory([{ name: 'b' }, { name: 'c' }]);
    inventory.listing = { kind: 'unreadable', error: { code: 'SlowDown', message: 'slow down' } };
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ buckets: ['b'], listedAfter: 'b' }));
    expect(result.buckets).toMatchObject([{ bucket: 'b', status: 'no-cors' }]);
    expect(result.status).toBe('partial');
    expect(result.errors).toEqual([{ accountId: ACCOUNT, stage: 'list-buckets', code: 'SlowDown', message: 'buckets listed after b not scanned: slow down' }]);
  });

  it('keeps only the target regions (the account own list wins over SCAN_REGIONS), and buckets of unknown region', async () => {
    const inventory = new FakeInventory([{ name: 'eu', region: 'eu-west-1' }, { name: 'us', region: 'us-east-1' }, { name: 'unknown' }]);
    const result = await scanAccount(target(ACCOUNT, { regions: ['eu-west-1'] }), depsFor({ [ACCOUNT]: inventory }), options({ regions: ['us-east-1'] }));
    expect(result.buckets.map((outcome) => outcome.bucket)).toEqual(['eu', 'unknown']);
  });

  it('applies configured suppressions and the bucket tag, each scoped to its bucket', async () => {
    const inventory = new FakeInventory([
      { name: 'tagged', region: 'us-east-1', cors: ANY_ORIGIN_READ, tag: { kind: 'tagged', value: 'S3CORS-ANY-ORIGIN-READ reason=public assets' } },
      { name: 'configured', region: 'us-east-1', cors: ANY_ORIGIN_READ },
      { name: 'other', region: 'us-east-1', cors: ANY_ORIGIN_READ },
    ]);
    const suppressions = [{ ruleId: 'S3CORS-ANY-ORIGIN-READ', bucket: 'configured', reason: 'CDN origin', source: 'config' }];
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ suppressions }));
    const suppressedBy = (name: string) => {
      const outcome = result.buckets.find((candidate) => candidate.bucket === name);
      return outcome?.status === 'evaluated' ? outcome.assessment.suppressed.filter((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-READ').map((finding) => finding.suppression?.source) : ['not evaluated'];
    };
    expect(suppressedBy('tagged')).toEqual(['tag']);
    expect(suppressedBy('configured')).toEqual(['config']);
    expect(suppressedBy('other')).toEqual([]);
  });

  it('still evaluates a bucket whose tag is unreadable, without the tag suppressions', async () => {
    const inventory = new FakeInventory([{ name: 'a', region: 'us-east-1', cors: ANY_ORIGIN_READ, tag: { kind: 'unreadable', error: { code: 'AccessDenied', message: 'denied' } } }]);
    const [outcome] = (await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options())).buckets;
    expect(outcome?.status).toBe('evaluated');
    if (outcome?.status === 'evaluated') expect(outcome.assessment.suppressed).toEqual([]);
  });

  it('stores hostile long strings truncated with a marker, while hashing and scoring the full configuration', async () => {
    const huge = `https://${'a'.repeat(10_000)}.example.com`;
    const rules = [{ AllowedOrigins: [huge, '*'], AllowedMethods: ['GET'] }];
    const inventory = new FakeInventory([{ name: 'hostile', region: 'us-east-1', cors: rules }]);
    const [outcome] = (await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options())).buckets;
    if (outcome?.status !== 'evaluated') throw new Error('expected evaluated');
    const stored = outcome.corsRules[0]?.AllowedOrigins?.[0] ?? '';
    expect(stored.length).toBeLessThanOrEqual(4096);
    expect(stored).toMatch(/\[\+\d+ chars\]$/);
    expect(outcome.corsRules[0]?.AllowedOrigins?.[1]).toBe('*');
    expect(outcome.configHash).toBe(configHash(rules));
    expect(outcome.assessment.findings.map((finding) => finding.ruleId)).toContain('S3CORS-ANY-ORIGIN-READ');
  });

  it('bounds concurrency per account and overall through the shared limiter', async () => {
    const many = (prefix: string) => new FakeInventory(Array.from({ length: 20 }, (_, index) => ({ name: `${prefix}${index}`, beforeCors: () => new Promise<void>((resolve) => setTimeout(resolve, 2)) })));
    const first = many('x');
    const second = many('y');
    const limitTotal = countingLimiter(5);
    const deps = depsFor({ [ACCOUNT]: first, '333333333333': second }, { limitTotal });
    await Promise.all([
      scanAccount(target(), deps, options({ concurrencyPerAccount: 3 })),
      scanAccount(target('333333333333'), deps, options({ concurrencyPerAccount: 3 })),
    ]);
    expect(first.maxInFlight).toBeLessThanOrEqual(3);
    expect(second.maxInFlight).toBeLessThanOrEqual(3);
    expect(limitTotal.peak()).toBeLessThanOrEqual(5);
    expect(limitTotal.peak()).toBeGreaterThan(3);
  });

  it('reports each outcome once through onBucket as it is decided', async () => {
    const seen: BucketOutcome[] = [];
    const inventory = new FakeInventory([{ name: 'a' }, { name: 'b', cors: TIGHT }]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ onBucket: (outcome) => seen.push(outcome) }));
    expect(seen.map((outcome) => outcome.bucket).sort()).toEqual(['a', 'b']);
    expect(seen).toHaveLength(result.buckets.length);
  });

  it('gives every listed bucket exactly one outcome or hands it off, whatever fails (property)', async () => {
    const fault = fc.constantFrom('none', 'gone', 'unreadable', 'throws', 'configured', 'tag-unreadable');
    await fc.assert(fc.asyncProperty(fc.array(fault, { maxLength: 25 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 6 }), async (faults, budget, concurrency) => {
      const buckets: FakeBucket[] = faults.map((kind, index) => {
        const name = `bucket-${index}`;
        if (kind === 'gone') return { name, cors: { kind: 'gone' } };
        if (kind === 'unreadable') return { name, cors: { kind: 'unreadable', error: { code: 'InternalError', message: '500' } } };
        if (kind === 'throws') return { name, beforeCors: () => { throw new Error('socket hang up'); } };
        if (kind === 'configured') return { name, cors: ANY_ORIGIN_READ };
        if (kind === 'tag-unreadable') return { name, cors: TIGHT, tag: { kind: 'unreadable', error: { code: 'AccessDenied', message: 'x' } } };
        return { name };
      });
      let calls = 0;
      const deadline = () => (calls++ < budget ? 60_000 : 0);
      const result = await scanAccount(target(), depsFor({ [ACCOUNT]: new FakeInventory(buckets) }), options({ deadline, concurrencyPerAccount: concurrency }));
      const decided = result.buckets.map((outcome) => outcome.bucket);
      const handed = result.remainingBuckets ?? [];
      const all = [...decided, ...handed];
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(buckets.map((bucket) => bucket.name).sort());
      expect(result.status === 'handed-off').toBe(handed.length > 0);
    }), { numRuns: 60 });
  });
});

describe('scanAccount after a region redirect', () => {
  it('records the region S3 redirected to, not the stale listed one, and reads the exposure there', async () => {
    const inventory = new FakeInventory([
      { name: 'moved-open', region: 'us-east-1', cors: { kind: 'configured', rules: ANY_ORIGIN_READ, region: 'eu-west-1' } },
      { name: 'moved-plain', region: 'us-east-1', cors: { kind: 'none', region: 'ap-southeast-2' } },
      { name: 'moved-denied', region: 'us-east-1', cors: { kind: 'unreadable', error: { code: 'AccessDenied', message: 'denied' }, region: 'eu-north-1' } },
      { name: 'stayed', region: 'us-east-1', cors: TIGHT },
    ]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options());
    expect(Object.fromEntries(result.buckets.map((outcome) => [outcome.bucket, outcome.region]))).toEqual({
      'moved-open': 'eu-west-1',
      'moved-plain': 'ap-southeast-2',
      'moved-denied': 'eu-north-1',
      stayed: 'us-east-1',
    });
    const regionsAsked = inventory.calls.filter((call) => call.bucket === 'moved-open' && call.op !== 'getCors').map((call) => call.region);
    expect(regionsAsked).toEqual(['eu-west-1', 'eu-west-1']);
  });
});

describe('scanSingleBucket', () => {
  it('reads one bucket without listing the account', async () => {
    const inventory = new FakeInventory([{ name: 'changed', region: 'eu-central-1', cors: TIGHT }, { name: 'other' }]);
    const result = await scanSingleBucket(target(), 'changed', 'eu-central-1', depsFor({ [ACCOUNT]: inventory }), options({ trigger: 'cors-change' }));
    expect(inventory.calls.map((call) => call.op)).not.toContain('listBuckets');
    expect(inventory.calls.find((call) => call.op === 'getCors')).toEqual({ op: 'getCors', bucket: 'changed', region: 'eu-central-1' });
    expect(result).toMatchObject({ isSlice: true, status: 'complete', buckets: [{ bucket: 'changed', region: 'eu-central-1', status: 'evaluated' }] });
  });

  it('reports a bucket deleted before the rescan as gone', async () => {
    const result = await scanSingleBucket(target(), 'deleted', undefined, depsFor({ [ACCOUNT]: new FakeInventory([]) }), options());
    expect(result.buckets).toEqual([{ accountId: ACCOUNT, bucket: 'deleted', status: 'gone' }]);
  });

  it('leaves out, without a call, a bucket the event places outside the scan\'s regions', async () => {
    const inventory = new FakeInventory([{ name: 'changed', region: 'ap-southeast-2', cors: ANY_ORIGIN_READ }]);
    const deps = depsFor({ [ACCOUNT]: inventory });
    const result = await scanSingleBucket(target(), 'changed', 'ap-southeast-2', deps, options({ trigger: 'cors-change', regions: ['us-east-1', 'eu-west-1'] }));
    expect(result).toMatchObject({ status: 'complete', isSlice: true, buckets: [], errors: [], outOfScope: [{ bucket: 'changed', region: 'ap-southeast-2' }] });
    expect(deps.sessions.opened).toEqual([]);
    expect(inventory.calls).toEqual([]);
  });

  it.each([
    ['the account\'s own regions over SCAN_REGIONS', { regions: ['ap-southeast-2'] }, ['us-east-1'], 'ap-southeast-2', undefined],
    ['SCAN_REGIONS when the account sets none', {}, ['us-east-1'], 'ap-southeast-2', [{ bucket: 'changed', region: 'ap-southeast-2' }]],
    ['every region when neither is set', {}, undefined, 'ap-southeast-2', undefined],
  ])('scopes by %s', async (_case, extra, regions, region, outOfScope) => {
    const inventory = new FakeInventory([{ name: 'changed', region, cors: TIGHT }]);
    const result = await scanSingleBucket(target(ACCOUNT, extra), 'changed', region, depsFor({ [ACCOUNT]: inventory }), options({ ...(regions ? { regions } : {}) }));
    expect(result.outOfScope).toEqual(outOfScope);
    expect(result.buckets.map((outcome) => outcome.bucket)).toEqual(outOfScope ? [] : ['changed']);
  });

  it('leaves out a bucket a redirect reveals to live outside the scan\'s regions', async () => {
    const inventory = new FakeInventory([{ name: 'moved', region: 'eu-west-1', cors: { kind: 'configured', rules: ANY_ORIGIN_READ, region: 'ap-southeast-2' } }]);
    const result = await scanSingleBucket(target(), 'moved', 'eu-west-1', depsFor({ [ACCOUNT]: inventory }), options({ trigger: 'cors-change', regions: ['eu-west-1'] }));
    expect(result).toMatchObject({ buckets: [], outOfScope: [{ bucket: 'moved', region: 'ap-southeast-2' }] });
  });

  it('rescans a bucket whose region neither the event nor S3 told: it stays in scope', async () => {
    const inventory = new FakeInventory([{ name: 'somewhere', cors: TIGHT }]);
    const result = await scanSingleBucket(target(), 'somewhere', undefined, depsFor({ [ACCOUNT]: inventory }), options({ regions: ['eu-west-1'] }));
    expect(result.outOfScope).toBeUndefined();
    expect(result.buckets).toMatchObject([{ bucket: 'somewhere', status: 'evaluated' }]);
  });
});

describe('accountScanner', () => {
  it('binds the deps and limits so the orchestrator passes only what varies per message', async () => {
    const { accountScanner } = await import('../../../lib/scan');
    const inventory = new FakeInventory([{ name: 'a' }, { name: 'b' }]);
    let budget = 1;
    const scanner = accountScanner(depsFor({ [ACCOUNT]: inventory }), { concurrencyPerAccount: 1, deadlineSafetyMs: 10_000, suppressions: [] });
    const result = await scanner.scanAccount(target(), { scanId: 's', trigger: 'schedule', deadline: () => (budget-- > 0 ? 20_000 : 5_000) });
    expect(result.buckets.map((outcome) => outcome.bucket)).toEqual(['a']);
    expect(result.remainingBuckets).toEqual(['b']);
  });
});

describe('scanAccount when the caller or a port misbehaves', () => {
  it('keeps every outcome when an onBucket callback throws', async () => {
    const inventory = new FakeInventory([{ name: 'a' }, { name: 'b' }]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ onBucket: () => { throw new Error('progress sink down'); } }));
    expect(result.buckets.map((outcome) => outcome.bucket)).toEqual(['a', 'b']);
  });

  it('turns a throwing session factory or listing into a failed account result', async () => {
    const throwingSessions = { open: async () => { throw new Error('socket hang up'); } };
    expect(await scanAccount(target(), { ...depsFor({}), sessions: throwingSessions }, options())).toMatchObject({ status: 'failed', errors: [{ stage: 'assume-role', code: 'InternalError', message: 'Error: socket hang up' }] });
    const inventory = new FakeInventory([]);
    inventory.listBuckets = async () => { throw new TypeError('bad page'); };
    expect(await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options())).toMatchObject({ status: 'failed', errors: [{ stage: 'list-buckets', code: 'InternalError' }] });
  });

  it('does not call a slice bucket gone just because it is outside the region filter now', async () => {
    const inventory = new FakeInventory([{ name: 'eu', region: 'eu-west-1' }]);
    const result = await scanAccount(target(), depsFor({ [ACCOUNT]: inventory }), options({ buckets: ['eu'], regions: ['us-east-1'] }));
    expect(result.buckets).toMatchObject([{ bucket: 'eu', status: 'no-cors' }]);
  });
});

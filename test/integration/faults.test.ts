// Fault tolerance of the real scanner and report writer, over HTTP with real SDK clients, behind the
// fault-injecting proxy (test/support/fault-proxy.ts): throttling bursts, 500s, resets, timeouts, denied
// buckets and accounts, buckets deleted between list and get, wrong-region answers, credentials that
// expire mid-scan, a Lambda deadline mid-account, and DynamoDB throttling while recording. Each case
// checks that every bucket ends scored or recorded with its reason, that transient faults were retried to
// success, that coverage is exactly what the estate implies, and that the report table holds each
// bucket once with unique findings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportTable, reportTableDefinition } from '../../lib/aws/report-table';
import { createScanDeps, type RealScanDeps } from '../../lib/aws/scan-deps';
import { loadSettings, type Settings } from '../../lib/config';
import { completeScan, readReportSnapshot, recordAccountResult, startScan as startReportScan, type ReportPorts } from '../../lib/report';
import { accountScanner, computeCoverage, scanAccount, scanLimitsFrom, silentLog } from '../../lib/scan';
import type { AccountMessage, ScanQueue } from '../../lib/scan/messages';
import { processAccountMessage, type OrchestrateDeps } from '../../lib/scan/orchestrate';
import type { AccountScanResult, AccountTarget, BucketOutcome, ScanCoverage } from '../../lib/scan/types';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import { faults, on, startFaultProxy, type FaultProxy, type FaultRequest } from '../support/fault-proxy';
import { createDemoBucket } from '../support/emulators/seed';
import { startLocalAws, type LocalAws } from '../support/local-aws';
import { createTable } from '../support/local-aws-resources';
import { applyEnv } from '../support/process-env';
import { uniqueResourceName } from '../support/use-local-aws';

const MEMBER = '222222222222';
const DENIED = '333333333333';
const UNLISTABLE = '444444444444';
const EXTERNAL_ID = 'fault-external-id';
const SCAN_ID = 'scan-2026-11-23T02-00-00Z-faultfault';
const MAX_ATTEMPTS = 3;
const CALL_TIMEOUT_MS = 1_000;
/** Longer than any test may run: a call held this long ends only when the client gives up on it. */
const HOLD_MS = 10 * 60_000;
const MINUTE = 60_000;
const ANY_GET = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }];

type Expected = BucketOutcome['status'];
/** The member account's estate and what a fault-free scan makes of each bucket. */
const ESTATE: Record<string, { region: string; cors: boolean }> = {
  'f-cors-01': { region: 'us-east-1', cors: true },
  'f-cors-02': { region: 'us-east-1', cors: true },
  'f-cors-03': { region: 'us-east-1', cors: true },
  'f-cors-04': { region: 'us-east-1', cors: true },
  'f-cors-05': { region: 'us-east-1', cors: true },
  'f-eu-cors': { region: 'eu-west-1', cors: true },
  'f-eu-malformed': { region: 'eu-west-1', cors: true },
  'f-plain-01': { region: 'us-east-1', cors: false },
  'f-plain-02': { region: 'us-east-1', cors: false },
  'f-plain-03': { region: 'eu-west-1', cors: false },
};
const BUCKETS = Object.keys(ESTATE).sort();
const clean = (): Record<string, Expected> => Object.fromEntries(BUCKETS.map((name) => [name, ESTATE[name]?.cors ? 'evaluated' : 'no-cors']));

let localAws: LocalAws;
let proxy: FaultProxy;
let settings: Settings;
let env: Record<string, string>;
let restoreEnv: () => void;
const opened: RealScanDeps[] = [];

const target = (accountId = MEMBER): AccountTarget => ({ accountId, roleArn: `arn:aws:iam::${accountId}:role/S3CorsAuditRole`, externalId: EXTERNAL_ID });
function deps(options: Parameters<typeof createScanDeps>[1] = {}): RealScanDeps {
  const created = createScanDeps(settings, options);
  opened.push(created);
  return created;
}
const scan = (extra: Partial<Parameters<typeof scanAccount>[2]> = {}, depsOptions: Parameters<typeof createScanDeps>[1] = {}, accountId = MEMBER) =>
  scanAccount(target(accountId), deps(depsOptions), { scanId: SCAN_ID, trigger: 'manual', ...scanLimitsFrom(settings), ...extra });
const statuses = (result: AccountScanResult) => Object.fromEntries(result.buckets.map((outcome) => [outcome.bucket, outcome.status]));
const unknownCodes = (result: AccountScanResult) => Object.fromEntries(result.buckets.flatMap((outcome) => (outcome.status === 'unknown' ? [[outcome.bucket, outcome.error.code]] : [])));

/** Coverage as the estate implies it, counted from the expectation (not from the scanner's answer). */
function expectedCoverage(expected: Array<Record<string, Expected>>, accounts: { total: number; failed: number }): ScanCoverage {
  const all = expected.flatMap((one) => Object.values(one));
  const count = (status: Expected) => all.filter((value) => value === status).length;
  return {
    accountsTotal: accounts.total,
    accountsScanned: accounts.total - accounts.failed,
    accountsFailed: accounts.failed,
    bucketsListed: all.length,
    bucketsEvaluated: count('evaluated'),
    bucketsWithoutCors: count('no-cors'),
    bucketsGone: count('gone'),
    bucketsUnknown: count('unknown'),
  };
}

/** Every bucket of the estate has exactly one outcome, the expected one. */
function expectOutcomes(result: AccountScanResult, expected: Record<string, Expected>): void {
  expect(result.buckets.map((outcome) => outcome.bucket).sort()).toEqual(Object.keys(expected).sort());
  expect(statuses(result)).toEqual(expected);
  expect(computeCoverage([result], 1)).toEqual(expectedCoverage([expected], { total: 1, failed: 0 }));
}

/** A report table of its own for one scenario, reached through the fault proxy. */
async function reportPorts(): Promise<ReportPorts & { drop(): Promise<void> }> {
  const tableName = uniqueResourceName('faults');
  const { drop } = await createTable(env, reportTableDefinition(tableName));
  return { table: createReportTable({ ...settings, REPORT_TABLE_NAME: tableName }, { backoffMs: () => 5 }), historyRetentionDays: 30, now: () => new Date('2026-11-23T02:10:00Z'), drop };
}

const ALERTS = { alertMinSeverity: 'medium' as const, alertOnResolved: false };

/**
 * Records results as the scan functions would (one of them twice: a redelivered message) and checks
 * the table: no duplicate finding ids, a state for every bucket that still exists, coverage as expected.
 */
async function recordAndCheck(results: AccountScanResult[], accountIds: string[], coverage: ScanCoverage, options: { redeliver?: AccountScanResult } = {}) {
  const ports = await reportPorts();
  try {
    await startReportScan(ports, { scanId: SCAN_ID, trigger: 'schedule', startedAt: '2026-11-23T02:00:00.000Z', accountIds });
    const failures: string[] = [];
    const record = async (result: AccountScanResult) => {
      // A recording that throws is redelivered by SQS: record it again, as the next delivery would.
      for (let delivery = 1; ; delivery += 1) {
        try {
          return (await recordAccountResult(ports, result, ALERTS)).scanComplete;
        } catch (error) {
          failures.push((error as Error).name);
          if (delivery >= 3) throw error;
        }
      }
    };
    const completions: boolean[] = [];
    for (const result of results) completions.push(await record(result));
    // Only the recording of the last pending account completes the scan.
    expect(completions).toEqual(results.map((_, index) => index === results.length - 1));
    const summary = await completeScan(ports, SCAN_ID);
    expect(summary.status).toBe('complete');
    expect(summary.coverage).toEqual(coverage);
    if (options.redeliver) {
      // Redelivered after completion: recorded again without a second completion or a changed summary.
      expect(await record(options.redeliver)).toBe(false);
      expect((await completeScan(ports, SCAN_ID)).coverage).toEqual(coverage);
    }
    const snapshot = await readReportSnapshot(ports, { scanId: SCAN_ID });
    const findingIds = snapshot.buckets.flatMap((bucket) => bucket.findings.map((finding) => finding.findingId));
    expect(new Set(findingIds).size).toBe(findingIds.length);
    const outcomes = results.flatMap((result) => result.buckets).filter((outcome) => outcome.status !== 'gone');
    const states = new Map(snapshot.buckets.map((state) => [`${state.accountId}/${state.bucket}`, state]));
    expect(snapshot.buckets).toHaveLength(states.size);
    for (const outcome of outcomes) {
      const state = states.get(`${outcome.accountId}/${outcome.bucket}`);
      expect(state?.status, `${outcome.bucket}`).toBe(outcome.status);
      if (outcome.status === 'unknown') expect(state?.error?.code).toBe(outcome.error.code);
      if (outcome.status === 'evaluated') expect(state?.findings.length).toBe(outcome.assessment.findings.length);
    }
    return { summary, snapshot, failures };
  } finally {
    await ports.drop();
  }
}

beforeAll(async () => {
  localAws = await startLocalAws();
  proxy = await startFaultProxy({ s3: localAws.env.AWS_ENDPOINT_URL_S3, sts: localAws.env.AWS_ENDPOINT_URL_STS, dynamodb: localAws.env.AWS_ENDPOINT_URL_DYNAMODB });
  env = { ...localAws.env, ...proxy.env };
  restoreEnv = applyEnv(env);
  for (const [id, name] of [[MEMBER, 'fault-member'], [DENIED, 'fault-denied'], [UNLISTABLE, 'fault-unlistable']] as const) localAws.accounts.add({ id, name, externalId: EXTERNAL_ID });
  // Seeded straight into the local S3 (not through the proxy): set-up is never a fault target.
  for (const name of BUCKETS) {
    const { region, cors } = ESTATE[name] ?? { region: 'us-east-1', cors: false };
    await createDemoBucket(localAws, MEMBER, { name, region, ...(cors ? { cors: ANY_GET } : {}), why: 'fault estate' });
  }
  await createDemoBucket(localAws, UNLISTABLE, { name: 'f-unlistable', region: 'us-east-1', why: 'listing refused' });
  settings = loadSettings({ ...env, AUDIT_EXTERNAL_ID: EXTERNAL_ID, MAX_ATTEMPTS: String(MAX_ATTEMPTS), CALL_TIMEOUT_MS: String(CALL_TIMEOUT_MS), CONCURRENCY_PER_ACCOUNT: '4', DEADLINE_SAFETY_MS: '1000' });
});

afterAll(async () => {
  for (const created of opened) created.close();
  restoreEnv?.();
  await proxy?.close();
  await localAws?.stop();
});

describe('scanner behind a faulty S3 and STS', () => {
  it('scores the whole estate when nothing fails (the baseline every fault is compared with)', async () => {
    proxy.reset();
    const result = await scan();
    expect(result.status).toBe('complete');
    expectOutcomes(result, clean());
    // One GetBucketCors per bucket: no retry happens without a fault.
    expect(proxy.count({ operation: 'GetBucketCors' })).toBe(BUCKETS.length);
  });

  it('retries SlowDown and 500 bursts to success, and records a bucket that stays throttled with its code and attempts', async () => {
    proxy.reset();
    proxy.script(
      { name: 'slowdown-burst', match: on.s3('GetBucketCors', 'f-cors-01'), times: MAX_ATTEMPTS - 1, action: faults.slowDown() },
      { name: 'internal-burst', match: on.s3('GetBucketCors', 'f-plain-01'), times: MAX_ATTEMPTS - 1, action: faults.internalError() },
      { name: 'exposure-500', match: on.s3('GetBucketAcl', 'f-cors-02'), times: 1, action: faults.internalError() },
      { name: 'slowdown-forever', match: on.s3('GetBucketCors', 'f-cors-03'), action: faults.slowDown() },
      { name: 'internal-forever', match: on.s3('GetBucketCors', 'f-plain-02'), action: faults.internalError() },
    );
    const result = await scan();
    expectOutcomes(result, { ...clean(), 'f-cors-03': 'unknown', 'f-plain-02': 'unknown' });
    expect(unknownCodes(result)).toEqual({ 'f-cors-03': 'SlowDown', 'f-plain-02': 'InternalError' });
    const throttled = result.buckets.find((outcome) => outcome.bucket === 'f-cors-03');
    expect(throttled?.status === 'unknown' && throttled.error.attempts).toBe(MAX_ATTEMPTS);
    expect(result.status).toBe('partial');
    for (const rule of ['slowdown-burst', 'internal-burst']) expect(proxy.count({ rule })).toBe(MAX_ATTEMPTS - 1);
    expect(proxy.count({ rule: 'slowdown-forever' })).toBe(MAX_ATTEMPTS);
    // The retried exposure call still yielded the ACL: nothing about the bucket became unknown.
    const retried = result.buckets.find((outcome) => outcome.bucket === 'f-cors-02');
    expect(retried?.status === 'evaluated' && retried.exposure.aclGrants).toEqual({ allUsers: [], authenticatedUsers: [] });
  });

  it('retries connection resets and timeouts, and records the buckets that never answer', async () => {
    proxy.reset();
    proxy.script(
      { name: 'reset-once', match: on.s3('GetBucketCors', 'f-cors-01'), times: 1, action: { kind: 'reset' } },
      { name: 'hang-once', match: on.s3('GetBucketCors', 'f-cors-02'), times: 1, action: { kind: 'hang', ms: HOLD_MS } },
      { name: 'reset-forever', match: on.s3('GetBucketCors', 'f-plain-01'), action: { kind: 'reset' } },
      { name: 'hang-forever', match: on.s3('GetBucketCors', 'f-cors-04'), action: { kind: 'hang', ms: HOLD_MS } },
    );
    const result = await scan();
    expectOutcomes(result, { ...clean(), 'f-plain-01': 'unknown', 'f-cors-04': 'unknown' });
    // The SDK's HTTP handler names a socket hang-up TimeoutError; the translation reads its ECONNRESET code instead.
    expect(unknownCodes(result)).toEqual({ 'f-plain-01': 'NetworkError', 'f-cors-04': 'Timeout' });
    const reset = result.buckets.find((outcome) => outcome.bucket === 'f-plain-01');
    expect(reset?.status === 'unknown' && reset.error.message).toMatch(/ECONNRESET/);
    expect(proxy.count({ rule: 'reset-once' })).toBe(1);
    expect(proxy.count({ rule: 'hang-once' })).toBe(1);
    expect(proxy.count({ rule: 'hang-forever' })).toBe(MAX_ATTEMPTS);
    // CALL_TIMEOUT_MS bounds every held call: the proxy never lets go of them (HOLD_MS outlasts the test), so
    // each one ended because the client dropped it, and the scan did not wait for the held sockets.
    await expect.poll(() => proxy.count({ rule: 'hang-once', droppedByClient: true })).toBe(1);
    await expect.poll(() => proxy.count({ rule: 'hang-forever', droppedByClient: true })).toBe(MAX_ATTEMPTS);
  });

  it('records AccessDenied buckets without retrying them and a bucket deleted between list and get as gone', async () => {
    proxy.reset();
    proxy.script(
      { name: 'denied', match: on.s3('GetBucketCors', 'f-cors-05'), action: faults.accessDenied() },
      { name: 'deleted', match: on.s3(undefined, 'f-plain-03'), action: faults.noSuchBucket('f-plain-03') },
      { name: 'deleted-after-cors', match: (request) => on.s3(undefined, 'f-cors-01')(request) && request.operation !== 'GetBucketCors', action: faults.noSuchBucket('f-cors-01') },
    );
    const result = await scan();
    expectOutcomes(result, { ...clean(), 'f-cors-05': 'unknown', 'f-plain-03': 'gone' });
    expect(unknownCodes(result)).toEqual({ 'f-cors-05': 'AccessDenied' });
    expect(proxy.count({ rule: 'denied' })).toBe(1);
    // Deleted after its CORS was read: still scored, with the exposure it could not read left unknown.
    const late = result.buckets.find((outcome) => outcome.bucket === 'f-cors-01');
    expect(late?.status === 'evaluated' && late.exposure.aclGrants).toBeUndefined();
  });

  it('records a refused AssumeRole and a refused ListBuckets as failed accounts, and counts them in coverage', async () => {
    proxy.reset();
    proxy.script(
      { name: 'assume-denied', match: (request) => on.sts('AssumeRole')(request) && request.body.toString('utf8').includes(DENIED), action: { kind: 'error', status: 403, code: 'AccessDenied', message: `User is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${DENIED}:role/S3CorsAuditRole` } },
      { name: 'list-denied', match: on.account(UNLISTABLE, on.s3('ListBuckets')), action: faults.accessDenied() },
    );
    const [member, denied, unlistable] = [await scan(), await scan({}, {}, DENIED), await scan({}, {}, UNLISTABLE)];
    expect(denied).toMatchObject({ status: 'failed', buckets: [], errors: [{ stage: 'assume-role', code: 'AccessDenied' }] });
    expect(unlistable).toMatchObject({ status: 'failed', buckets: [], errors: [{ stage: 'list-buckets', code: 'AccessDenied' }] });
    expect(proxy.count({ rule: 'list-denied' })).toBe(1);
    const coverage = expectedCoverage([clean()], { total: 3, failed: 2 });
    expect(computeCoverage([member, denied, unlistable], 3)).toEqual(coverage);
    await recordAndCheck([member, denied, unlistable], [MEMBER, DENIED, UNLISTABLE], coverage);
  });

  it('follows 301 PermanentRedirect and 400 AuthorizationHeaderMalformed region hints for buckets listed in a stale region', async () => {
    proxy.reset();
    const wrong = (bucket: string) => (request: FaultRequest) => on.s3(undefined, bucket)(request) && request.region !== 'eu-west-1' && request.operation !== 'GetBucketLocation';
    proxy.script(
      // The listing claims us-east-1 for both EU buckets (a stale region): every call goes to the wrong region first.
      { name: 'stale-listing', match: on.s3('ListBuckets'), action: { kind: 'rewrite', rewrite: (answer) => ({ ...answer, body: Buffer.from(answer.body.toString('utf8').replace(/(<Name>f-eu-(?:cors|malformed)<\/Name>(?:(?!<\/Bucket>).)*<BucketRegion>)eu-west-1/gs, '$1us-east-1')) }) } },
      { name: 'redirect', match: wrong('f-eu-cors'), action: faults.permanentRedirect('f-eu-cors', 'eu-west-1') },
      { name: 'malformed', match: wrong('f-eu-malformed'), action: faults.authorizationHeaderMalformed('us-east-1', 'eu-west-1') },
    );
    const result = await scan();
    expectOutcomes(result, clean());
    // Once told, the inventory remembers the region: one wrong-region answer per bucket, not one per call.
    expect(proxy.count({ rule: 'redirect' })).toBe(1);
    expect(proxy.count({ rule: 'malformed' })).toBe(1);
    expect(proxy.count({ bucket: 'f-eu-cors', operation: 'GetBucketCors' })).toBe(2);
    // The outcomes carry the region S3 redirected to, not the stale one the listing claimed.
    const regions = Object.fromEntries(result.buckets.map((outcome) => [outcome.bucket, outcome.region]));
    expect(regions).toEqual(Object.fromEntries(BUCKETS.map((name) => [name, ESTATE[name]?.region])));
  });
});

describe('credentials that expire mid-scan', () => {
  // Time here is a fake clock shared by the credential provider and the faults: each bucket "takes" a few
  // minutes (onBucket advances the clock, concurrency 1), so sessions expire mid-scan without any sleeping.
  /**
   * AssumeRole answers credentials that expire `lifetimeMs` after the clock's now. S3 refuses a key as
   * ExpiredToken when it has expired by the time the call lands, `transitMs` after it was signed.
   */
  function shortSessions(clock: FakeClock, lifetimeMs: number, transitMs: number) {
    const expiry = new Map<string, number>();
    proxy.script(
      {
        name: 'short-session',
        match: on.sts('AssumeRole'),
        action: {
          kind: 'rewrite',
          rewrite: (answer) => {
            const text = answer.body.toString('utf8');
            const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(text)?.[1] ?? '';
            const expiresAt = clock.now() + lifetimeMs;
            expiry.set(key, expiresAt);
            return { ...answer, body: Buffer.from(text.replace(/<Expiration>[^<]*<\/Expiration>/, `<Expiration>${new Date(expiresAt).toISOString()}</Expiration>`)) };
          },
        },
      },
      { name: 'expired-token', match: (request) => request.service === 's3' && (expiry.get(request.accessKeyId ?? '') ?? Infinity) <= clock.now() + transitMs, action: faults.expiredToken() },
    );
    return expiry;
  }

  it('refreshes before the short session expires, so S3 never sees an expired key', async () => {
    proxy.reset();
    const clock = fakeClock();
    // 10-minute sessions refreshed 2 minutes before expiry, calls landing 1 minute after signing, buckets at
    // minutes 0, 3, ... 27: new keys at 0, 9, 18 and 27. Without the margin, the bucket at minute 9 would be
    // signed with the first key, which has expired when the call lands at minute 10.
    const keys = shortSessions(clock, 10 * MINUTE, 1 * MINUTE);
    const result = await scan({ concurrencyPerAccount: 1, onBucket: () => clock.advance(3 * MINUTE) }, { mode: { kind: 'assume-role', clock: { now: clock.now, refreshMarginMs: 2 * MINUTE } } });
    expectOutcomes(result, clean());
    expect(keys.size).toBe(4);
    expect(proxy.count({ rule: 'expired-token' })).toBe(0);
  });

  it('recovers the calls that met a key S3 already refuses: drops it, assumes again and retries once', async () => {
    proxy.reset();
    const clock = fakeClock();
    // The provider trusts a key an hour past its stated expiry (clock skew, early revocation): only S3's
    // refusal can make it assume again. 10-minute sessions, buckets at minutes 0, 3, ... 27.
    const keys = shortSessions(clock, 10 * MINUTE, 0);
    const result = await scan({ concurrencyPerAccount: 1, onBucket: () => clock.advance(3 * MINUTE) }, { mode: { kind: 'assume-role', clock: { now: clock.now, refreshMarginMs: -60 * MINUTE } } });
    const refused = proxy.requests.filter((request) => request.rule === 'expired-token');
    expect(refused.length).toBeGreaterThan(0);
    expectOutcomes(result, clean());
    // One new session per refusal at most: the refused calls share the renewal.
    expect(keys.size).toBeGreaterThanOrEqual(2);
    expect(keys.size).toBeLessThanOrEqual(refused.length + 1);
  });

  it('records a bucket whose every key is refused as ExpiredToken after exactly one renewal, never as a pass', async () => {
    proxy.reset();
    proxy.script({ name: 'revoked', match: on.s3('GetBucketCors', 'f-cors-02'), action: faults.expiredToken() });
    const assumed = proxy.count({ operation: 'AssumeRole' });
    const result = await scan();
    expectOutcomes(result, { ...clean(), 'f-cors-02': 'unknown' });
    expect(unknownCodes(result)).toEqual({ 'f-cors-02': 'ExpiredToken' });
    expect(proxy.count({ rule: 'revoked' })).toBe(2);
    expect(proxy.count({ operation: 'AssumeRole' }) - assumed).toBe(2);
  });
});

describe('a Lambda deadline mid-account', () => {
  it('hands the rest to a continuation, which completes the account: every bucket once, recorded without duplicates', async () => {
    proxy.reset();
    // DynamoDB throttles while the results are recorded: whole-request errors and partial batches.
    proxy.script(
      { name: 'ddb-throttle', match: on.dynamodb('BatchWriteItem'), times: 2, action: faults.throughputExceeded() },
      { name: 'ddb-partial', match: on.dynamodb('BatchWriteItem'), times: 2, action: halfProcessedBatch() },
    );
    const sent: AccountMessage[] = [];
    const queue: ScanQueue = { send: async (messages) => (sent.push(...messages), { failed: [] }) };
    const ports = await reportPorts();
    const recorded: AccountScanResult[] = [];
    try {
      const orchestrate: OrchestrateDeps = {
        accounts: async () => [target()],
        scanner: accountScanner(deps(), scanLimitsFrom(settings)),
        report: {
          startScan: (input) => startReportScan(ports, input),
          recordAccountResult: (result) => (recorded.push(result), recordAccountResult(ports, result, ALERTS)),
          completeScan: (scanId) => completeScan(ports, scanId, ALERTS),
        },
        queue,
        mode: 'queue',
        log: silentLog,
        now: () => new Date('2026-11-23T02:00:00Z'),
      };
      await orchestrate.report.startScan({ scanId: SCAN_ID, trigger: 'schedule', startedAt: '2026-11-23T02:00:00.000Z', accountIds: [MEMBER] });
      let budget = 4;
      const message: AccountMessage = { version: 1, scanId: SCAN_ID, trigger: 'schedule', account: target() };
      const first = await processAccountMessage(orchestrate, message, { deadline: () => (budget-- > 0 ? 60_000 : 0) });
      expect(first.status).toBe('handed-off');
      expect(sent).toHaveLength(1);
      const continuation = sent[0];
      if (!continuation?.buckets) throw new Error('no continuation was queued');
      expect(continuation).toMatchObject({ scanId: SCAN_ID, continuationOf: 1 });
      const slice = recorded[0];
      if (!slice) throw new Error('the handed-off slice was not recorded');
      // The slice and the continuation partition the estate.
      expect([...slice.buckets.map((outcome) => outcome.bucket), ...continuation.buckets].sort()).toEqual(BUCKETS);
      // The deadline is read as each bucket starts: four budgets granted, four buckets scanned.
      expect(slice.buckets).toHaveLength(4);
      // The continuation is delivered twice (SQS at-least-once): the second changes nothing.
      const second = await processAccountMessage(orchestrate, continuation);
      expect(second).toMatchObject({ status: 'complete', scanComplete: true });
      const again = await processAccountMessage(orchestrate, continuation);
      expect(again.scanComplete).toBe(false);
      expect(computeCoverage(recorded, 1)).toEqual(expectedCoverage([clean()], { total: 1, failed: 0 }));
      const summary = await completeScan(ports, SCAN_ID);
      expect(summary.coverage).toEqual(expectedCoverage([clean()], { total: 1, failed: 0 }));
      const snapshot = await readReportSnapshot(ports, { scanId: SCAN_ID });
      expect(snapshot.buckets.map((state) => state.bucket).sort()).toEqual(BUCKETS);
      const findingIds = snapshot.buckets.flatMap((state) => state.findings.map((finding) => finding.findingId));
      expect(new Set(findingIds).size).toBe(findingIds.length);
      expect(findingIds.length).toBeGreaterThan(0);
      expect(proxy.count({ rule: 'ddb-throttle' })).toBe(2);
      expect(proxy.count({ rule: 'ddb-partial' })).toBe(2);
    } finally {
      await ports.drop();
    }
  });

  it('records a redelivered account result once, under DynamoDB throttling past the SDK retries, with exact coverage', async () => {
    proxy.reset();
    proxy.script({ name: 'slowdown-burst', match: on.s3('GetBucketCors'), times: 3, action: faults.slowDown() });
    const result = await scan();
    expectOutcomes(result, clean());
    proxy.reset();
    proxy.script(
      // MAX_ATTEMPTS throttles in a row exhaust one call's SDK retries: that recording throws and is redelivered.
      { name: 'ddb-throttle', match: on.dynamodb('BatchWriteItem'), times: MAX_ATTEMPTS, action: faults.throughputExceeded() },
      { name: 'ddb-partial', match: on.dynamodb('BatchWriteItem'), times: 3, action: halfProcessedBatch() },
    );
    const { summary, failures } = await recordAndCheck([result], [MEMBER], expectedCoverage([clean()], { total: 1, failed: 0 }), { redeliver: result });
    expect(failures).toEqual(['ProvisionedThroughputExceededException']);
    expect(summary.accountsPending).toEqual([]);
    expect(proxy.count({ rule: 'ddb-throttle' })).toBe(MAX_ATTEMPTS);
    expect(proxy.count({ rule: 'ddb-partial' })).toBe(3);
  });
});

/** BatchWriteItem where DynamoDB writes the first half and hands back the rest as UnprocessedItems. */
function halfProcessedBatch() {
  const split = (body: Buffer) => {
    const input = JSON.parse(body.toString('utf8')) as { RequestItems: Record<string, unknown[]> };
    const [table, requests = []] = Object.entries(input.RequestItems)[0] ?? ['', []];
    const half = Math.ceil(requests.length / 2);
    return { table, input, kept: requests.slice(0, half), left: requests.slice(half) };
  };
  return {
    kind: 'rewrite' as const,
    request: (body: Buffer) => {
      const { table, input, kept } = split(body);
      return Buffer.from(JSON.stringify({ ...input, RequestItems: { [table]: kept } }));
    },
    rewrite: (answer: { status: number; headers: Record<string, string>; body: Buffer }, request: FaultRequest) => {
      const { table, left } = split(request.body);
      const headers = { ...answer.headers };
      delete headers['x-amz-crc32'];
      return { ...answer, headers, body: Buffer.from(JSON.stringify({ UnprocessedItems: left.length > 0 ? { [table]: left } : {} })) };
    },
  };
}

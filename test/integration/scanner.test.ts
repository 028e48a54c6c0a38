// The scanner end to end over HTTP: real SDK clients from createScanDeps, against the local AWS (STS with
// trust policies and ExternalId, Organizations with paging, S3 with regions, redirects and exposure APIs).
import { PutPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanDeps, type RealScanDeps } from '../../lib/aws/scan-deps';
import type { CommandIo } from '../../lib/cli/io';
import { run as runScanCommand } from '../../lib/cli/scan';
import { loadSettings, type Settings } from '../../lib/config';
import { SUPPRESSION_TAG_KEY } from '../../lib/engine';
import { computeCoverage, resolveAccounts, scanAccount, scanLimitsFrom, scanSingleBucket } from '../../lib/scan';
import type { AccountTarget, BucketOutcome } from '../../lib/scan/types';
import { fakeClock } from '../support/fake-clock';
import { startLocalAws, type LocalAws } from '../support/local-aws';
import { createS3ControlClient } from '../support/emulators/s3-control-client';
import { createDemoBucket } from '../support/emulators/seed';
import { applyEnv } from '../support/process-env';

const MEMBER = '222222222222';
const DENIED = '333333333333';
const SUSPENDED = '444444444444';
const EXTERNAL_ID = 'it-external-id';
const BLOCK_ALL = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const publicRead = (bucket: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] });

let localAws: LocalAws;
/** The local STS issues and expires sessions on this clock; the refresh test shares it with the provider. */
const clock = fakeClock();
let restoreEnv: () => void;
let settings: Settings;
const opened: RealScanDeps[] = [];

function deps(options: Parameters<typeof createScanDeps>[1] = {}): RealScanDeps {
  const created = createScanDeps(settings, options);
  opened.push(created);
  return created;
}
const member = (extra: Partial<AccountTarget> = {}): AccountTarget => ({ accountId: MEMBER, roleArn: `arn:aws:iam::${MEMBER}:role/S3CorsAuditRole`, externalId: EXTERNAL_ID, ...extra });
const scanOptions = (extra: Partial<Parameters<typeof scanAccount>[2]> = {}) => ({ scanId: 'scan-2026-11-23T02-00-00Z-integrati', trigger: 'manual' as const, ...scanLimitsFrom(settings), ...extra });
const byName = (buckets: BucketOutcome[]) => Object.fromEntries(buckets.map((outcome) => [outcome.bucket, outcome]));

beforeAll(async () => {
  // A short session lifetime makes credential refresh happen inside one test (in the fake clock's time).
  localAws = await startLocalAws({ sessionLifetimeSeconds: 2, organizationsPageSize: 2, credentialClock: clock.date });
  restoreEnv = applyEnv(localAws.env);
  localAws.accounts.add({ id: MEMBER, name: 'it-member', externalId: EXTERNAL_ID });
  localAws.accounts.add({ id: DENIED, name: 'it-denied', denyAssumeRole: true });
  localAws.accounts.add({ id: SUSPENDED, name: 'it-suspended', status: 'SUSPENDED' });
  localAws.accounts.add({ id: '555555555555', name: 'it-other' });
  const buckets = [
    { name: 'it-open-assets', region: 'us-east-1', cors: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], policy: publicRead('it-open-assets'), website: { indexDocument: 'index.html' }, why: 'public' },
    { name: 'it-eu-uploads', region: 'eu-west-1', cors: [{ AllowedOrigins: ['https://*example.com'], AllowedMethods: ['PUT'] }], acl: 'public-read' as const, why: 'suffix bypass' },
    { name: 'it-apse2-accepted', region: 'ap-southeast-2', cors: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], publicAccessBlock: BLOCK_ALL, tags: { [SUPPRESSION_TAG_KEY]: 'S3CORS-ANY-ORIGIN-READ reason=public tiles' }, why: 'suppressed' },
    { name: 'it-plain', region: 'eu-west-1', why: 'no CORS' },
    { name: 'it-plain-2', region: 'us-east-1', why: 'no CORS' },
  ];
  for (const bucket of buckets) await createDemoBucket(localAws, MEMBER, bucket);
  const admin = localAws.accounts.adminCredentials(MEMBER);
  const control = createS3ControlClient({ region: 'us-east-1', endpoint: localAws.env.AWS_ENDPOINT_URL_S3_CONTROL, credentials: { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey } });
  await control.send(new PutPublicAccessBlockCommand({ AccountId: MEMBER, PublicAccessBlockConfiguration: { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false } }));
  control.destroy();
  settings = loadSettings({ ...localAws.env, ACCOUNTS_SOURCE: 'organizations', AUDIT_EXTERNAL_ID: EXTERNAL_ID, MAX_ATTEMPTS: '2', CALL_TIMEOUT_MS: '5000' });
});

afterAll(async () => {
  for (const created of opened) created.close();
  restoreEnv?.();
  await localAws?.stop();
});

describe('scanner against the local AWS', () => {
  it('resolves the ACTIVE accounts of the organisation across ListAccounts pages', async () => {
    const targets = await resolveAccounts({ ...settings, ORGANIZATION_EXCLUDE: [localAws.managementAccountId] }, { directory: deps().directory });
    expect(targets.map((target) => target.accountId)).toEqual([MEMBER, DENIED, '555555555555']);
    expect(targets[0]).toEqual({ accountId: MEMBER, name: 'it-member', roleArn: `arn:aws:iam::${MEMBER}:role/S3CorsAuditRole`, externalId: EXTERNAL_ID });
  });

  it('scans a member account: one outcome per bucket, exposure from the real APIs, tag suppression applied', async () => {
    const result = await scanAccount(member(), deps(), scanOptions());
    expect(result.status).toBe('complete');
    expect(result.errors).toEqual([]);
    const outcomes = byName(result.buckets);
    expect(Object.keys(outcomes).sort()).toEqual(['it-apse2-accepted', 'it-eu-uploads', 'it-open-assets', 'it-plain', 'it-plain-2']);
    expect(outcomes['it-plain']).toEqual({ accountId: MEMBER, bucket: 'it-plain', region: 'eu-west-1', status: 'no-cors' });

    const open = outcomes['it-open-assets'];
    if (open?.status !== 'evaluated') throw new Error('it-open-assets not evaluated');
    expect(open.region).toBe('us-east-1');
    expect(open.exposure).toEqual({
      bucketPublicAccessBlock: null,
      accountPublicAccessBlock: { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false },
      policyIsPublic: true,
      aclGrants: { allUsers: [], authenticatedUsers: [] },
      websiteHosting: true,
    });
    expect(open.assessment.findings.map((finding) => finding.ruleId)).toContain('S3CORS-ANY-ORIGIN-READ');

    const eu = outcomes['it-eu-uploads'];
    if (eu?.status !== 'evaluated') throw new Error('it-eu-uploads not evaluated');
    expect(eu.region).toBe('eu-west-1');
    expect(eu.exposure.aclGrants).toEqual({ allUsers: ['READ'], authenticatedUsers: [] });
    expect(eu.exposure.policyIsPublic).toBe(false);
    expect(eu.assessment.findings.map((finding) => finding.ruleId)).toContain('S3CORS-ORIGIN-SUFFIX-BYPASS');

    const accepted = outcomes['it-apse2-accepted'];
    if (accepted?.status !== 'evaluated') throw new Error('it-apse2-accepted not evaluated');
    expect(accepted.exposure.bucketPublicAccessBlock).toEqual(BLOCK_ALL);
    expect(accepted.assessment.suppressed.map((finding) => [finding.ruleId, finding.suppression?.source])).toContainEqual(['S3CORS-ANY-ORIGIN-READ', 'tag']);
    expect(accepted.assessment.findings.map((finding) => finding.ruleId)).not.toContain('S3CORS-ANY-ORIGIN-READ');
  });

  it('records a refused AssumeRole and a wrong ExternalId as failed accounts, without throwing', async () => {
    const shared = deps();
    const denied = await scanAccount({ accountId: DENIED, roleArn: `arn:aws:iam::${DENIED}:role/S3CorsAuditRole`, externalId: EXTERNAL_ID }, shared, scanOptions());
    const wrongId = await scanAccount(member({ externalId: 'not-the-id' }), shared, scanOptions());
    const missingRole = await scanAccount(member({ roleArn: `arn:aws:iam::${MEMBER}:role/NoSuchRole` }), shared, scanOptions());
    for (const result of [denied, wrongId, missingRole]) {
      expect(result).toMatchObject({ status: 'failed', buckets: [], errors: [{ stage: 'assume-role', code: 'AccessDenied' }] });
      expect(result.errors[0]?.message).toMatch(/^AssumeRole on arn:aws:iam::\d{12}:role\/\w+ was refused/);
    }
    const coverage = computeCoverage([denied, await scanAccount(member(), shared, scanOptions())], 2);
    expect(coverage).toMatchObject({ accountsTotal: 2, accountsScanned: 1, accountsFailed: 1, bucketsListed: 5, bucketsEvaluated: 3, bucketsWithoutCors: 2 });
  });

  it('keeps scanning after the assumed session expires: credentials refresh before each call needs them', async () => {
    const refusedBefore = localAws.expiredKeyRefusals();
    const started = clock.now();
    const result = await scanAccount(member(), deps({ mode: { kind: 'assume-role', clock: { now: clock.now, refreshMarginMs: 500 } } }), scanOptions({
      concurrencyPerAccount: 1,
      // Each bucket takes 700 ms of the shared fake clock: five buckets outlive the 2-second session.
      onBucket: () => clock.advance(700),
    }));
    expect(result.status).toBe('complete');
    expect(result.buckets.filter((outcome) => outcome.status === 'unknown')).toEqual([]);
    expect(clock.now() - started).toBeGreaterThan(2_000);
    // Refreshed by the provider before expiry: no call was refused and rescued by the ExpiredToken renewal.
    expect(localAws.expiredKeyRefusals() - refusedBefore).toBe(0);
  });

  it('rescans one bucket without knowing its region: S3 redirect hint, then the right region', async () => {
    const result = await scanSingleBucket(member(), 'it-apse2-accepted', undefined, deps(), scanOptions({ trigger: 'cors-change' }));
    expect(result).toMatchObject({ isSlice: true, status: 'complete', buckets: [{ bucket: 'it-apse2-accepted', status: 'evaluated' }] });
  });

  it('reports a deleted bucket as gone, in a slice and in a single-bucket rescan', async () => {
    await createDemoBucket(localAws, MEMBER, { name: 'it-short-lived', region: 'us-east-1', cors: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], why: 'deleted' });
    localAws.s3.buckets.delete('it-short-lived');
    const single = await scanSingleBucket(member(), 'it-short-lived', 'us-east-1', deps(), scanOptions());
    expect(single.buckets).toEqual([{ accountId: MEMBER, bucket: 'it-short-lived', region: 'us-east-1', status: 'gone' }]);
    const slice = await scanAccount(member(), deps(), scanOptions({ buckets: ['it-short-lived', 'it-plain'] }));
    expect(slice.buckets.map((outcome) => [outcome.bucket, outcome.status])).toEqual([['it-short-lived', 'gone'], ['it-plain', 'no-cors']]);
  });

  it('hands off the buckets a short deadline cannot cover', async () => {
    let budget = 2;
    const result = await scanAccount(member(), deps(), scanOptions({ concurrencyPerAccount: 1, deadline: () => (budget-- > 0 ? 120_000 : 0) }));
    expect(result.status).toBe('handed-off');
    expect(result.buckets).toHaveLength(2);
    expect(result.remainingBuckets).toHaveLength(3);
  });
});

describe('s3-cors-audit scan against the local AWS', () => {
  const capture = (files: Record<string, string> = {}) => {
    const out = { stdout: '', stderr: '' };
    const io: CommandIo = {
      stdout: (text) => void (out.stdout += text),
      stderr: (text) => void (out.stderr += text),
      readFile: async (path) => files[path] ?? Promise.reject(new Error(`no ${path}`)),
      writeFile: async () => undefined,
      isTty: false,
    };
    return { io, out };
  };

  it('scans the accounts of a file with the caller credentials and AssumeRole, as JSON', async () => {
    const { io, out } = capture({ 'accounts.json': JSON.stringify([{ accountId: MEMBER }, { accountId: DENIED }]) });
    expect(await runScanCommand(['--accounts', 'accounts.json', '--external-id', EXTERNAL_ID, '--format', 'json'], io)).toBe(0);
    const report = JSON.parse(out.stdout) as { coverage: Record<string, number>; results: Array<{ accountId: string; status: string }> };
    expect(report.results.map((result) => [result.accountId, result.status])).toEqual([[MEMBER, 'complete'], [DENIED, 'failed']]);
    expect(report.coverage).toMatchObject({ accountsScanned: 1, accountsFailed: 1, bucketsEvaluated: 3 });
    expect(out.stderr).toMatch(/\[2\/2\]/);
  });

  it('scans the caller own account (GetCallerIdentity, no AssumeRole) by default', async () => {
    const { io, out } = capture();
    expect(await runScanCommand([], io)).toBe(0);
    expect(out.stdout).toMatch(new RegExp(`^Account ${localAws.managementAccountId}: complete$`, 'm'));
  });
});

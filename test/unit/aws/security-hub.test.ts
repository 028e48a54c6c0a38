import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReportPorts } from '../../../lib/aws/report-ports';
import { SECURITY_HUB_MAX_BATCH_BYTES, securityHubSinkOver } from '../../../lib/aws/security-hub';
import { loadSettings } from '../../../lib/config';
import type { FindingRecord } from '../../../lib/report/model';
import { sdkError } from './sdk-errors';

const hub = mockClient(SecurityHubClient);
const sts = mockClient(STSClient);
const AUDITOR = '111111111111';
const MEMBER = '222222222222';

beforeEach(() => {
  sts.on(GetCallerIdentityCommand).resolves({ Account: AUDITOR, Arn: `arn:aws:sts::${AUDITOR}:assumed-role/scanner/x` });
});
afterEach(() => {
  hub.reset();
  sts.reset();
});

function record(index: number, overrides: Partial<FindingRecord> = {}): FindingRecord {
  return {
    findingId: `f-${index}`, scanId: 'scan-1', accountId: MEMBER, bucket: `bucket-${index}`, region: 'eu-west-1', ruleId: 'S3CORS-ANY-ORIGIN-WRITE',
    title: 'Any website can write', severity: 'high', baseSeverity: 'high', message: 'Rule 1 lets any origin PUT.', ruleIndex: 0, evidence: {},
    change: 'new', firstSeenAt: '2026-11-23T02:00:00.000Z', lastSeenAt: '2026-11-23T02:00:00.000Z', ...overrides,
  };
}
const records = (count: number, overrides: Partial<FindingRecord> = {}) => Array.from({ length: count }, (_, index) => record(index, overrides));
const sink = (onFailure?: (failure: { code: string; count: number }) => void) =>
  securityHubSinkOver({ securityHub: new SecurityHubClient({ region: 'eu-west-1' }), sts: new STSClient({ region: 'eu-west-1' }), region: 'eu-west-1' }, { retry: { sleep: async () => undefined }, ...(onFailure ? { onFailure } : {}) });
const acceptAll = (input: { Findings: AwsSecurityFinding[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0, FailedFindings: [] });
const sentBatches = () => hub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input.Findings ?? []);

describe('Security Hub finding sink (BatchImportFindings)', () => {
  it('imports at most 100 findings per call, mapped to ASFF under the importing account', async () => {
    hub.on(BatchImportFindingsCommand).callsFake(acceptAll);
    expect(await sink().import(records(250))).toEqual({ imported: 250, failed: 0 });
    expect(sentBatches().map((batch) => batch.length)).toEqual([100, 100, 50]);
    const first = sentBatches()[0]?.[0];
    expect(first).toMatchObject({
      Id: 'f-0',
      SchemaVersion: '2018-10-08',
      // The default product accepts findings only from the account its AwsAccountId names.
      ProductArn: `arn:aws:securityhub:eu-west-1:${AUDITOR}:product/${AUDITOR}/default`,
      AwsAccountId: AUDITOR,
      Severity: { Label: 'HIGH' },
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::bucket-0', Details: { AwsS3Bucket: { OwnerAccountId: MEMBER } } }],
      RecordState: 'ACTIVE',
    });
    expect(sts.commandCalls(GetCallerIdentityCommand)).toHaveLength(1);
  });

  it('keeps every call under the 6 MB request limit and fails a finding over 240 KB without sending it', async () => {
    hub.on(BatchImportFindingsCommand).callsFake(acceptAll);
    // ~100 KB of evidence per finding: 100 of them would be ~10 MB in one call.
    const big = records(100, { evidence: Object.fromEntries(Array.from({ length: 49 }, (_, index) => [`k${index}`, 'x'.repeat(2_000)])) });
    // ASFF bounds ProductFields in characters; 3-byte characters still take one finding past 240 KB.
    const oversized = record(999, { evidence: Object.fromEntries(Array.from({ length: 49 }, (_, index) => [`k${index}`, '\u20ac'.repeat(2_048)])) });
    const seen: Array<{ code: string; count: number }> = [];
    const result = await sink((failure) => seen.push(failure)).import([...big, oversized]);
    expect(result).toEqual({ imported: 100, failed: 1 });
    expect(seen).toEqual([{ code: 'FindingTooLarge', count: 1 }]);
    expect(sentBatches().flat().map((finding) => finding.Id)).not.toContain('f-999');
    const sizes = sentBatches().map((batch) => Buffer.byteLength(JSON.stringify({ Findings: batch })));
    expect(sizes.length).toBeGreaterThan(1);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(Math.max(...sizes)).toBeGreaterThan(SECURITY_HUB_MAX_BATCH_BYTES / 2);
  });

  it('retries findings Security Hub failed transiently and counts the rest as failed, never throwing', async () => {
    let round = 0;
    hub.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => {
      round += 1;
      const failures = input.Findings.flatMap((finding) => {
        if (finding.Id === 'f-1' && round === 1) return [{ Id: finding.Id, ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }];
        if (finding.Id === 'f-2') return [{ Id: finding.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }];
        return [];
      });
      return { SuccessCount: input.Findings.length - failures.length, FailedCount: failures.length, FailedFindings: failures };
    });
    const seen: Array<{ code: string; count: number }> = [];
    expect(await sink((failure) => seen.push(failure)).import(records(4))).toEqual({ imported: 3, failed: 1 });
    expect(sentBatches().map((batch) => batch.map((finding) => finding.Id))).toEqual([['f-0', 'f-1', 'f-2', 'f-3'], ['f-1']]);
    expect(seen).toEqual([{ code: 'InvalidInput', count: 1 }]);
  });

  it('resends a batch throttled past the SDK retries, and counts it failed when throttling persists', async () => {
    hub.on(BatchImportFindingsCommand).rejectsOnce(sdkError('ThrottlingException', 429, { attempts: 5 })).callsFake(acceptAll);
    expect(await sink().import(records(3))).toEqual({ imported: 3, failed: 0 });
    hub.reset();
    hub.on(BatchImportFindingsCommand).rejects(sdkError('TooManyRequestsException', 429, { attempts: 5 }));
    const seen: Array<{ code: string; count: number }> = [];
    expect(await sink((failure) => seen.push(failure)).import(records(3))).toEqual({ imported: 0, failed: 3 });
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(4);
    expect(seen).toEqual([{ code: 'TooManyRequestsException', count: 3 }]);
  });

  it('does not resend what cannot succeed (Security Hub not enabled), and fails everything when the importer is unknown', async () => {
    hub.on(BatchImportFindingsCommand).rejects(sdkError('InvalidAccessException', 401, { message: 'Account is not subscribed to AWS Security Hub' }));
    expect(await sink().import(records(150))).toEqual({ imported: 0, failed: 150 });
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
    hub.reset();
    sts.reset();
    sts.on(GetCallerIdentityCommand).rejects(sdkError('ExpiredToken', 400));
    const seen: Array<{ code: string; count: number }> = [];
    expect(await sink((failure) => seen.push(failure)).import(records(2))).toEqual({ imported: 0, failed: 2 });
    expect(hub.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
    expect(seen).toEqual([{ code: 'GetCallerIdentity:ExpiredToken', count: 2 }]);
  });

  it('sends nothing for no findings, and each finding id once', async () => {
    hub.on(BatchImportFindingsCommand).callsFake(acceptAll);
    expect(await sink().import([])).toEqual({ imported: 0, failed: 0 });
    expect(hub.calls()).toHaveLength(0);
    expect(await sink().import([record(1), record(1, { change: 'worsened' })])).toEqual({ imported: 1, failed: 0 });
    expect(sentBatches()[0]?.map((finding) => finding.ProductFields?.['s3-cors-audit/Change'])).toEqual(['worsened']);
  });

  it('neutralises hostile bucket names and messages before they reach Security Hub', async () => {
    hub.on(BatchImportFindingsCommand).callsFake(acceptAll);
    await sink().import([record(1, { title: `evil\u001b[31m ${'t'.repeat(1_000)}`, message: `\u202e${'m'.repeat(5_000)}` })]);
    const sent = sentBatches()[0]?.[0];
    expect(sent?.Title?.length).toBeLessThanOrEqual(256);
    expect(sent?.Description?.length).toBeLessThanOrEqual(1024);
    const text = `${sent?.Title}${sent?.Description}`;
    expect(text.includes('\u001b') || text.includes('\u202e')).toBe(false);
  });
});

describe('createReportPorts', () => {
  it('adds the Security Hub sink only when SECURITY_HUB_ENABLED', () => {
    const base = { AWS_REGION: 'eu-west-1', REPORT_TABLE_NAME: 'reports' };
    expect(createReportPorts(loadSettings(base)).findingSink).toBeUndefined();
    expect(createReportPorts(loadSettings({ ...base, SECURITY_HUB_ENABLED: 'true' })).findingSink).toBeDefined();
  });
});

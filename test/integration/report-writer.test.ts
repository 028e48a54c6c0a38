// The report writer against the local DynamoDB and SNS (real SDK clients over HTTP): two consecutive
// scans of one estate with changes in between (new, worsened, improved, suppressed, resolved, gone),
// a redelivered account result (no duplicates, same counts), batching past 25/100 items per call,
// hostile strings, the ledger completing exactly once, and the alerts and digest SNS received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFindingPublisher } from '../../lib/aws/finding-publisher';
import { createReportTable, reportTableDefinition } from '../../lib/aws/report-table';
import { loadSettings } from '../../lib/config';
import { completeScan, readReportSnapshot, recordAccountResult, startScan, type ReportPorts } from '../../lib/report';
import { findingFromItem } from '../../lib/report/items';
import type { AlertMessage, FindingRecord } from '../../lib/report/model';
import { GSI2, INDEX, KEY } from '../../lib/report/table-keys';
import type { BucketOutcome } from '../../lib/scan/types';
import { createTable, createTopicWithQueue, drainQueue } from '../support/local-aws-resources';
import { ANY_ORIGIN_WRITE, PUBLIC_READ, SAFE_UPLOAD, accountResult, evaluated } from '../support/scan-results';
import { uniqueResourceName, useLocalAws } from '../support/use-local-aws';

const env = useLocalAws();
const ACCOUNT = '111111111111';
const DENIED = '222222222222';
const SCAN_1 = 'scan-2026-11-22T02-00-00Z-aaaaaaaaaa';
const SCAN_2 = 'scan-2026-11-23T02-00-00Z-bbbbbbbbbb';
const HOSTILE_ORIGIN = `https://<script>alert(1)</script><!channel><https://evil.example|click>.example.com${'x'.repeat(10_000)}`;
const FILLERS = 130; // > 100 keys per BatchGetItem, > 25 writes per BatchWriteItem
const alertOptions = { alertMinSeverity: 'medium' as const, alertOnResolved: true };

let ports: ReportPorts;
let alerts: { topicArn: string; queueUrl: string };
let dropTable: () => Promise<void>;

const fillers = (scanDate: Date) => Array.from({ length: FILLERS }, (_, index) => evaluated(ACCOUNT, `filler-${String(index).padStart(3, '0')}`, PUBLIC_READ, { now: scanDate }));

function firstScanBuckets(): BucketOutcome[] {
  const now = new Date('2026-11-22T02:00:00Z');
  return [
    evaluated(ACCOUNT, 'assets', PUBLIC_READ, { now }),
    evaluated(ACCOUNT, 'uploads', SAFE_UPLOAD, { now }),
    evaluated(ACCOUNT, 'wide-open', ANY_ORIGIN_WRITE, { now }),
    evaluated(ACCOUNT, 'legacy-http', [{ AllowedOrigins: ['http://legacy.example.com'], AllowedMethods: ['GET'] }], { now }),
    evaluated(ACCOUNT, 'doomed', ANY_ORIGIN_WRITE, { now }),
    evaluated(ACCOUNT, 'hostile', [{ AllowedOrigins: [HOSTILE_ORIGIN, '*'], AllowedMethods: ['GET', 'PUT'] }], { now }),
    { accountId: ACCOUNT, bucket: 'no-cors-bucket', region: 'eu-west-1', status: 'no-cors' },
    ...fillers(now),
  ];
}

function secondScanBuckets(): BucketOutcome[] {
  const now = new Date('2026-11-23T02:00:00Z');
  return [
    evaluated(ACCOUNT, 'assets', PUBLIC_READ, { now }),
    // Someone pasted the tutorial configuration: new findings.
    evaluated(ACCOUNT, 'uploads', ANY_ORIGIN_WRITE, { now }),
    // The bucket became publicly writable: the same write finding is now critical.
    evaluated(ACCOUNT, 'wide-open', ANY_ORIGIN_WRITE, { now, exposure: { aclGrants: { allUsers: ['WRITE'], authenticatedUsers: [] }, bucketPublicAccessBlock: null, accountPublicAccessBlock: null } }),
    // Accepted by the owners until next year.
    evaluated(ACCOUNT, 'legacy-http', [{ AllowedOrigins: ['http://legacy.example.com'], AllowedMethods: ['GET'] }], {
      now,
      suppressions: [{ ruleId: 'S3CORS-ORIGIN-CLEARTEXT', bucket: 'legacy-http', reason: 'partner has no TLS until Q1', expiresAt: '2027-03-01', source: 'config' }],
    }),
    evaluated(ACCOUNT, 'hostile', [{ AllowedOrigins: [HOSTILE_ORIGIN, '*'], AllowedMethods: ['GET', 'PUT'] }], { now }),
    // 'doomed' was deleted: no longer listed. 'no-cors-bucket' is unreadable this time.
    { accountId: ACCOUNT, bucket: 'no-cors-bucket', region: 'eu-west-1', status: 'unknown', error: { code: 'SlowDown', message: 'Please reduce your request rate.' } },
    ...fillers(now),
  ];
}

async function runScan(scanId: string, startedAt: string, buckets: BucketOutcome[]) {
  await startScan(ports, { scanId, trigger: 'schedule', startedAt, accountIds: [ACCOUNT, DENIED] });
  const denied = accountResult(scanId, DENIED, [], { status: 'failed', errors: [{ accountId: DENIED, stage: 'assume-role', code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' }] });
  const first = await recordAccountResult(ports, denied, alertOptions);
  const times = { startedAt, finishedAt: new Date(Date.parse(startedAt) + 5_000).toISOString() };
  const second = await recordAccountResult(ports, accountResult(scanId, ACCOUNT, buckets, times), alertOptions);
  return { first, second, summary: await completeScan(ports, scanId, alertOptions) };
}

async function scanFindings(scanId: string): Promise<FindingRecord[]> {
  const findings: FindingRecord[] = [];
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await ports.table.query({ partition: KEY.scan(scanId), sortPrefix: KEY.scanFindingPrefix, ...(cursor ? { cursor } : {}) });
    findings.push(...page.items.map(findingFromItem));
    cursor = page.cursor;
  }
  return findings;
}

async function receivedAlerts(): Promise<Array<{ alert: AlertMessage; attributes: Record<string, string> }>> {
  const messages = await drainQueue(env, alerts.queueUrl);
  return messages.map((message) => {
    const envelope = JSON.parse(message.Body ?? '{}') as { Message: string; MessageAttributes?: Record<string, { Value: string }> };
    return { alert: JSON.parse(envelope.Message) as AlertMessage, attributes: Object.fromEntries(Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [name, value.Value])) };
  });
}

const byBucket = (findings: readonly FindingRecord[], bucket: string) => findings.filter((finding) => finding.bucket === bucket);

beforeAll(async () => {
  const tableName = uniqueResourceName('report-writer');
  ({ drop: dropTable } = await createTable(env, reportTableDefinition(tableName)));
  alerts = await createTopicWithQueue(env, uniqueResourceName('report-alerts'));
  const settings = loadSettings({ ...env, REPORT_TABLE_NAME: tableName });
  let clock = new Date('2026-11-22T02:00:10Z');
  ports = { table: createReportTable(settings), alerts: createFindingPublisher(settings, alerts.topicArn), historyRetentionDays: 30, now: () => clock };
  const scan1 = await runScan(SCAN_1, '2026-11-22T02:00:00.000Z', firstScanBuckets());
  expect(scan1.summary.status).toBe('complete');
  firstScan = { summary: scan1.summary, findings: await scanFindings(SCAN_1), alerts: await receivedAlerts() };
  clock = new Date('2026-11-23T02:00:10Z');
  const scan2 = await runScan(SCAN_2, '2026-11-23T02:00:00.000Z', secondScanBuckets());
  secondScan = { ...scan2, findings: await scanFindings(SCAN_2), alerts: await receivedAlerts() };
}, 120_000);

afterAll(async () => {
  await dropTable?.();
});

let firstScan: { summary: Awaited<ReturnType<typeof completeScan>>; findings: FindingRecord[]; alerts: Awaited<ReturnType<typeof receivedAlerts>> };
let secondScan: Awaited<ReturnType<typeof runScan>> & { findings: FindingRecord[]; alerts: Awaited<ReturnType<typeof receivedAlerts>> };

describe('first scan', () => {
  it('records every finding as new and covers exactly what was read', () => {
    expect(firstScan.findings.length).toBeGreaterThan(FILLERS);
    expect(firstScan.findings.every((finding) => finding.change === 'new')).toBe(true);
    expect(firstScan.summary.coverage).toEqual({
      accountsTotal: 2, accountsScanned: 1, accountsFailed: 1,
      bucketsListed: FILLERS + 7, bucketsEvaluated: FILLERS + 6, bucketsWithoutCors: 1, bucketsGone: 0, bucketsUnknown: 0,
    });
    expect(firstScan.summary.changes.new).toBe(firstScan.findings.length);
    expect(firstScan.summary.accountErrors).toEqual([expect.objectContaining({ accountId: DENIED, stage: 'assume-role', code: 'AccessDenied' })]);
  });

  it('alerts each new finding at or above the threshold once, with filterable attributes, then one digest', () => {
    const findingAlerts = firstScan.alerts.filter(({ alert }) => alert.type === 'finding');
    const expected = firstScan.findings.filter((finding) => ['medium', 'high', 'critical'].includes(finding.severity));
    expect(findingAlerts).toHaveLength(expected.length);
    for (const { alert, attributes } of findingAlerts) {
      if (alert.type !== 'finding') continue;
      expect(attributes).toEqual({ type: 'finding', severity: alert.finding.severity, accountId: ACCOUNT, ruleId: alert.finding.ruleId, change: 'new' });
    }
    const digests = firstScan.alerts.filter(({ alert }) => alert.type === 'digest');
    expect(digests).toHaveLength(1);
    expect(digests[0]?.attributes).toEqual({ type: 'digest', trigger: 'schedule' });
  });
});

describe('second scan, after changes', () => {
  it('classifies each change against the previous scan', () => {
    const { findings } = secondScan;
    expect(byBucket(findings, 'assets').map((finding) => finding.change)).toEqual(byBucket(firstScan.findings, 'assets').map(() => 'unchanged'));
    const uploads = byBucket(findings, 'uploads');
    expect(uploads.some((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-WRITE' && finding.change === 'new')).toBe(true);
    const worsened = byBucket(findings, 'wide-open').find((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-WRITE');
    expect(worsened).toMatchObject({ change: 'worsened', severity: 'critical', baseSeverity: 'high', firstSeenAt: '2026-11-22T02:00:05.000Z' });
    expect(byBucket(findings, 'legacy-http').find((finding) => finding.ruleId === 'S3CORS-ORIGIN-CLEARTEXT')).toMatchObject({ change: 'suppressed', suppression: { reason: 'partner has no TLS until Q1' } });
  });

  it('resolves the findings of a deleted bucket and removes its latest state', async () => {
    const doomed = byBucket(firstScan.findings, 'doomed');
    expect(doomed.length).toBeGreaterThan(0);
    expect(secondScan.summary.coverage.bucketsGone).toBe(1);
    expect(secondScan.summary.changes.resolved).toBeGreaterThanOrEqual(doomed.length);
    const resolvedIds = new Set(byBucket(secondScan.findings, 'doomed').filter((finding) => finding.change === 'resolved').map((finding) => finding.findingId));
    expect(resolvedIds).toEqual(new Set(doomed.map((finding) => finding.findingId)));
    expect(await ports.table.get({ pk: KEY.account(ACCOUNT), sk: KEY.bucket('doomed') })).toBeUndefined();
    const latest = await ports.table.query({ partition: KEY.account(ACCOUNT), sortPrefix: KEY.latestFinding('doomed', '') });
    expect(latest.items).toEqual([]);
  });

  it('keeps an unreadable bucket as unknown, with its reason, without resolving anything', async () => {
    const state = await ports.table.get({ pk: KEY.account(ACCOUNT), sk: KEY.bucket('no-cors-bucket') });
    expect(state).toMatchObject({ status: 'unknown', error: { code: 'SlowDown' }, lastScanId: SCAN_2 });
    expect(secondScan.summary.bucketErrors).toContainEqual(expect.objectContaining({ bucket: 'no-cors-bucket', code: 'SlowDown' }));
    expect(secondScan.summary.coverage.bucketsUnknown).toBe(1);
  });

  it('alerts only what got worse (and the resolutions, as configured), never the unchanged estate', () => {
    const changes = secondScan.alerts.flatMap(({ alert }) => (alert.type === 'finding' ? [alert.finding.change] : []));
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes)).toEqual(new Set(['new', 'worsened', 'resolved']));
    expect(secondScan.alerts.filter(({ alert }) => alert.type === 'digest')).toHaveLength(1);
  });

  it('puts the worst bucket first in the estate listing', async () => {
    const page = await ports.table.query({ index: INDEX.gsi2, partition: GSI2.buckets, limit: 3 });
    expect(page.items[0]).toMatchObject({ kind: 'bucket-state' });
    const snapshot = await readReportSnapshot(ports);
    const scores = snapshot.buckets.filter((bucket) => bucket.score !== undefined).map((bucket) => bucket.score ?? 0);
    expect(page.items[0]?.score).toBe(Math.min(...scores));
    expect(snapshot.latestScan.scanId).toBe(SCAN_2);
    expect(snapshot.history.map((scan) => scan.scanId)).toEqual([SCAN_1, SCAN_2]);
  });
});

describe('idempotency and limits', () => {
  it('a redelivered account result changes nothing and does not complete the scan again', async () => {
    const before = await scanFindings(SCAN_2);
    const again = await recordAccountResult(ports, accountResult(SCAN_2, ACCOUNT, secondScanBuckets(), { startedAt: '2026-11-23T02:00:00.000Z', finishedAt: '2026-11-23T02:00:05.000Z' }), alertOptions);
    expect(again).toMatchObject({ scanComplete: false, recorded: 0, alreadyRecorded: secondScanBuckets().length });
    const after = await scanFindings(SCAN_2);
    expect(after).toEqual(before);
    expect(new Set(after.map((finding) => finding.findingId)).size).toBe(after.length);
    expect(await completeScan(ports, SCAN_2, alertOptions)).toEqual(secondScan.summary);
    expect(await receivedAlerts()).toEqual([]);
  });

  it('stores hostile origins bounded, marked, and byte-for-byte otherwise', () => {
    const hostile = byBucket(secondScan.findings, 'hostile');
    expect(hostile.length).toBeGreaterThan(0);
    for (const finding of hostile) {
      expect(Buffer.byteLength(JSON.stringify(finding))).toBeLessThan(16_000);
      for (const value of Object.values(finding.evidence)) if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(1_000);
    }
    expect(hostile.some((finding) => JSON.stringify(finding.evidence).includes('<script>alert(1)</script><!channel>'))).toBe(true);
  });
});

// Every compliance query against the local DynamoDB (real SDK client over HTTP), after two scans of a
// small estate recorded by the real writer: findings by account, severity, rule, bucket, change and
// scan with pagination; latest scan; trend; diff (an account unreadable in the second scan is "not
// compared", never "fixed"); bucket listings. Then the same answers through the query-report Lambda
// handler (status codes, CSV, errors) and the `report` CLI.
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHandler } from '../../functions/query-report';
import { createReportTable, reportTableDefinition } from '../../lib/aws/report-table';
import { run as runReportCommand } from '../../lib/cli/report';
import { CliUsageError, type CommandIo } from '../../lib/cli/io';
import { loadSettings } from '../../lib/config';
import { SEVERITIES } from '../../lib/engine/types';
import { completeScan, recordAccountResult, startScan, type ReportPorts } from '../../lib/report';
import { CSV_HEADERS } from '../../lib/report/csv';
import type { FindingRecord } from '../../lib/report/model';
import type { ReportTable, TableQuery } from '../../lib/report/ports';
import { diffScans, fleetView, getBucket, latestScan, listBuckets, listFindings, scanTrend, type BucketRow, type FindingsQuery, type Page } from '../../lib/report/queries';
import type { BucketOutcome } from '../../lib/scan/types';
import { createTable } from '../support/local-aws-resources';
import { ANY_ORIGIN_WRITE, PUBLIC_READ, SAFE_UPLOAD, accountResult, evaluated } from '../support/scan-results';
import { uniqueResourceName, useLocalAws } from '../support/use-local-aws';

const env = useLocalAws();
const PROD = '111111111111';
const DATA = '333333333333';
const SCAN_1 = 'scan-2026-11-21T02-00-00Z-aaaaaaaaaa';
const SCAN_2 = 'scan-2026-11-22T02-00-00Z-bbbbbbbbbb';
const HOSTILE = 'https://=HYPERLINK("http://evil")<script>x</script>.example.com';
const alerting = { alertMinSeverity: 'medium' as const, alertOnResolved: false };

let ports: ReportPorts;
let table: ReportTable;
let dropTable: () => Promise<void>;

function prodBuckets(now: Date, second: boolean): BucketOutcome[] {
  return [
    evaluated(PROD, 'assets', PUBLIC_READ, { now }),
    evaluated(PROD, 'uploads', second ? ANY_ORIGIN_WRITE : SAFE_UPLOAD, { now }),
    evaluated(PROD, 'legacy-http', [{ AllowedOrigins: ['http://legacy.example.com'], AllowedMethods: ['GET'] }], {
      now,
      ...(second ? { suppressions: [{ ruleId: 'S3CORS-ORIGIN-CLEARTEXT', bucket: 'legacy-http', reason: 'partner has no TLS until Q1', expiresAt: '2027-03-01', source: 'config' as const }] } : {}),
    }),
    evaluated(PROD, 'hostile', [{ AllowedOrigins: [HOSTILE, '*'], AllowedMethods: ['GET', 'PUT'] }], { now }),
    ...(second ? [] : [evaluated(PROD, 'doomed', ANY_ORIGIN_WRITE, { now })]),
    ...Array.from({ length: 12 }, (_, index) => evaluated(PROD, `site-${String(index).padStart(2, '0')}`, PUBLIC_READ, { now })),
    // A family of three where one member lost the configuration the other two share.
    evaluated(PROD, 'cdn-01', PUBLIC_READ, { now }),
    evaluated(PROD, 'cdn-02', PUBLIC_READ, { now }),
    { accountId: PROD, bucket: 'cdn-03', region: 'eu-west-1', status: 'no-cors' },
  ];
}

async function recordScan(scanId: string, startedAt: string, dataReadable: boolean) {
  const now = new Date(startedAt);
  await startScan(ports, { scanId, trigger: 'schedule', startedAt, accountIds: [PROD, DATA] });
  const times = { startedAt, finishedAt: new Date(now.getTime() + 5_000).toISOString() };
  await recordAccountResult(ports, accountResult(scanId, PROD, prodBuckets(now, scanId === SCAN_2), times), alerting);
  const data = dataReadable
    ? accountResult(scanId, DATA, [evaluated(DATA, 'lake-exports', ANY_ORIGIN_WRITE, { now }), { accountId: DATA, bucket: 'lake-raw', region: 'eu-west-1', status: 'no-cors' }], times)
    : accountResult(scanId, DATA, [], { ...times, status: 'failed', errors: [{ accountId: DATA, stage: 'assume-role', code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' }] });
  await recordAccountResult(ports, data, alerting);
  return completeScan(ports, scanId, alerting);
}

/** Follows cursors to the end, so tests compare whole answers whatever the page size. */
async function everyPage<T>(read: (cursor?: string) => Promise<Page<T>>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.cursor;
    pages += 1;
  } while (cursor !== undefined && pages < 200);
  return { items, pages };
}

const findings = (query: Partial<FindingsQuery>, from: ReportTable = table) => everyPage((cursor) => listFindings(from, { status: 'open', limit: 100, ...query, ...(cursor !== undefined ? { cursor } : {}) }));
const ids = (records: readonly FindingRecord[]) => records.map((record) => `${record.accountId}/${record.bucket}/${record.ruleId}`);
/** The order every findings answer promises: most severe first, then account, then bucket. */
const triageKey = (record: FindingRecord) => `${SEVERITIES.length - 1 - SEVERITIES.indexOf(record.severity)}#${record.accountId}#${record.bucket}`;

/** The table, with every Query it is asked written down. */
function recordingQueries(): { table: ReportTable; queries: TableQuery[] } {
  const queries: TableQuery[] = [];
  return { queries, table: { ...table, query: async (query) => (queries.push(query), table.query(query)) } };
}

beforeAll(async () => {
  const tableName = uniqueResourceName('report-queries');
  ({ drop: dropTable } = await createTable(env, reportTableDefinition(tableName)));
  const settings = loadSettings({ ...env, REPORT_TABLE_NAME: tableName });
  table = createReportTable(settings);
  let clock = new Date('2026-11-21T02:00:10Z');
  ports = { table, historyRetentionDays: 30, now: () => clock };
  await recordScan(SCAN_1, '2026-11-21T02:00:00.000Z', true);
  clock = new Date('2026-11-22T02:00:10Z');
  await recordScan(SCAN_2, '2026-11-22T02:00:00.000Z', false);
}, 120_000);

afterAll(async () => {
  await dropTable?.();
});

describe('findings', () => {
  it('by account: the latest open findings of that account only, suppressed ones apart', async () => {
    const prod = (await findings({ accountId: PROD })).items;
    expect(prod.length).toBeGreaterThan(12);
    expect(new Set(prod.map((finding) => finding.accountId))).toEqual(new Set([PROD]));
    expect(prod.some((finding) => finding.bucket === 'doomed')).toBe(false);
    expect(prod.some((finding) => finding.suppression !== undefined)).toBe(false);
    const suppressed = (await findings({ accountId: PROD, status: 'suppressed' })).items;
    expect(suppressed.map((finding) => [finding.bucket, finding.ruleId, finding.suppression?.reason])).toEqual([['legacy-http', 'S3CORS-ORIGIN-CLEARTEXT', 'partner has no TLS until Q1']]);
  });

  it('estate-wide at least a severity: most severe first, the same set whatever the page size', async () => {
    const all = (await findings({ minSeverity: 'low' })).items;
    expect(all.length).toBeGreaterThan(5);
    const ranks = all.map((finding) => SEVERITIES.indexOf(finding.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(all.every((finding) => finding.severity !== 'info')).toBe(true);
    const paged = await findings({ minSeverity: 'low', limit: 3 });
    expect(paged.pages).toBeGreaterThan(2);
    expect(ids(paged.items)).toEqual(ids(all));
    // The account that could not be read keeps its last known findings in the latest state.
    expect(all.some((finding) => finding.accountId === DATA && finding.bucket === 'lake-exports')).toBe(true);
  });

  it('by rule, case-insensitively and without the prefix: which buckets let any website write', async () => {
    const writable = (await findings({ ruleId: 'S3CORS-ANY-ORIGIN-WRITE' })).items;
    expect(new Set(writable.map((finding) => `${finding.accountId}/${finding.bucket}`))).toEqual(new Set([`${PROD}/uploads`, `${PROD}/hostile`, `${DATA}/lake-exports`]));
    const response = await callApi('/report/findings', { ruleId: 'any-origin-write' });
    expect(response.statusCode).toBe(200);
    expect(ids(JSON.parse(String(response.body)).findings as FindingRecord[]).sort()).toEqual(ids(writable).sort());
  });

  it('by bucket, severity and change', async () => {
    const uploads = (await findings({ accountId: PROD, bucket: 'uploads' })).items;
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.every((finding) => finding.bucket === 'uploads' && finding.change === 'new')).toBe(true);
    // The latest state keeps each finding's change as of its bucket's last read: lake-exports was last read by scan 1.
    const fresh = (await findings({ change: 'new' })).items;
    expect(new Set(fresh.map((finding) => finding.bucket))).toEqual(new Set(['uploads', 'lake-exports']));
    const newInScan2 = (await findings({ scanId: SCAN_2, change: 'new' })).items;
    expect(new Set(newInScan2.map((finding) => finding.bucket))).toEqual(new Set(['uploads']));
    const high = (await findings({ severity: 'high' })).items;
    expect(high.length).toBeGreaterThan(0);
    expect(high.every((finding) => finding.severity === 'high')).toBe(true);
  });

  it.each<[string, Partial<FindingsQuery>]>([
    ['one account', { accountId: PROD }],
    ['one account, at least low', { accountId: PROD, minSeverity: 'low' }],
    ['one bucket', { accountId: PROD, bucket: 'hostile' }],
    ['one rule', { ruleId: 'S3CORS-ANY-ORIGIN-WRITE' }],
    ['one scan, every status', { scanId: SCAN_1, status: 'all' }],
    ['one scan, one account', { scanId: SCAN_2, accountId: PROD }],
    ['one scan, one bucket', { scanId: SCAN_2, accountId: PROD, bucket: 'hostile', status: 'all' }],
    ['the estate', {}],
  ])('%s: most severe first, then account and bucket, page after page', async (_name, query) => {
    const whole = (await findings(query)).items;
    expect(whole.length).toBeGreaterThan(1);
    const paged = await findings({ ...query, limit: 3 });
    expect(ids(paged.items)).toEqual(ids(whole));
    const order = paged.items.map(triageKey);
    expect(order).toEqual([...order].sort());
    if (query.accountId !== undefined) expect(paged.items.every((finding) => finding.accountId === query.accountId)).toBe(true);
    if (query.bucket !== undefined) expect(paged.items.every((finding) => finding.bucket === query.bucket)).toBe(true);
  });

  it('an account or a scan answers its most severe findings on the first page, not its first buckets', async () => {
    for (const query of [{ accountId: PROD }, { scanId: SCAN_1 }, { scanId: SCAN_2, accountId: PROD }]) {
      const all = (await findings(query)).items;
      expect(new Set(all.map((finding) => finding.severity)).size).toBeGreaterThan(2);
      const first = await listFindings(table, { status: 'open', limit: 3, ...query });
      expect(first.items.map((finding) => finding.severity)).toEqual(all.slice(0, 3).map((finding) => finding.severity));
      expect(first.items.every((finding) => finding.severity === 'high')).toBe(true);
      expect(first.cursor).toBeDefined();
    }
  });

  it('reads only the key ranges the filters name, one per severity', async () => {
    const cases: Array<[Partial<FindingsQuery>, Array<Pick<TableQuery, 'index' | 'partition' | 'sortPrefix'>>]> = [
      [{ accountId: PROD, bucket: 'hostile', minSeverity: 'medium' }, ['critical', 'high', 'medium'].map((severity) => ({ index: 'gsi1', partition: `SEVERITY#${severity}`, sortPrefix: `${PROD}#hostile#` }))],
      [{ scanId: SCAN_2, accountId: PROD, severity: 'low' }, [{ partition: `SCAN#${SCAN_2}`, sortPrefix: `FINDING#3#${PROD}#` }]],
      [{ scanId: SCAN_2, minSeverity: 'high' }, [{ partition: `SCAN#${SCAN_2}`, sortPrefix: 'FINDING#0#' }, { partition: `SCAN#${SCAN_2}`, sortPrefix: 'FINDING#1#' }]],
      [{ ruleId: 'S3CORS-ANY-ORIGIN-WRITE', accountId: DATA, minSeverity: 'high' }, [{ index: 'gsi2', partition: 'RULE#S3CORS-ANY-ORIGIN-WRITE', sortPrefix: `0#${DATA}#` }, { index: 'gsi2', partition: 'RULE#S3CORS-ANY-ORIGIN-WRITE', sortPrefix: `1#${DATA}#` }]],
    ];
    for (const [query, expected] of cases) {
      const recording = recordingQueries();
      const answer = (await findings(query, recording.table)).items;
      expect(answer.length).toBeGreaterThan(0);
      expect(recording.queries.map(({ index, partition, sortPrefix }) => ({ ...(index ? { index } : {}), partition, sortPrefix }))).toEqual(expected);
    }
  });

  it('of one scan, including what it resolved', async () => {
    const first = (await findings({ scanId: SCAN_1, status: 'all' })).items;
    expect(first.every((finding) => finding.scanId === SCAN_1 && finding.change === 'new')).toBe(true);
    expect(first.some((finding) => finding.bucket === 'doomed')).toBe(true);
    const resolved = (await findings({ scanId: SCAN_2, status: 'resolved' })).items;
    expect(new Set(resolved.map((finding) => finding.bucket))).toEqual(new Set(['doomed']));
    const onlyData = (await findings({ scanId: SCAN_1, accountId: DATA, status: 'all' })).items;
    expect(new Set(onlyData.map((finding) => finding.bucket))).toEqual(new Set(['lake-exports']));
  });
});

describe('scans', () => {
  it('latest scan and trend, oldest first, with coverage', async () => {
    const latest = await latestScan(table);
    expect(latest?.scanId).toBe(SCAN_2);
    expect(latest?.coverage.accountsFailed).toBe(1);
    const trend = await scanTrend(table, 10);
    expect(trend.map((point) => point.scanId)).toEqual([SCAN_1, SCAN_2]);
    expect(trend[1]?.newFindings).toBeGreaterThan(0);
    expect(trend[0]?.accountsScanned).toBe(2);
    expect(trend[1]?.accountsScanned).toBe(1);
    expect((await scanTrend(table, 1)).map((point) => point.scanId)).toEqual([SCAN_2]);
  });

  it('diff: added, removed, re-rated; the unreadable account is not compared, not "fixed"', async () => {
    const diff = await diffScans(table, SCAN_1, SCAN_2, 100);
    expect(new Set(diff.added.map((finding) => finding.bucket))).toEqual(new Set(['uploads']));
    // doomed was deleted; legacy-http's cleartext finding was accepted.
    expect(new Set(diff.removed.map((finding) => finding.bucket))).toEqual(new Set(['doomed', 'legacy-http']));
    expect(diff.removed.some((finding) => finding.accountId === DATA)).toBe(false);
    expect(diff.notCompared.accounts).toEqual([DATA]);
    expect(diff.counts.notCompared).toBeGreaterThan(0);
    expect(diff.counts.unchanged).toBeGreaterThan(12);
    const reverse = await diffScans(table, SCAN_2, SCAN_1, 100);
    expect(ids(reverse.removed).sort()).toEqual(ids(diff.added).sort());
    const cut = await diffScans(table, SCAN_1, SCAN_2, 1);
    expect(cut.added).toHaveLength(1);
    expect(cut.truncated).toBe(diff.added.length > 1);
  });
});

describe('buckets', () => {
  it('worst score first across the estate; one account; by grade; one bucket in full', async () => {
    const estate = (await everyPage((cursor) => listBuckets(table, { limit: 4, ...(cursor !== undefined ? { cursor } : {}) }))).items;
    const scored = estate.filter((row): row is BucketRow & { score: number } => row.score !== undefined);
    expect(scored.map((row) => row.score)).toEqual([...scored].map((row) => row.score).sort((a, b) => a - b));
    expect(estate.some((row) => row.bucket === 'doomed')).toBe(false);
    expect(estate.find((row) => row.bucket === 'lake-raw')?.status).toBe('no-cors');
    const data = (await listBuckets(table, { accountId: DATA, limit: 100 })).items;
    expect(data.map((row) => row.bucket).sort()).toEqual(['lake-exports', 'lake-raw']);
    const worstGrade = scored[0]?.grade ?? 'F';
    const graded = (await everyPage((cursor) => listBuckets(table, { grade: worstGrade, limit: 100, ...(cursor !== undefined ? { cursor } : {}) }))).items;
    expect(graded.length).toBeGreaterThan(0);
    expect(graded.every((row) => row.grade === worstGrade)).toBe(true);
    const hostile = await getBucket(table, PROD, 'hostile');
    expect(hostile.corsRules?.[0]?.AllowedOrigins).toContain(HOSTILE);
    await expect(getBucket(table, PROD, 'no-such-bucket')).rejects.toThrow(/no bucket no-such-bucket/);
  });
});

describe('fleet', () => {
  it('finds the configuration stamped on many buckets and the bucket that drifted from its family', async () => {
    const view = await fleetView(table, 10);
    expect(view.truncated).toBe(false);
    expect(view.bucketsRead).toBe((await everyPage((cursor) => listBuckets(table, { limit: 100, ...(cursor !== undefined ? { cursor } : {}) }))).items.length);
    // assets, 12 sites and two cdn buckets share the public-read configuration.
    expect(view.recurring[0]?.bucketCount).toBe(15);
    expect(view.recurring[0]?.preview?.origins).toEqual(['*']);
    expect(view.drifted.map((entry) => [entry.bucket, entry.actualConfigHash, entry.peers])).toEqual([['cdn-03', null, 2]]);
    const response = await callApi('/report/fleet', { limit: '5' });
    expect(response.statusCode).toBe(200);
    expect((bodyOf(response).drifted as Array<{ bucket: string }>).map((entry) => entry.bucket)).toEqual(['cdn-03']);
  });
});

function apiEvent(path: string, query: Record<string, string> = {}, method = 'GET'): APIGatewayProxyEventV2WithIAMAuthorizer {
  return {
    version: '2.0',
    routeKey: 'GET /report/{proxy+}',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    headers: {},
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    pathParameters: { proxy: path.replace(/^\/report\//, '') },
    isBase64Encoded: false,
    requestContext: {
      accountId: '999999999999',
      apiId: 'api',
      domainName: 'example.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'example',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: 'GET /report/{proxy+}',
      stage: '$default',
      time: '23/Nov/2026:02:00:00 +0000',
      timeEpoch: 0,
      authorizer: { iam: { accessKey: 'AKIA', accountId: '999999999999', callerId: 'AIDA', cognitoIdentity: null as never, principalOrgId: null as never, userArn: 'arn:aws:iam::999999999999:user/auditor', userId: 'AIDA' } },
    },
  } as APIGatewayProxyEventV2WithIAMAuthorizer;
}

const silentLogger = new Logger({ logLevel: 'SILENT' });
const context = { awsRequestId: 'request-1', functionName: 'query-report', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

async function callApi(path: string, query: Record<string, string> = {}, method = 'GET', provider: () => Promise<ReportTable> = async () => table): Promise<APIGatewayProxyStructuredResultV2> {
  return (await buildHandler(provider, silentLogger)(apiEvent(path, query, method), context)) as APIGatewayProxyStructuredResultV2;
}

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(String(response.body)) as Record<string, unknown>;

describe('query-report handler', () => {
  it('pages through findings with the cursor it returns', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const response = await callApi('/report/findings', { minSeverity: 'low', limit: '4', ...(cursor !== undefined ? { cursor } : {}) });
      expect(response.statusCode).toBe(200);
      const body = bodyOf(response) as { findings: FindingRecord[]; cursor?: string };
      expect(body.findings.length).toBeLessThanOrEqual(4);
      seen.push(...ids(body.findings));
      cursor = body.cursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(ids((await findings({ minSeverity: 'low' })).items));
  });

  it('downloads CSV with formula-guarded cells', async () => {
    const response = await callApi('/report/findings', { accountId: PROD, bucket: 'hostile', format: 'csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['content-type']).toMatch(/^text\/csv/);
    const body = String(response.body);
    expect(body.split('\r\n')[0]).toBe(CSV_HEADERS.join(','));
    expect(body.split('\r\n').filter(Boolean).length).toBe((await findings({ accountId: PROD, bucket: 'hostile' })).items.length + 1);
    expect(body).not.toMatch(/(^|,)=HYPERLINK/m);
  });

  it('answers the latest scan, the trend, a diff, a scan, buckets and one bucket', async () => {
    expect((bodyOf(await callApi('/report/scans/latest')).scan as { scanId: string }).scanId).toBe(SCAN_2);
    expect((bodyOf(await callApi('/report/scans', { last: '5' })).scans as Array<{ scanId: string }>).map((scan) => scan.scanId)).toEqual([SCAN_1, SCAN_2]);
    const diff = bodyOf(await callApi(`/report/scans/${SCAN_1}/diff/${SCAN_2}`)) as { counts: { added: number }; notCompared: { accounts: string[] } };
    expect(diff.counts.added).toBeGreaterThan(0);
    expect(diff.notCompared.accounts).toEqual([DATA]);
    expect((bodyOf(await callApi(`/report/scans/${SCAN_1}`)).scan as { status: string }).status).toBe('complete');
    expect((bodyOf(await callApi('/report/buckets', { accountId: DATA })).buckets as BucketRow[]).length).toBe(2);
    expect((bodyOf(await callApi(`/report/buckets/${PROD}/hostile`)).bucket as { bucket: string }).bucket).toBe('hostile');
  });

  it('names the bad parameter in a 400, answers 404 for unknown things and 405 for writes', async () => {
    const bad = await callApi('/report/findings', { severity: 'urgent' });
    expect(bad.statusCode).toBe(400);
    expect(bodyOf(bad).error).toMatch(/^severity: /);
    const misspelt = await callApi('/report/findings', { acountId: PROD });
    expect(misspelt.statusCode).toBe(400);
    expect(bodyOf(misspelt).error).toMatch(/unknown parameter "acountId"/);
    expect((await callApi('/report/findings', { ruleId: 'not-a-rule' })).statusCode).toBe(400);
    expect((await callApi('/report/findings', { limit: '100000' })).statusCode).toBe(400);
    expect((await callApi('/report/findings', { cursor: '0.bm90LWEta2V5' })).statusCode).toBe(400);
    expect((await callApi('/report/findings', { cursor: '7.' })).statusCode).toBe(400);
    expect((await callApi('/report/scans/scan-2020-01-01T00-00-00Z-ffffffffff')).statusCode).toBe(404);
    expect((await callApi('/report/scans/not-a-scan')).statusCode).toBe(400);
    expect((await callApi('/report/buckets/111111111111/%E0%A4%A')).statusCode).toBe(400);
    expect((await callApi('/report/everything')).statusCode).toBe(404);
    expect((await callApi('/report/findings', {}, 'POST')).statusCode).toBe(405);
  });

  it('lists resolved findings when the change asks for them, and answers 400 for a question that can only be empty', async () => {
    const resolved = (await findings({ scanId: SCAN_2, status: 'resolved' })).items;
    expect(resolved.length).toBeGreaterThan(0);
    for (const query of [{ scanId: SCAN_2, change: 'resolved' }, { scanId: SCAN_2, change: 'resolved', status: 'all' }]) {
      const response = await callApi('/report/findings', query);
      expect(response.statusCode).toBe(200);
      expect(ids((bodyOf(response) as { findings: FindingRecord[] }).findings)).toEqual(ids(resolved));
    }
    // A suppressed finding's change is `suppressed`: asking for that change means that status too.
    const accepted = await callApi('/report/findings', { change: 'suppressed' });
    expect((bodyOf(accepted) as { findings: FindingRecord[] }).findings.map((finding) => finding.bucket)).toEqual(['legacy-http']);
    const refused: Array<[Record<string, string>, RegExp]> = [
      [{ scanId: SCAN_2, change: 'resolved', status: 'open' }, /^status: open excludes resolved findings; change: /],
      [{ scanId: SCAN_2, change: 'new', status: 'resolved' }, /^status: .*; change: new conflicts/],
      [{ status: 'resolved' }, /^status: resolved findings are kept only in scan history; scanId: /],
      [{ change: 'resolved' }, /^change: resolved findings are kept only in scan history; scanId: /],
      [{ change: 'resolved', status: 'all' }, /^change: resolved findings are kept only in scan history; scanId: /],
    ];
    for (const [query, error] of refused) {
      const response = await callApi('/report/findings', query);
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response).error).toMatch(error);
    }
  });

  it('answers 500 with the request id, and no detail, when the table fails', async () => {
    const broken = await callApi('/report/scans/latest', {}, 'GET', async () => {
      throw new Error('secret internal detail');
    });
    expect(broken.statusCode).toBe(500);
    expect(bodyOf(broken)).toEqual({ error: 'internal error', requestId: 'request-1' });
  });
});

function capture(): CommandIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
    readFile: async () => '',
    writeFile: async () => undefined,
    isTty: false,
  };
  return io;
}

describe('s3-cors-audit report', () => {
  const deps = { openTable: async () => table };

  it('prints the same findings as the API, as a table, JSON and CSV', async () => {
    const expected = (await findings({ ruleId: 'S3CORS-ANY-ORIGIN-WRITE' })).items;
    const asJson = capture();
    expect(await runReportCommand(['findings', '--rule', 'any-origin-write', '--format', 'json'], asJson, deps)).toBe(0);
    expect(ids((JSON.parse(asJson.out) as { findings: FindingRecord[] }).findings)).toEqual(ids(expected));
    const asTable = capture();
    expect(await runReportCommand(['findings', '--rule', 'any-origin-write'], asTable, deps)).toBe(0);
    expect(asTable.out).toMatch(/SEVERITY\s+ACCOUNT\s+BUCKET/);
    expect(asTable.out).toContain(`${expected.length} finding`);
    expect(asTable.out).not.toContain('<script>x</script>\u001b');
    const asCsv = capture();
    expect(await runReportCommand(['findings', '--account', DATA, '--format', 'csv', '--all'], asCsv, deps)).toBe(0);
    expect(asCsv.out.startsWith(CSV_HEADERS.join(','))).toBe(true);
  });

  it('answers summary, trend, diff, buckets and bucket', async () => {
    const summary = capture();
    await runReportCommand(['summary'], summary, deps);
    expect(summary.out).toContain(SCAN_2);
    expect(summary.out).toMatch(/accounts: 1\/2 scanned, 1 failed/);
    expect(summary.out).toContain('AccessDenied');
    const trend = capture();
    await runReportCommand(['trend', '--last', '5'], trend, deps);
    expect(trend.out.indexOf(SCAN_1)).toBeLessThan(trend.out.indexOf(SCAN_2));
    const diff = capture();
    await runReportCommand(['diff', SCAN_1, SCAN_2], diff, deps);
    expect(diff.out).toMatch(/Not compared .*333333333333/);
    const buckets = capture();
    await runReportCommand(['buckets', '--account', DATA], buckets, deps);
    expect(buckets.out).toContain('lake-raw');
    const bucket = capture();
    await runReportCommand(['bucket', PROD, 'uploads'], bucket, deps);
    expect(bucket.out).toContain('S3CORS-ANY-ORIGIN-WRITE');
    const fleet = capture();
    await runReportCommand(['fleet'], fleet, deps);
    expect(fleet.out).toMatch(/Drifted from their family:\n.*FAMILY.*\n.*cdn-03\s+no CORS\s+2\/3/);
  });

  it('lists an account\'s most severe findings first, a page at a time', async () => {
    const out = capture();
    expect(await runReportCommand(['findings', '--account', PROD, '--limit', '3', '--format', 'json'], out, deps)).toBe(0);
    const page = JSON.parse(out.out) as { findings: FindingRecord[]; cursor?: string };
    expect(page.findings.map((finding) => finding.severity)).toEqual(['high', 'high', 'high']);
    const rest = capture();
    expect(await runReportCommand(['findings', '--account', PROD, '--cursor', page.cursor ?? '', '--all', '--format', 'json'], rest, deps)).toBe(0);
    const order = [...page.findings, ...(JSON.parse(rest.out) as { findings: FindingRecord[] }).findings].map(triageKey);
    expect(order).toEqual([...order].sort());
    expect(order.length).toBe((await findings({ accountId: PROD })).items.length);
  });

  it('lists what a scan resolved with --change resolved, and refuses a question that can only be empty', async () => {
    const resolved = capture();
    expect(await runReportCommand(['findings', '--scan', SCAN_2, '--change', 'resolved'], resolved, deps)).toBe(0);
    expect(resolved.out).not.toContain('no findings match');
    expect(resolved.out).toMatch(/high\s+111111111111\s+doomed\s+S3CORS-\S+\s+resolved/);
    await expect(runReportCommand(['findings', '--scan', SCAN_2, '--change', 'resolved', '--status', 'open'], capture(), deps)).rejects.toThrow(/^--status: open excludes resolved findings; --change: /);
    await expect(runReportCommand(['findings', '--status', 'resolved'], capture(), deps)).rejects.toThrow(/^--status: resolved findings are kept only in scan history; --scan: /);
  });

  it('rejects bad flags with one line naming the flag, and exits 1 for an unknown scan', async () => {
    await expect(runReportCommand(['findings', '--severity', 'urgent'], capture(), deps)).rejects.toThrow(/^--severity: /);
    await expect(runReportCommand(['findings', '--grade', 'A'], capture(), deps)).rejects.toThrow(CliUsageError);
    await expect(runReportCommand(['trend', '--last', '0'], capture(), deps)).rejects.toThrow(/^--last: /);
    await expect(runReportCommand(['diff', SCAN_1], capture(), deps)).rejects.toThrow(/takes 2 arguments/);
    await expect(runReportCommand(['everything'], capture(), deps)).rejects.toThrow(/unknown question/);
    const missing = capture();
    expect(await runReportCommand(['summary', 'scan-2020-01-01T00-00-00Z-ffffffffff'], missing, deps)).toBe(1);
    expect(missing.err).toMatch(/no scan scan-2020/);
  });
});

// Hostile estates against the real scanner and report (SDK clients over HTTP, local S3/STS/Organizations/
// DynamoDB): configurations at every S3 limit and full of markup and controls, 10,000 buckets in one
// account, a thousand accounts in the organisation. The scan finishes, memory stays bounded, and every
// output (Slack, SNS, DynamoDB items, HTML, CSV, terminal) is escaped and within its service's limits.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ERROR_MESSAGE } from '../../lib/aws/error-translation';
import { createReportTable, reportTableDefinition } from '../../lib/aws/report-table';
import { createScanDeps, type RealScanDeps } from '../../lib/aws/scan-deps';
import { loadSettings, type Settings } from '../../lib/config';
import type { S3CorsRule } from '../../lib/cors/types';
import { alertsFor, completeScan, readReportSnapshot, recordAccountResult, snapshotFromResults, startScan as startReportScan, type ReportPorts } from '../../lib/report';
import { findingsToCsv } from '../../lib/report/csv';
import { renderHtmlReport } from '../../lib/report/html';
import type { AlertMessage, ReportSnapshot } from '../../lib/report/model';
import { renderSlackMessage, SLACK_LIMITS, type SlackPayload } from '../../lib/report/slack';
import { renderTextSummary } from '../../lib/report/text-summary';
import { computeCoverage, MAX_STORED_STRING, resolveAccounts, scanAccount, scanLimitsFrom } from '../../lib/scan';
import type { AccountScanResult, AccountTarget } from '../../lib/scan/types';
import { on, startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { createDemoBucket } from '../support/emulators/seed';
import { startLocalAws, type LocalAws } from '../support/local-aws';
import { createTable } from '../support/local-aws-resources';
import { applyEnv } from '../support/process-env';
import { uniqueResourceName } from '../support/use-local-aws';

const HOSTILE = '555555555555';
const BIG = '666666666666';
const SCAN_ID = 'scan-2026-11-23T02-00-00Z-hostilehos';
const SNS_MAX_BYTES = 256 * 1024;
const DYNAMODB_ITEM_MAX_BYTES = 400 * 1024;
const BIG_ESTATE = 10_000;
/** Share of the 10,000 buckets with a CORS configuration (the rest cost one GetBucketCors each). */
const BIG_WITH_CORS = 500;
const ORGANISATION_ACCOUNTS = 1_000;
const ALERTS = { alertMinSeverity: 'info' as const, alertOnResolved: true };

const MARKUP = ['<!channel>', '<https://evil.example|click>', '@here', '<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '\u001b[31mred\u001b[0m', '\u202egnp.evil', '=HYPERLINK("https://evil.example","x")'];
/** Valid for PutBucketCors (one `*` at most per origin), hostile everywhere else. */
const HOSTILE_CONFIGS: Record<string, S3CorsRule[]> = {
  'h-100-rules': Array.from({ length: 100 }, (_, index) => ({ ID: `rule-${index}-<!channel>`, AllowedOrigins: [`https://app-${index}.example.com`, '*'], AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] })),
  // Just under S3's 64 KB request limit: 225 origins of ~245 characters (~62 KB of XML).
  'h-64kb': [{ AllowedOrigins: Array.from({ length: 225 }, (_, index) => `https://${'a'.repeat(220)}-${index}.example.com`), AllowedMethods: ['GET'], AllowedHeaders: ['*'] }],
  'h-long-origin': [{ AllowedOrigins: [`https://${'x'.repeat(40_000)}.example.com`, 'http://*'], AllowedMethods: ['GET', 'PUT'] }],
  'h-unicode': [{ AllowedOrigins: ['https://bücher.例え.テスト', 'https://*.\u202egnp.evil.example', 'https://🦄.example'], AllowedMethods: ['GET'], ExposeHeaders: ['x-🦄'] }],
  'h-markup': [{ ID: MARKUP.join(' '), AllowedOrigins: MARKUP.map((text, index) => `https://${index}${text}.example.com`), AllowedMethods: ['GET', 'PUT'], AllowedHeaders: MARKUP, ExposeHeaders: MARKUP }],
  'h-controls': [{ AllowedOrigins: ['https://a\tb.example', 'https://\u0007bell\u001b]8;;https://evil\u0007.example', 'https://\u200bzero.example'], AllowedMethods: ['POST'] }],
  'h-star': [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['*'], MaxAgeSeconds: 2_147_483_647 }],
  'h-csv': [{ AllowedOrigins: ['=1+1', '+cmd|\' /C calc\'!A0', '@SUM(1)', '-2+3'], AllowedMethods: ['GET'] }],
};

let localAws: LocalAws;
let proxy: FaultProxy;
let settings: Settings;
let env: Record<string, string>;
let restoreEnv: () => void;
const opened: RealScanDeps[] = [];

const target = (accountId: string): AccountTarget => ({ accountId, roleArn: `arn:aws:iam::${accountId}:role/S3CorsAuditRole` });
function deps(): RealScanDeps {
  const created = createScanDeps(settings);
  opened.push(created);
  return created;
}
const limits = () => scanLimitsFrom(settings);

async function reportPorts(): Promise<ReportPorts & { drop(): Promise<void> }> {
  const tableName = uniqueResourceName('hostile');
  const { drop } = await createTable(env, reportTableDefinition(tableName));
  return { table: createReportTable({ ...settings, REPORT_TABLE_NAME: tableName }), historyRetentionDays: 30, now: () => new Date('2026-11-23T02:10:00Z'), drop };
}

/** Every string anywhere in a Slack payload. */
function slackTexts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(slackTexts);
  if (value && typeof value === 'object') return Object.values(value).flatMap(slackTexts);
  return [];
}

function expectSlackWithinLimits(payload: SlackPayload): void {
  expect(payload.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  for (const block of payload.blocks) {
    const text = (block as { text?: { text?: string } }).text?.text;
    if (block.type === 'section' && text !== undefined) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (block.type === 'header' && text !== undefined) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
  }
  for (const text of slackTexts(payload)) {
    // Slack reads `<...>` as a mention, link or command: none may come from data.
    expect(text).not.toMatch(/<[!@#]|<https?:|<script|<img/i);
    // eslint-disable-next-line no-control-regex -- the point is to find control characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    expect(text).not.toMatch(/@(?:here|channel|everyone)\b/);
  }
}

/** Live heap after a full collection (gc exposed at run time: vitest workers do not start with --expose-gc). */
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
function liveHeap(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

const snsBytes = (message: AlertMessage) => Buffer.byteLength(JSON.stringify(message), 'utf8');

beforeAll(async () => {
  localAws = await startLocalAws({ organizationsPageSize: 20 });
  proxy = await startFaultProxy({ s3: localAws.env.AWS_ENDPOINT_URL_S3, sts: localAws.env.AWS_ENDPOINT_URL_STS, dynamodb: localAws.env.AWS_ENDPOINT_URL_DYNAMODB });
  env = { ...localAws.env, ...proxy.env };
  restoreEnv = applyEnv(env);
  localAws.accounts.add({ id: HOSTILE, name: 'hostile <!channel> \u001b[2J' });
  localAws.accounts.add({ id: BIG, name: 'ten-thousand' });
  // Hostile configurations go through PutBucketCors with the SDK, as their owners would have set them.
  for (const [name, cors] of Object.entries(HOSTILE_CONFIGS)) {
    await createDemoBucket(localAws, HOSTILE, { name, region: 'us-east-1', cors, acl: 'public-read-write', tags: { owner: MARKUP.join(' ').slice(0, 250) }, why: 'hostile' });
  }
  settings = loadSettings({ ...env, MAX_ATTEMPTS: '3', CALL_TIMEOUT_MS: '10000', CONCURRENCY_PER_ACCOUNT: '32', CONCURRENCY_TOTAL: '64' });
});

afterAll(async () => {
  for (const created of opened) created.close();
  restoreEnv?.();
  await proxy?.close();
  await localAws?.stop();
});

describe('configurations at every limit, full of markup and controls', () => {
  let result: AccountScanResult;
  let snapshot: ReportSnapshot;
  let ports: ReportPorts & { drop(): Promise<void> };

  beforeAll(async () => {
    result = await scanAccount(target(HOSTILE), deps(), { scanId: SCAN_ID, trigger: 'schedule', ...limits() });
    ports = await reportPorts();
    await startReportScan(ports, { scanId: SCAN_ID, trigger: 'schedule', startedAt: '2026-11-23T02:00:00.000Z', accountIds: [HOSTILE] });
    // The local DynamoDB refuses items over 400 KB, as DynamoDB does: recording at all is the first check.
    expect((await recordAccountResult(ports, result, ALERTS)).scanComplete).toBe(true);
    await completeScan(ports, SCAN_ID);
    snapshot = await readReportSnapshot(ports, { scanId: SCAN_ID });
  });
  afterAll(async () => {
    await ports?.drop();
  });

  it('scores every configuration (none becomes an internal error) and stores bounded rules', () => {
    expect(result.status).toBe('complete');
    expect(Object.fromEntries(result.buckets.map((outcome) => [outcome.bucket, outcome.status]))).toEqual(Object.fromEntries(Object.keys(HOSTILE_CONFIGS).map((name) => [name, 'evaluated'])));
    for (const outcome of result.buckets) {
      if (outcome.status !== 'evaluated') continue;
      const strings = outcome.corsRules.flatMap((rule) => [rule.ID ?? '', ...(rule.AllowedOrigins ?? []), ...(rule.AllowedHeaders ?? []), ...(rule.ExposeHeaders ?? [])]);
      expect(Math.max(...strings.map((text) => text.length))).toBeLessThanOrEqual(MAX_STORED_STRING);
      expect(outcome.assessment.findings.length).toBeGreaterThan(0);
    }
    const long = result.buckets.find((outcome) => outcome.bucket === 'h-long-origin');
    expect(long?.status === 'evaluated' && long.corsRules[0]?.AllowedOrigins?.[0]).toMatch(/\[\+\d+ chars\]$/);
  });

  it('keeps every stored bucket item and every SNS message within the service limits', () => {
    expect(snapshot.buckets.map((state) => state.bucket).sort()).toEqual(Object.keys(HOSTILE_CONFIGS).sort());
    for (const state of snapshot.buckets) expect(Buffer.byteLength(JSON.stringify(state), 'utf8'), state.bucket).toBeLessThan(DYNAMODB_ITEM_MAX_BYTES);
    const findings = snapshot.buckets.flatMap((state) => state.findings);
    const messages: AlertMessage[] = [...alertsFor(findings, ALERTS), { type: 'digest', summary: snapshot.latestScan }];
    expect(messages.length).toBeGreaterThan(findings.length / 2);
    for (const message of messages) expect(snsBytes(message)).toBeLessThanOrEqual(SNS_MAX_BYTES);
  });

  it('renders Slack messages with no mention, link, command or control from the data, within block limits', () => {
    const findings = snapshot.buckets.flatMap((state) => state.findings);
    const messages: AlertMessage[] = [...alertsFor(findings, ALERTS), { type: 'digest', summary: snapshot.latestScan }];
    for (const message of messages) expectSlackWithinLimits(renderSlackMessage(message, { reportUrl: 'https://reports.example.com/latest.html' }));
  });

  it('renders HTML whose only script is the report own, and CSV and terminal text with nothing executable', () => {
    const html = renderHtmlReport(snapshot);
    expect(html.match(/<script/gi)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;');
    // Every real tag (data's `<` is escaped, so these are the report's own): no handler attribute, no
    // embedding element, no link that is not plain https or in-page.
    for (const [, name = '', attributes = ''] of html.matchAll(/<([a-z][a-z0-9-]*)\b([^>]*)>/gi)) {
      expect(name.toLowerCase()).not.toMatch(/^(img|iframe|object|embed|base|form|meta-refresh)$/);
      // Attribute names only: quoted values hold escaped data, which may spell anything as text.
      expect(attributes.replace(/"[^"]*"/g, '""')).not.toMatch(/\son\w+\s*=|\s[^\s=]+=[^"\s]/i);
      for (const [, link = ''] of attributes.matchAll(/\s(?:href|src|action)\s*=\s*"([^"]*)"/gi)) expect(link).toMatch(/^(https:\/\/|#)/);
    }

    const csv = findingsToCsv(snapshot.buckets.flatMap((state) => state.findings));
    // No cell may start like a formula (quoted or not).
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);
    // eslint-disable-next-line no-control-regex -- the point is to find control characters
    expect(csv).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e]/);

    const text = renderTextSummary(snapshot, { color: false });
    // eslint-disable-next-line no-control-regex -- the point is to find control characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
  });
});

describe('10,000 buckets in one account', () => {
  it('scans them all with bounded memory and one GetBucketCors per bucket', async () => {
    // 10,000 buckets through CreateBucket would take minutes on s3rver; the S3 layer's own state is what
    // ListBuckets, GetBucketCors and the exposure APIs answer from, so the estate is written there.
    const corsXml = (index: number) => `<CORSConfiguration><CORSRule><AllowedOrigin>https://${'o'.repeat(2000)}-${index}.example.com</AllowedOrigin><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`;
    const names = Array.from({ length: BIG_ESTATE }, (_, index) => `big-${String(index).padStart(5, '0')}`);
    names.forEach((name, index) => localAws.s3.buckets.set(name, {
      name, accountId: BIG, region: index % 3 === 0 ? 'eu-west-1' : 'us-east-1', createdAt: new Date('2025-01-01T00:00:00Z'),
      acl: { allUsers: [], authenticatedUsers: [] }, ...(index % (BIG_ESTATE / BIG_WITH_CORS) === 0 ? { corsXml: corsXml(index) } : {}),
    }));
    proxy.reset();
    // The buckets without CORS are answered by the proxy itself (as S3 would: 404 NoSuchCORSConfiguration):
    // the scanner's calls are the same, the in-process S3 layer has less to do, the file stays in budget.
    proxy.script({ name: 'no-cors', match: (request) => on.s3('GetBucketCors')(request) && request.accountId === BIG && localAws.s3.buckets.get(request.bucket ?? '')?.corsXml === undefined, action: { kind: 'error', status: 404, code: 'NoSuchCORSConfiguration', message: 'The CORS configuration does not exist' } });
    const baseline = liveHeap();
    let peak = baseline;
    let seen = 0;
    const started = Date.now();
    const result = await scanAccount(target(BIG), deps(), {
      scanId: SCAN_ID, trigger: 'schedule', ...limits(),
      onBucket: () => {
        seen += 1;
        if (seen % 2_000 === 0) peak = Math.max(peak, liveHeap());
      },
    });
    const elapsed = Date.now() - started;
    const retained = liveHeap() - baseline;
    expect(result.status).toBe('complete');
    expect(result.buckets).toHaveLength(BIG_ESTATE);
    expect(new Set(result.buckets.map((outcome) => outcome.bucket)).size).toBe(BIG_ESTATE);
    expect(computeCoverage([result], 1)).toEqual({ accountsTotal: 1, accountsScanned: 1, accountsFailed: 0, bucketsListed: BIG_ESTATE, bucketsEvaluated: BIG_WITH_CORS, bucketsWithoutCors: BIG_ESTATE - BIG_WITH_CORS, bucketsGone: 0, bucketsUnknown: 0 });
    expect(proxy.count({ operation: 'ListBuckets' })).toBe(BIG_ESTATE / 1000);
    expect(proxy.count({ operation: 'GetBucketCors' })).toBe(BIG_ESTATE);
    expect(proxy.count({ rule: 'no-cors' })).toBe(BIG_ESTATE - BIG_WITH_CORS);
    // Only configured buckets read their exposure (4 calls) and tag (1 call).
    expect(proxy.count({ service: 's3' })).toBe(BIG_ESTATE / 1000 + BIG_ESTATE + BIG_WITH_CORS * 5 + 1);
    // Memory, as live heap after a full GC: what the scan holds is the 10,000 outcomes it returns (500
    // scored, each with a 2 KB origin), under 4 KB per bucket; at no point during the scan does the live
    // set exceed 8 KB per bucket. Holding raw answers or whole configurations per bucket would not fit.
    expect(retained).toBeLessThan(BIG_ESTATE * 4 * 1024);
    expect(peak - baseline).toBeLessThan(BIG_ESTATE * 8 * 1024);
    expect(Buffer.byteLength(JSON.stringify(result.buckets))).toBeLessThan(BIG_ESTATE * 4 * 1024);
    console.info(`10,000-bucket scan: ${elapsed} ms, live heap peak +${((peak - baseline) / 2 ** 20).toFixed(1)} MB, retained +${(retained / 2 ** 20).toFixed(1)} MB, ${proxy.count({ service: 's3' })} S3 calls`);
    for (const name of names) localAws.s3.buckets.delete(name);
  }, 60_000);
});

describe('a thousand accounts in the organisation', () => {
  it('resolves every account across ListAccounts pages and scans them all, denied ones recorded with bounded errors', async () => {
    const ids = Array.from({ length: ORGANISATION_ACCOUNTS }, (_, index) => String(700_000_000_000 + index));
    for (const id of ids) localAws.accounts.add({ id, name: `acct-${id} <!here>` });
    // Every tenth account refuses AssumeRole, with a long hostile message.
    const denied = new Set(ids.filter((_, index) => index % 10 === 0));
    proxy.reset();
    proxy.script({
      name: 'assume-denied',
      match: (request) => on.sts('AssumeRole')(request) && [...denied].some((id) => request.body.toString('utf8').includes(`%3A${id}%3Arole`)),
      action: { kind: 'error', status: 403, code: 'AccessDenied', message: `not authorized <!channel> <https://evil.example|click> ${'x'.repeat(2_000)}` },
    });
    const accountSettings = { ...settings, ACCOUNTS_SOURCE: 'organizations' as const, ORGANIZATION_INCLUDE: ids };
    const targets = await resolveAccounts(accountSettings, { directory: deps().directory });
    expect(targets.map((one) => one.accountId).sort()).toEqual(ids);

    // Every account is scanned for real (AssumeRole, ListBuckets); the ledger over DynamoDB is covered by
    // faults.test.ts, so here the summary is built without a table to keep the file within its budget.
    const scanner = deps();
    const limit = pLimit(32);
    const results = await Promise.all(targets.map((one) => limit(() => scanAccount(one, scanner, { scanId: SCAN_ID, trigger: 'schedule', ...limits() }))));
    expect(results.filter((result) => result.status === 'failed').map((result) => result.accountId).sort()).toEqual([...denied].sort());
    expect(proxy.count({ rule: 'assume-denied' })).toBe(denied.size);
    expect(proxy.count({ operation: 'AssumeRole' })).toBe(ORGANISATION_ACCOUNTS);
    const coverage = { accountsTotal: ORGANISATION_ACCOUNTS, accountsScanned: ORGANISATION_ACCOUNTS - denied.size, accountsFailed: denied.size, bucketsListed: 0, bucketsEvaluated: 0, bucketsWithoutCors: 0, bucketsGone: 0, bucketsUnknown: 0 };
    expect(computeCoverage(results, ORGANISATION_ACCOUNTS)).toEqual(coverage);
    const snapshot = snapshotFromResults(results, { scanId: SCAN_ID, trigger: 'schedule', startedAt: '2026-11-23T02:00:00.000Z', accountIds: ids, now: new Date('2026-11-23T02:30:00Z') });
    const summary = snapshot.latestScan;
    expect(summary.coverage).toEqual(coverage);
    // A hundred failed accounts, each with a 2 KB hostile message: the digest stays one SNS message, one
    // DynamoDB item and one Slack post within its limits.
    expect(snsBytes({ type: 'digest', summary })).toBeLessThanOrEqual(SNS_MAX_BYTES);
    expect(Buffer.byteLength(JSON.stringify(summary))).toBeLessThan(DYNAMODB_ITEM_MAX_BYTES);
    expectSlackWithinLimits(renderSlackMessage({ type: 'digest', summary }));
    expect(summary.accountErrors.length).toBeGreaterThan(0);
    for (const error of summary.accountErrors) expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE);
    const text = renderTextSummary(snapshot, { color: false });
    expect(text).toContain(`${ORGANISATION_ACCOUNTS} total`);
    // eslint-disable-next-line no-control-regex -- the point is to find control characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  }, 60_000);
});

// `npm run bench:report`: report items written per second into a local DynamoDB (dynalite) through the real
// report path (startScan + recordAccountResult over createReportTable), with a share of BatchWriteItem calls
// answered with UnprocessedItems (as DynamoDB does when throttled) so the leftover retries are measured too.
// Baseline, same run: the same items written one PutItem at a time. Flags: --accounts --buckets
// --unprocessed-share --baseline-items.
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createReportTable, reportTableDefinition } from '../lib/aws/report-table';
import { loadSettings } from '../lib/config';
import { configHash, fromS3Rules } from '../lib/cors';
import { assessBucket } from '../lib/engine';
import { recordAccountResult, startScan } from '../lib/report';
import type { ReportPorts } from '../lib/report/ports';
import { KEY } from '../lib/report/table-keys';
import type { AccountScanResult, BucketOutcome } from '../lib/scan/types';
import { listen, type RunningServer } from '../test/support/emulators/http-server';
import { on, startFaultProxy, type FaultProxy, type FaultRule, type UpstreamAnswer } from '../test/support/fault-proxy';
import { accountBuckets, accountIdOf } from './support/estate';
import { numberFlag, runBenchmark } from './support/figures';

const SCAN_ID = 'bench-report';
const SCANNED_AT = '2026-11-23T02:00:00.000Z';

interface Flags {
  accounts: number;
  buckets: number;
  unprocessedShare: number;
  baselineItems: number;
}

function readFlags(): Flags {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '4' },
      buckets: { type: 'string', default: '2000' },
      'unprocessed-share': { type: 'string', default: '0.2' },
      'baseline-items': { type: 'string', default: '500' },
    },
  });
  return {
    accounts: numberFlag('accounts', values.accounts, 1, 1000),
    buckets: numberFlag('buckets', values.buckets, 1, 1_000_000),
    unprocessedShare: numberFlag('unprocessed-share', values['unprocessed-share'], 0, 0.9),
    baselineItems: numberFlag('baseline-items', values['baseline-items'], 1, 1_000_000),
  };
}

/** Scan results with every bucket configured and assessed by the real engine: the findings are real. */
function syntheticResults({ accounts, buckets }: Flags, now: Date): AccountScanResult[] {
  return Array.from({ length: accounts }, (_, index) => {
    const outcomes: BucketOutcome[] = accountBuckets({ accounts, buckets, corsShare: 1, seed: 11 }, index).map((bucket) => {
      const rules = bucket.cors ?? [];
      const exposure = { policyIsPublic: bucket.policyIsPublic, websiteHosting: bucket.websiteHosting };
      const assessment = assessBucket({ config: fromS3Rules(rules, { resource: bucket.name }), exposure, target: { accountId: bucket.accountId, bucket: bucket.name }, now });
      return { accountId: bucket.accountId, bucket: bucket.name, region: bucket.region, status: 'evaluated', corsRules: rules, configHash: configHash(rules), exposure, assessment };
    });
    return { scanId: SCAN_ID, accountId: accountIdOf(index), startedAt: SCANNED_AT, finishedAt: SCANNED_AT, status: 'complete', isSlice: false, buckets: outcomes, errors: [] };
  });
}

/**
 * Every `1 / share`-th BatchWriteItem of two or more requests reaches the table with its first half only; the
 * answer names the second half in UnprocessedItems, exactly what the writer must send again.
 */
function unprocessedItemsRule(share: number): FaultRule {
  let credit = 0;
  const split = (body: Buffer) => {
    const input = JSON.parse(body.toString('utf8')) as { RequestItems: Record<string, unknown[]> };
    const [table, requests = []] = Object.entries(input.RequestItems)[0] ?? [];
    const keep = Math.ceil(requests.length / 2);
    return { input, table: table ?? '', kept: requests.slice(0, keep), left: requests.slice(keep) };
  };
  return {
    name: 'unprocessed-items',
    match: (request) => {
      if (!on.dynamodb('BatchWriteItem')(request)) return false;
      credit += share;
      if (credit < 1 || split(request.body).left.length === 0) return false;
      credit -= 1;
      return true;
    },
    action: {
      kind: 'rewrite',
      request: (body) => {
        const { input, table, kept } = split(body);
        return Buffer.from(JSON.stringify({ ...input, RequestItems: { [table]: kept } }));
      },
      rewrite: (answer, request): UpstreamAnswer => {
        const { table, left } = split(request.body);
        const parsed = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
        // The checksum covered the original body; the SDK would reject the rewritten one against it.
        const { 'x-amz-crc32': _checksum, ...headers } = answer.headers;
        return { ...answer, headers, body: Buffer.from(JSON.stringify({ ...parsed, UnprocessedItems: { [table]: left } })) };
      },
    },
  };
}

async function scanAll(client: DynamoDBClient, tableName: string): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function main(): Promise<number> {
  const flags = readFlags();
  const { accounts, buckets, unprocessedShare, baselineItems } = flags;
  let dynamo: RunningServer | undefined;
  let proxy: FaultProxy | undefined;
  let client: DynamoDBClient | undefined;
  try {
    dynamo = await listen(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
    // The fault layer of the fault tests: it counts every call and injects the UnprocessedItems.
    proxy = await startFaultProxy({ s3: dynamo.url, sts: dynamo.url, dynamodb: dynamo.url });
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: proxy.env.AWS_ENDPOINT_URL_DYNAMODB, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'bench', AWS_EC2_METADATA_DISABLED: 'true' });
    delete process.env.AWS_PROFILE;
    const settings = { ...loadSettings(), REPORT_TABLE_NAME: 'bench-report' };
    client = new DynamoDBClient({ region: settings.AWS_REGION });
    await client.send(new CreateTableCommand(reportTableDefinition(settings.REPORT_TABLE_NAME)));
    await client.send(new CreateTableCommand(reportTableDefinition('bench-baseline')));

    const now = new Date(SCANNED_AT);
    const results = syntheticResults(flags, now);
    if (unprocessedShare > 0) proxy.script(unprocessedItemsRule(unprocessedShare));
    let retryRounds = 0;
    const table = createReportTable(settings, {
      sleep: (ms) => {
        retryRounds += 1; // The helper sleeps only before a round that resends leftovers.
        return new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const ports: ReportPorts = { table, historyRetentionDays: 90, now: () => now };
    const options = { alertMinSeverity: 'medium' as const, alertOnResolved: false };

    const started = performance.now();
    await startScan(ports, { scanId: SCAN_ID, trigger: 'schedule', startedAt: SCANNED_AT, accountIds: results.map((result) => result.accountId) });
    let recorded = 0;
    for (const result of results) recorded += (await recordAccountResult(ports, result, options)).recorded;
    const seconds = (performance.now() - started) / 1000;

    const batchCalls = proxy.count({ operation: 'BatchWriteItem' });
    const injected = proxy.count({ operation: 'BatchWriteItem', rule: 'unprocessed-items' });
    proxy.reset();
    const stored = await scanAll(client, settings.REPORT_TABLE_NAME);
    const itemsPerSecond = stored.length / seconds;

    // Baseline: the same stored items, one PutItem each, one after the other (the loop most code writes).
    const sample = stored.slice(0, baselineItems);
    const baselineStarted = performance.now();
    for (const item of sample) await client.send(new PutItemCommand({ TableName: 'bench-baseline', Item: item }));
    const baselinePerSecond = sample.length / ((performance.now() - baselineStarted) / 1000);

    const findings = results.reduce((sum, result) => sum + result.buckets.reduce((count, outcome) => count + (outcome.status === 'evaluated' ? outcome.assessment.findings.length : 0), 0), 0);
    // Nothing lost: one state item per bucket and one scan-finding item per finding the engine reported.
    const text = (item: Record<string, AttributeValue>, name: string) => item[name]?.S ?? '';
    const states = stored.filter((item) => text(item, 'sk').startsWith(KEY.bucketPrefix)).length;
    const scanFindings = stored.filter((item) => text(item, 'pk') === KEY.scan(SCAN_ID) && text(item, 'sk').startsWith(KEY.scanFindingPrefix)).length;
    const lost = recorded !== buckets || states !== buckets || scanFindings !== findings;
    process.stdout.write([
      `report-write benchmark (${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; dynalite and the fault proxy in this process)`,
      `  recorded ${recorded.toLocaleString('en')} buckets of ${accounts} accounts (${findings.toLocaleString('en')} findings) through startScan + recordAccountResult`,
      `  ${stored.length.toLocaleString('en')} items stored in ${seconds.toFixed(2)} s: ${Math.round(itemsPerSecond).toLocaleString('en')} items/s`,
      `  BatchWriteItem calls: ${batchCalls.toLocaleString('en')}, of which ${injected.toLocaleString('en')} answered with UnprocessedItems (share ${unprocessedShare}); retry rounds: ${retryRounds.toLocaleString('en')}`,
      `  baseline, one PutItem per item: ${Math.round(baselinePerSecond).toLocaleString('en')} items/s over ${sample.length.toLocaleString('en')} items → the batched path writes ${(itemsPerSecond / baselinePerSecond).toFixed(1)}× as fast`,
      lost
        ? `  WRONG: ${recorded} buckets recorded, ${states} states and ${scanFindings} findings stored, expected ${buckets}, ${buckets} and ${findings}`
        : '  nothing lost: a state per bucket and a stored finding per finding, leftovers resent until none was left',
      '',
    ].join('\n'));
    return lost ? 1 : 0;
  } finally {
    client?.destroy();
    await proxy?.close();
    await dynamo?.close();
  }
}

runBenchmark('bench:report', main);

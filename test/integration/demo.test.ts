// `npm start` in-process: the demo drives schedule-scan → SQS → scan-account → DynamoDB → SNS →
// notify-slack → Slack sink against the local AWS, and these tests check what landed where.
// Depends on the report side (lib/report/index.ts: createReportPorts, readReportSnapshot;
// lib/aws/report-table.ts: reportTableDefinition; renderHtmlReport) landing: until then runDemo fails
// with "demo: cannot load ..." and every assertion below fails with it (on purpose: nothing is skipped).
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditableAccounts, DEMO_HOSTILE_ORIGINS, DEMO_ORGANIZATION } from '../../lib/demo/organization';
import { main } from '../../lib/cli/main';
import { diffSnapshots, renderDiff, runDemo, type DemoResult } from '../../lib/demo/run-demo';
import { SEVERITIES } from '../../lib/engine/types';
import type { BucketState, FindingRecord } from '../../lib/report/model';
import { localClientConfig } from '../support/local-aws-resources';

let outDir: string;
let result: DemoResult;
let output = '';
/** The report table's raw items, read with the real SDK before the local AWS stopped. */
let rawTable = '';

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 's3-cors-audit-demo-'));
  result = await runDemo({
    changes: true,
    outDir,
    write: (text) => {
      output += text;
    },
    writeFile: (path, contents) => writeFile(path, contents, 'utf8'),
    beforeStop: async ({ env }) => {
      const dynamo = new DynamoDBClient(localClientConfig(env, 'DYNAMODB'));
      const items = [];
      for await (const page of paginateScan({ client: dynamo }, { TableName: env.REPORT_TABLE_NAME })) items.push(...(page.Items ?? []));
      rawTable = JSON.stringify(items);
      dynamo.destroy();
    },
  });
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const [first, second] = [() => result.scans[0]!, () => result.scans[1]!];
const bucket = (name: string, scan = first()): BucketState => {
  const found = scan.snapshot.buckets.find((candidate) => candidate.bucket === name);
  if (!found) throw new Error(`bucket ${name} not in the report`);
  return found;
};
const ruleIds = (name: string, scan = first()) => bucket(name, scan).findings.filter((finding) => !finding.suppression).map((finding) => finding.ruleId);
const DENIED = DEMO_ORGANIZATION.accounts.find((account) => account.auditRole === 'deny')!;
const SUSPENDED = DEMO_ORGANIZATION.accounts.find((account) => account.status === 'SUSPENDED')!;

describe('the report table after the first scan', () => {
  it('holds every bucket of every auditable account, and none of the denied or suspended ones', () => {
    const perAccount = (buckets: BucketState[]) => Object.fromEntries(auditableAccounts().map((account) => [account.id, buckets.filter((entry) => entry.accountId === account.id).length]));
    expect(perAccount(first().snapshot.buckets)).toEqual(Object.fromEntries(auditableAccounts().map((account) => [account.id, account.buckets.length])));
    expect(first().snapshot.buckets.filter((entry) => entry.accountId === DENIED.id || entry.accountId === SUSPENDED.id)).toEqual([]);
    expect(first().snapshot.latestScan.coverage.bucketsListed).toBe(auditableAccounts().reduce((sum, account) => sum + account.buckets.length, 0));
  });

  it('records the denied account as a scan error (AssumeRole AccessDenied), not as a clean account', () => {
    expect(first().snapshot.latestScan.accountErrors).toContainEqual(expect.objectContaining({ accountId: DENIED.id, code: 'AccessDenied', stage: 'assume-role' }));
    expect(first().snapshot.latestScan.coverage.accountsFailed).toBe(1);
  });

  it.each([
    ['mkt-landing-pages', 'S3CORS-ORIGIN-SUFFIX-BYPASS'],
    ['mkt-preview-builds', 'S3CORS-ORIGIN-PREFIX-BYPASS'],
    ['mkt-tutorial-copy-paste', 'S3CORS-ANY-ORIGIN-WRITE'],
    ['dp-shared-datasets', 'S3CORS-ANY-ORIGIN-WRITE'],
    ['mkt-null-origin', 'S3CORS-ORIGIN-NULL'],
    ['mkt-localhost-dev', 'S3CORS-ORIGIN-DEVELOPMENT'],
    ['mkt-http-origin', 'S3CORS-ORIGIN-CLEARTEXT'],
    ['mkt-github-pages', 'S3CORS-ORIGIN-PUBLIC-HOSTING'],
    ['pay-statements-eu', 'S3CORS-RULE-SHADOWED'],
  ])('reports %s with %s', (name, ruleId) => {
    expect(ruleIds(name)).toContain(ruleId);
  });

  it('weighs exposure: * writes on a bucket whose ACL lets anyone write are escalated to critical, with the reason', () => {
    const anyOriginWrite = (name: string) => bucket(name).findings.find((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-WRITE');
    const escalated = anyOriginWrite('dp-shared-datasets');
    expect(escalated?.severity).toBe('critical');
    expect(SEVERITIES.indexOf(escalated!.severity)).toBeGreaterThan(SEVERITIES.indexOf(escalated!.baseSeverity));
    expect(escalated?.severityReason).toBeTruthy();
    expect(SEVERITIES.indexOf(anyOriginWrite('mkt-tutorial-copy-paste')?.severity ?? 'info')).toBeLessThan(SEVERITIES.indexOf('critical'));
    expect(bucket('dp-shared-datasets').score ?? 100).toBeLessThan(bucket('pay-receipts-eu').score ?? 0);
  });

  it('keeps buckets without CORS as no-cors and the clean ones free of high findings', () => {
    expect(bucket('pay-settlement-archive').status).toBe('no-cors');
    expect(bucket('dp-lake-raw-apse2').status).toBe('no-cors');
    expect(bucket('pay-receipts-eu').findings.filter((finding) => finding.severity === 'high' || finding.severity === 'critical')).toEqual([]);
  });

  it('reports the tag-suppressed finding as suppressed, with its reason', () => {
    const accepted = bucket('mkt-accepted-assets').findings.find((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-READ');
    expect(accepted?.suppression).toMatchObject({ reason: 'public assets', source: 'tag' });
    expect(ruleIds('mkt-accepted-assets')).not.toContain('S3CORS-ANY-ORIGIN-READ');
  });

  it('stores hostile origins as data (raw in the table, bounded)', () => {
    expect(rawTable).toContain('<!channel>');
    expect(rawTable).toContain('pipe|injected');
    const hostile = bucket('pay-hostile-cors');
    expect(hostile.status).toBe('evaluated');
    expect(hostile.corsRules?.[0]?.AllowedOrigins?.slice(0, 3)).toEqual(DEMO_HOSTILE_ORIGINS.slice(0, 3));
  });
});

describe('alerts and Slack', () => {
  const delivered = () => result.slackPosts.filter((post) => post.status === 200);

  it('delivered SNS alerts through notify-slack, retrying the post the sink answered 429', () => {
    expect(first().alerts.delivered).toBeGreaterThan(0);
    expect(first().alerts.failed).toBe(0);
    expect(result.slackPosts[0]?.status).toBe(429);
    expect(delivered().map((post) => post.body)).toContainEqual(result.slackPosts[0]?.body);
  });

  it('posted a digest naming each scan', () => {
    const text = JSON.stringify(delivered().map((post) => post.body));
    expect(text).toContain(first().scanId);
    expect(text).toContain(second().scanId);
  });

  it('escapes hostile strings in every Slack post', () => {
    const text = JSON.stringify(result.slackPosts.map((post) => post.body));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('<img src=x');
  });

  it('dumped every post to the JSON file it printed', async () => {
    const dumped = JSON.parse(await readFile(result.slackDumpPath, 'utf8')) as unknown[];
    expect(dumped).toHaveLength(result.slackPosts.length);
    expect(output).toContain(result.slackDumpPath);
  });
});

describe('report.html', () => {
  it('is written where the demo says, and escapes hostile strings', async () => {
    expect(output).toContain(`HTML report: ${result.reportPath}`);
    const html = await readFile(result.reportPath, 'utf8');
    expect(html).toContain('pay-hostile-cors');
    expect(html).not.toContain('<script>alert(document.domain)</script>');
    expect(html).not.toContain('<!channel>');
    expect(html).not.toContain('<img src=x onerror');
  });
});

describe('the second scan, after lib/demo/changes.ts', () => {
  const keys = (findings: FindingRecord[]) => findings.map((finding) => `${finding.bucket} ${finding.ruleId}`);

  it('reports the new bucket and the worsened one as new findings, and the fixed one as resolved', () => {
    expect(keys(result.diff.added)).toEqual(expect.arrayContaining(['dp-upload-staging-apse2 S3CORS-ORIGIN-SUFFIX-BYPASS', 'pay-receipts-eu S3CORS-ANY-ORIGIN-WRITE']));
    expect(keys(result.diff.resolved)).toContain('mkt-tutorial-copy-paste S3CORS-ANY-ORIGIN-WRITE');
    expect(new Set(result.diff.added.map((finding) => finding.bucket))).toEqual(new Set(['dp-upload-staging-apse2', 'pay-receipts-eu']));
    expect(new Set(result.diff.resolved.map((finding) => finding.bucket))).toEqual(new Set(['mkt-tutorial-copy-paste']));
  });

  it('marks the change kinds in the stored findings and the new bucket in the inventory', () => {
    expect(bucket('mkt-tutorial-copy-paste', second()).status).toBe('no-cors');
    expect(bucket('dp-upload-staging-apse2', second()).findings.every((finding) => finding.change === 'new')).toBe(true);
    expect(second().snapshot.latestScan.changes.new).toBeGreaterThanOrEqual(2);
    expect(second().snapshot.latestScan.changes.resolved).toBeGreaterThanOrEqual(1);
  });

  it('says "nothing new" when nothing changed', () => {
    expect(renderDiff(diffSnapshots(second().snapshot, second().snapshot))).toBe('Second scan: nothing new, nothing resolved.');
    expect(output).toMatch(/Second scan: \d+ new, \d+ resolved/);
  });
});

describe('the run itself', () => {
  const capture = () => {
    const io = { out: '', err: '', isTty: false, stdout: (text: string) => void (io.out += text), stderr: (text: string) => void (io.err += text), readFile: (path: string) => readFile(path, 'utf8'), writeFile: (path: string, contents: string) => writeFile(path, contents, 'utf8') };
    return io;
  };

  it('honours --help and refuses unknown options, without starting anything', async () => {
    const help = capture();
    expect(await main(['demo', '--help'], help)).toBe(0);
    expect(help.out).toContain('--changes');
    const wrong = capture();
    expect(await main(['demo', '--no-such-flag'], wrong)).toBe(2);
    expect(wrong.err).toContain('--no-such-flag');
  });

  it('printed a progress line per account and scan, then the summary', () => {
    for (const account of [...auditableAccounts(), DENIED]) {
      expect(output.split('\n').filter((line) => line.includes(account.id) && /^ {2}[✓✗!] /.test(line)).length).toBeGreaterThanOrEqual(2);
    }
    expect(output).toMatch(new RegExp(`! ${DENIED.id} .*not scanned: AccessDenied at assume-role`));
    for (const account of auditableAccounts()) {
      expect(output).toMatch(new RegExp(`✓ ${account.id} .* ${account.buckets.length} buckets`));
    }
    expect(output).toContain('Findings by severity');
  });

  it('as `npm start` without --changes: exits 0 on its own, and the second scan finds nothing new', async () => {
    // A separate process: it must end by itself (no server, socket or timer left), within the timeout.
    const child = spawn(process.execPath, ['bin/s3-cors-audit.mjs', 'demo', '--out-dir', join(outDir, 'spawned')], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(null);
      }, 90_000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code).toBe(0);
    expect(stdout).toContain('Second scan: nothing new, nothing resolved.');
  }, 120_000);

  it('left no server listening', async () => {
    expect(result.endpoints.length).toBeGreaterThanOrEqual(8);
    const reachable = await Promise.all(result.endpoints.map((endpoint) => new Promise<boolean>((resolve) => {
      const { hostname, port } = new URL(endpoint);
      const socket = connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    })));
    expect(reachable.every((open) => !open)).toBe(true);
  });
});

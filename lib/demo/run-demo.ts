// `npm start`: the nightly scan end to end against the local AWS, through the very handlers Lambda
// runs: schedule-scan → scan queue (SQS) → scan-account per account → report table (DynamoDB) →
// alerts topic (SNS) → subscribed queue → notify-slack → Slack sink. Then the text summary, the
// HTML report, and a second scan (after lib/demo/changes.ts with --changes) to show what changed.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Context, ScheduledEvent, SNSEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { applyDemoChanges } from '../../test/support/emulators/seed';
import { startLocalAws, type LocalAws, type SlackPost } from '../../test/support/local-aws';
import { createQueue, createTable, createTopicWithQueue, pollQueue, type PolledQueue } from '../../test/support/local-aws-resources';
import { endLambdaContainer } from '../../test/support/lambda-container';
import { applyEnv } from '../../test/support/process-env';
import { loadSettings } from '../config';
import type { FindingRecord, ReportSnapshot } from '../report/model';
import { escapeTerminal, truncateText } from '../report/escape';
import { renderTextSummary } from '../report/text-summary';
import { parseAccountMessage } from '../scan/messages';
import { DEMO_CHANGES } from './changes';
import { lambdaContext, scheduledEvent, snsEventFromEnvelope, sqsEvent } from './lambda-events';
import { DEMO_ORGANIZATION, type DemoOrganization } from './organization';
import { loadReportAccess, type ReportAccess } from './report-access';

export interface DemoOptions {
  /** Apply lib/demo/changes.ts between the two scans. */
  changes: boolean;
  /** Where report.html and the Slack dump go (created if missing). */
  outDir: string;
  color?: boolean;
  /** Keep the handlers' INFO logs (JSON lines on stdout). */
  verbose?: boolean;
  write(text: string): void;
  writeFile(path: string, contents: string): Promise<void>;
  organization?: DemoOrganization;
  /** Runs with the local AWS still up, after both scans (tests inspect the table and queues here). */
  beforeStop?(context: DemoContext): Promise<void>;
}

export interface DemoContext {
  localAws: LocalAws;
  /** The settings the handlers ran with (AWS_ENDPOINT_URL_*, REPORT_TABLE_NAME, ...). */
  env: Record<string, string>;
}

export interface AccountProgress {
  accountId: string;
  accountName?: string;
  outcome: 'done' | 'handed-off' | 'failed';
  millis: number;
}

export interface DemoScan {
  scanId: string;
  accounts: AccountProgress[];
  alerts: { delivered: number; failed: number };
  snapshot: ReportSnapshot;
}

export interface DemoDiff {
  added: FindingRecord[];
  resolved: FindingRecord[];
  severityChanged: Array<{ before: FindingRecord; after: FindingRecord }>;
}

export interface DemoResult {
  scans: DemoScan[];
  diff: DemoDiff;
  reportPath: string;
  slackDumpPath: string;
  slackPosts: SlackPost[];
  /** Every URL the local AWS served on; all closed when runDemo returns. */
  endpoints: string[];
}

/** Lambda's maximum timeout: what scan-account is deployed with. */
const SCAN_TIMEOUT_MS = 15 * 60_000;
const NOTIFY_TIMEOUT_MS = 60_000;
/** SQS redrive: after this many receives a message goes to the dead-letter queue. */
const MAX_RECEIVES = 3;

interface Handlers {
  schedule: (event: ScheduledEvent, context: Context) => Promise<{ scanId: string; accounts: number }>;
  scan: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
  notify: (event: SNSEvent, context: Context) => Promise<unknown>;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const organization = options.organization ?? DEMO_ORGANIZATION;
  const localAws = await startLocalAws({ managementAccountId: organization.managementAccountId, slack: { rateLimitFirst: 1, retryAfterSeconds: 1 } });
  const endpoints = Object.entries(localAws.env).filter(([name]) => name.startsWith('AWS_ENDPOINT_URL_') || name === 'LOCAL_AWS_SLACK_WEBHOOK_URL').map(([, url]) => new URL(url).origin);
  let restoreEnv: (() => void) | undefined;
  const queues: PolledQueue[] = [];
  try {
    const seeded = await localAws.seed(organization);
    const report = await loadReportAccess();
    const env = await createScanResources(localAws, organization, seeded.slackWebhookParameter, report, options.verbose ?? false);
    restoreEnv = applyEnv(env);
    const handlers = await loadHandlers();
    const scanQueue = pollQueue(env, env.SCAN_QUEUE_URL ?? '');
    const alertQueue = pollQueue(env, env.DEMO_ALERTS_QUEUE_URL ?? '');
    queues.push(scanQueue, alertQueue);
    const run = { env, handlers, scanQueue, alertQueue, report, localAws, options };
    options.write(`Local AWS up: ${seeded.accounts} accounts, ${seeded.buckets} buckets seeded (S3 at ${env.AWS_ENDPOINT_URL_S3}).\n\n`);

    const first = await runScan(run, 'First scan');
    options.write(`\n${renderTextSummary(first.snapshot, { color: options.color ?? false })}\n`);
    if (options.changes) {
      options.write('\nApplying changes before the second scan:\n');
      for (const change of DEMO_CHANGES) options.write(`  - ${change.description}\n`);
      await applyDemoChanges(localAws, DEMO_CHANGES);
    }
    const second = await runScan(run, options.changes ? 'Second scan (after changes)' : 'Second scan (nothing changed)');
    const diff = diffSnapshots(first.snapshot, second.snapshot);
    options.write(`\n${renderDiff(diff)}\n`);

    await mkdir(options.outDir, { recursive: true });
    const reportPath = resolve(join(options.outDir, 'report.html'));
    await options.writeFile(reportPath, report.renderHtml(second.snapshot));
    const slackDumpPath = resolve(join(options.outDir, 'demo-slack-posts.json'));
    const slackPosts = [...localAws.slack.posts];
    await options.writeFile(slackDumpPath, `${JSON.stringify(slackPosts, null, 2)}\n`);
    const limited = slackPosts.filter((post) => post.status === 429).length;
    options.write([
      '',
      `HTML report: ${reportPath}`,
      `Alerts: ${first.alerts.delivered + second.alerts.delivered} SNS messages delivered to notify-slack (${first.alerts.failed + second.alerts.failed} failed).`,
      `Slack: ${localAws.slack.delivered().length} posts accepted by the local webhook (${limited} answered 429 and retried); all posts in ${slackDumpPath}`,
      '',
    ].join('\n'));
    await options.beforeStop?.({ localAws, env });
    return { scans: [first, second], diff, reportPath, slackDumpPath, slackPosts, endpoints };
  } finally {
    queues.forEach((queue) => queue.close());
    endLambdaContainer();
    restoreEnv?.();
    await localAws.stop();
  }
}

interface ScanRun {
  env: Record<string, string>;
  handlers: Handlers;
  scanQueue: PolledQueue;
  alertQueue: PolledQueue;
  report: ReportAccess;
  localAws: LocalAws;
  options: DemoOptions;
}

async function runScan(run: ScanRun, title: string): Promise<DemoScan> {
  const { env, handlers, localAws, options } = run;
  const region = localAws.region;
  const started = await handlers.schedule(scheduledEvent(region, localAws.managementAccountId, 's3-cors-audit-nightly'), lambdaContext('s3-cors-audit-schedule-scan', 60_000, region, localAws.managementAccountId));
  options.write(`${title}: ${started.scanId}, ${started.accounts} accounts queued\n`);
  const accounts = await drainScanQueue(run, started.scanId, env.DEMO_SCAN_QUEUE_ARN ?? '');
  const alerts = await deliverAlerts(run);
  const snapshot = await run.report.readSnapshot(loadSettings(), started.scanId);
  return { scanId: started.scanId, accounts, alerts, snapshot };
}

/** Feeds the scan queue to scan-account one message per invocation until it is empty, as the event source mapping does. */
async function drainScanQueue(run: ScanRun, scanId: string, queueArn: string): Promise<AccountProgress[]> {
  const { handlers, scanQueue, localAws, options } = run;
  const progress: AccountProgress[] = [];
  for (;;) {
    const [message] = await scanQueue.receive(1);
    if (!message) {
      if ((await scanQueue.pending()) === 0) return progress;
      await new Promise((resolveWait) => setTimeout(resolveWait, 200)); // delayed or in-flight continuation
      continue;
    }
    const target = describeTarget(message.body);
    const startedAt = Date.now();
    const response = await handlers.scan(sqsEvent([message], queueArn, localAws.region), lambdaContext('s3-cors-audit-scan-account', SCAN_TIMEOUT_MS, localAws.region, localAws.managementAccountId));
    const failed = (response?.batchItemFailures ?? []).some((failure) => failure.itemIdentifier === message.messageId);
    const receives = Number(message.attributes.ApproximateReceiveCount ?? '1');
    if (!failed || receives >= MAX_RECEIVES) await scanQueue.remove([message.receiptHandle]);
    else await scanQueue.release(message.receiptHandle);
    const outcome: AccountProgress['outcome'] = failed ? 'failed' : target.slice ? 'handed-off' : 'done';
    const entry = { accountId: target.accountId, ...(target.name ? { accountName: target.name } : {}), outcome, millis: Date.now() - startedAt };
    progress.push(entry);
    const note = failed ? (receives >= MAX_RECEIVES ? 'failed (dead-lettered)' : `failed (retry ${receives}/${MAX_RECEIVES})`) : await accountNote(run, scanId, target);
    const mark = failed ? '✗' : note.startsWith('not scanned') ? '!' : '✓';
    options.write(`  ${mark} ${target.accountId}  ${escapeTerminal(truncateText(target.name ?? '', 30)).padEnd(30)} ${note} in ${(entry.millis / 1000).toFixed(1)} s\n`);
  }
}

/** What the report table now says about the account in this scan, for its progress line. */
async function accountNote(run: ScanRun, scanId: string, target: { accountId: string; slice: boolean }): Promise<string> {
  let snapshot: ReportSnapshot;
  try {
    snapshot = await run.report.readSnapshot(loadSettings(), scanId);
  } catch (error) {
    return `processed (report not readable yet: ${escapeTerminal(truncateText((error as Error).message, 80))})`;
  }
  const error = snapshot.latestScan.accountErrors.find((candidate) => candidate.accountId === target.accountId);
  const buckets = snapshot.buckets.filter((bucket) => bucket.accountId === target.accountId && bucket.lastScanId === scanId);
  const withFindings = buckets.filter((bucket) => bucket.findings.some((finding) => !finding.suppression)).length;
  const scanned = `${buckets.length} buckets, ${withFindings} with findings${target.slice ? ' (continuation)' : ''}`;
  if (!error) return scanned;
  const reason = `${escapeTerminal(truncateText(error.code, 40))} at ${error.stage}`;
  return buckets.length === 0 ? `not scanned: ${reason}` : `${scanned}; ${reason}`;
}

function describeTarget(body: string): { accountId: string; name?: string; slice: boolean } {
  try {
    const message = parseAccountMessage(body);
    return { accountId: message.account.accountId, ...(message.account.name ? { name: message.account.name } : {}), slice: message.buckets !== undefined };
  } catch (error) {
    void error; // scan-account rejects it too and reports the batch item failure; the line says so.
    return { accountId: '(unreadable message)', slice: false };
  }
}

/** Hands every SNS notification that reached the subscribed queue to notify-slack, one record per invocation as SNS does. */
async function deliverAlerts(run: ScanRun): Promise<{ delivered: number; failed: number }> {
  const { handlers, alertQueue, localAws, env } = run;
  let delivered = 0;
  let failed = 0;
  for (;;) {
    const messages = await alertQueue.receive(10);
    if (messages.length === 0) return { delivered, failed };
    for (const message of messages) {
      const event = snsEventFromEnvelope(message.body, `${env.ALERTS_TOPIC_ARN}:demo-subscription`);
      const receives = Number(message.attributes.ApproximateReceiveCount ?? '1');
      let ok = event !== undefined;
      if (event) {
        try {
          await handlers.notify(event, lambdaContext('s3-cors-audit-notify-slack', NOTIFY_TIMEOUT_MS, localAws.region, localAws.managementAccountId));
        } catch (error) {
          ok = false;
          run.options.write(`  ! notify-slack failed (attempt ${receives}/${MAX_RECEIVES}): ${escapeTerminal(truncateText((error as Error).message, 200))}\n`);
        }
      }
      if (ok) delivered += 1;
      if (ok || receives >= MAX_RECEIVES || !event) {
        if (!ok) failed += 1;
        await alertQueue.remove([message.receiptHandle]);
      } else await alertQueue.release(message.receiptHandle);
    }
  }
}

async function createScanResources(localAws: LocalAws, organization: DemoOrganization, slackWebhookParameter: string, report: ReportAccess, verbose: boolean): Promise<Record<string, string>> {
  const names = { table: 's3-cors-audit-demo-report', queue: 's3-cors-audit-demo-scan', topic: 's3-cors-audit-demo-alerts' };
  const table = await createTable(localAws.env, report.tableDefinition(names.table) as unknown as Parameters<typeof createTable>[1]);
  const scanQueue = await createQueue(localAws.env, names.queue, { VisibilityTimeout: '960' });
  const alerts = await createTopicWithQueue(localAws.env, names.topic);
  const logLevel = verbose ? 'INFO' : 'ERROR';
  return {
    ...localAws.env,
    SCAN_MODE: 'queue',
    SCAN_QUEUE_URL: scanQueue.queueUrl,
    DEMO_SCAN_QUEUE_ARN: scanQueue.queueArn,
    REPORT_TABLE_NAME: table.tableName,
    ALERTS_TOPIC_ARN: alerts.topicArn,
    DEMO_ALERTS_QUEUE_URL: alerts.queueUrl,
    ACCOUNTS_SOURCE: 'organizations',
    AUDIT_ROLE_NAME: organization.auditRoleName,
    AUDIT_EXTERNAL_ID: organization.externalId,
    SLACK_WEBHOOK_PARAMETER: slackWebhookParameter,
    LOG_LEVEL: logLevel,
    POWERTOOLS_LOG_LEVEL: logLevel,
    AWS_LAMBDA_FUNCTION_NAME: 's3-cors-audit-demo',
  };
}

/** Imported after the env is applied: the handlers' loggers and settings read it when they are built. */
async function loadHandlers(): Promise<Handlers> {
  const [schedule, scan, notify] = await Promise.all([
    import('../../functions/schedule-scan'),
    import('../../functions/scan-account'),
    import('../../functions/notify-slack'),
  ]);
  return {
    schedule: (event, context) => schedule.handler(event, context),
    // sqsPartialBatchFailure turns the settled results into { batchItemFailures } at runtime; the type does not say so.
    scan: async (event, context) => (await scan.handler(event, context)) as unknown as SQSBatchResponse | void,
    notify: (event, context) => notify.handler(event, context),
  };
}

export function diffSnapshots(before: ReportSnapshot, after: ReportSnapshot): DemoDiff {
  const index = (snapshot: ReportSnapshot) => new Map(snapshot.buckets.flatMap((bucket) => bucket.findings).map((finding) => [finding.findingId, finding]));
  const was = index(before);
  const now = index(after);
  return {
    added: [...now.values()].filter((finding) => !was.has(finding.findingId)),
    resolved: [...was.values()].filter((finding) => !now.has(finding.findingId)),
    severityChanged: [...now.values()].flatMap((finding) => {
      const previous = was.get(finding.findingId);
      return previous && previous.severity !== finding.severity ? [{ before: previous, after: finding }] : [];
    }),
  };
}

export function renderDiff(diff: DemoDiff): string {
  if (diff.added.length + diff.resolved.length + diff.severityChanged.length === 0) return 'Second scan: nothing new, nothing resolved.';
  const line = (mark: string, finding: FindingRecord) =>
    `  ${mark} [${finding.severity}] ${finding.accountId}/${escapeTerminal(truncateText(finding.bucket, 63))} ${finding.ruleId}: ${escapeTerminal(truncateText(finding.message, 120))}`;
  return [
    `Second scan: ${diff.added.length} new, ${diff.resolved.length} resolved, ${diff.severityChanged.length} changed severity`,
    ...diff.added.map((finding) => line('+', finding)),
    ...diff.resolved.map((finding) => line('-', finding)),
    ...diff.severityChanged.map(({ before, after }) => `${line('~', after)} (was ${before.severity})`),
  ].join('\n');
}

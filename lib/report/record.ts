// The report writer: the scan ledger (start, record each account, complete once) over the report
// table, with change detection per bucket, alerts for what changed and one digest per scan.
// Idempotent: a bucket's state item is written last and names its scan, so a redelivered account
// message skips what is already recorded; finding ids are stable, so nothing is ever duplicated.
import { createHash } from 'node:crypto';
import { SEVERITIES, type Severity } from '../engine/types';
import type { AccountScanResult, ScanTrigger } from '../scan/types';
import { detectBucketChange, severityIndex } from './changes';
import {
  accountDigestFromItem,
  accountDigestItem,
  bucketStateFromItem,
  bucketStateItem,
  expiryAfter,
  latestFindingItem,
  scanAccountIdsOf,
  scanFindingItem,
  scanSummaryFromItem,
  scanSummaryItem,
} from './items';
import type { AlertMessage, BucketState, ChangeKind, FindingRecord, ScanSummary } from './model';
import type { ReportPorts, WriteOperation } from './ports';
import { AccountDigestBuilder, summarise, type AccountDigest, type Sweep } from './scan-summary';
import { KEY } from './table-keys';

export interface AlertOptions {
  alertMinSeverity: Severity;
  alertOnResolved: boolean;
}

/** Buckets read, compared and written per round: bounds memory for accounts with thousands of buckets. */
const BUCKETS_PER_ROUND = 100;
const ALERTING_CHANGES: ReadonlySet<ChangeKind> = new Set(['new', 'worsened', 'suppression-expired']);

export async function startScan(ports: ReportPorts, input: { scanId: string; trigger: ScanTrigger; startedAt: string; accountIds: string[] }): Promise<{ created: boolean }> {
  const accountIds = [...new Set(input.accountIds)];
  const summary = summarise({ ...input, accountIds }, [], undefined);
  const expiresAt = expiryAfter(new Date(input.startedAt), ports.historyRetentionDays);
  // A redelivered start (same scan id) finds the summary in place and changes nothing.
  return { created: await ports.table.putIfAbsent(scanSummaryItem(summary, expiresAt, accountIds)) };
}

/** Which findings alert: worse than before (new, worsened, suppression expired), at or above the threshold. */
export function alertsFor(findings: readonly FindingRecord[], options: AlertOptions): AlertMessage[] {
  const threshold = SEVERITIES.indexOf(options.alertMinSeverity);
  return findings
    .filter((finding) => severityIndex(finding.severity) >= threshold)
    .filter((finding) => ALERTING_CHANGES.has(finding.change) || (options.alertOnResolved && finding.change === 'resolved'))
    .map((finding) => ({ type: 'finding', finding }));
}

const stateKey = (accountId: string, bucket: string) => ({ pk: KEY.account(accountId), sk: KEY.bucket(bucket) });
const latestFindingKey = (finding: FindingRecord) => ({ pk: KEY.account(finding.accountId), sk: KEY.latestFinding(finding.bucket, finding.findingId) });

/** A result's key among its scan's account items: the whole account, or one slice named by its buckets. */
function sliceKeyOf(result: AccountScanResult): string {
  if (!result.isSlice) return 'all';
  const names = result.buckets.map((outcome) => outcome.bucket).sort();
  return `slice-${createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16)}`;
}

export interface RecordedAccount {
  /** True for the call that recorded the scan's last pending account (see orchestrate.ts). */
  scanComplete: boolean;
  recorded: number;
  /** Buckets already recorded by an earlier delivery of the same result. */
  alreadyRecorded: number;
  alerts: { published: number; failed: number };
}

export async function recordAccountResult(ports: ReportPorts, result: AccountScanResult, options: AlertOptions): Promise<RecordedAccount> {
  const expiresAt = expiryAfter(ports.now(), ports.historyRetentionDays);
  const digest = new AccountDigestBuilder(result);
  const written: FindingRecord[] = [];
  let recorded = 0;
  let alreadyRecorded = 0;
  for (let start = 0; start < result.buckets.length; start += BUCKETS_PER_ROUND) {
    const round = result.buckets.slice(start, start + BUCKETS_PER_ROUND);
    const previous = new Map((await ports.table.getMany(round.map((outcome) => stateKey(outcome.accountId, outcome.bucket)))).map((item) => {
      const state = bucketStateFromItem(item);
      return [state.bucket, state] as const;
    }));
    const findingWrites: WriteOperation[] = [];
    const stateWrites: WriteOperation[] = [];
    for (const outcome of round) {
      const before = previous.get(outcome.bucket);
      if (before?.lastScanId === result.scanId) {
        alreadyRecorded += 1;
        digest.addBucket(outcome.status, before, before.findings.filter((finding) => finding.scanId === result.scanId));
        digest.digest.changes.resolved += before.resolvedCount ?? 0;
        continue;
      }
      recorded += 1;
      const change = detectBucketChange({ scanId: result.scanId, scannedAt: result.finishedAt, ...(result.accountName !== undefined ? { accountName: result.accountName } : {}), outcome, ...(before ? { previous: before } : {}) });
      for (const finding of change.current) findingWrites.push({ put: scanFindingItem(finding, expiresAt) }, { put: latestFindingItem(finding) });
      for (const finding of change.resolved) findingWrites.push({ put: scanFindingItem(finding, expiresAt) }, { delete: latestFindingKey(finding) });
      if (change.state) stateWrites.push({ put: bucketStateItem(change.resolved.length > 0 ? { ...change.state, resolvedCount: change.resolved.length } : change.state) });
      else if (before) stateWrites.push({ delete: stateKey(outcome.accountId, outcome.bucket) });
      digest.addBucket(outcome.status, change.state, [...change.current, ...change.resolved]);
      written.push(...change.current, ...change.resolved);
    }
    // Findings first, states last: a state names its scan only once everything it implies is stored.
    await ports.table.write(findingWrites);
    await ports.table.write(stateWrites);
  }

  const delivery = await deliver(ports, written, options);
  digest.addAlerts(delivery.published, delivery.failedCodes);
  await ports.table.write([{ put: accountDigestItem(result.scanId, sliceKeyOf(result), digest.digest, expiresAt) }]);

  let scanComplete = false;
  if (result.status !== 'handed-off') {
    const pending = await ports.table.removePendingAccount(result.scanId, result.accountId);
    scanComplete = pending.status === 'running' && pending.remaining === 0;
  }
  return { scanComplete, recorded, alreadyRecorded, alerts: { published: delivery.published, failed: delivery.failedCodes.length } };
}

async function deliver(ports: ReportPorts, findings: readonly FindingRecord[], options: AlertOptions): Promise<{ published: number; failedCodes: string[] }> {
  const failedCodes: string[] = [];
  let published = 0;
  const messages = alertsFor(findings, options);
  if (ports.alerts && messages.length > 0) {
    const outcome = await ports.alerts.publish(messages);
    published = outcome.published;
    failedCodes.push(...outcome.failed.map((failure) => failure.code));
  }
  if (ports.findingSink && findings.length > 0) {
    try {
      const imported = await ports.findingSink.import(findings.filter((finding) => finding.change !== 'suppressed'));
      for (let index = 0; index < imported.failed; index += 1) failedCodes.push('SecurityHubImportFailed');
    } catch (error) {
      // The optional second destination never fails the recording of an account.
      failedCodes.push(`SecurityHub:${(error as Error).name}`);
    }
  }
  return { published, failedCodes };
}

/**
 * Completes a scan once: summary from every account item, buckets that a complete scan of their
 * account no longer lists resolved as gone, then one digest. A second call returns the stored summary.
 */
export async function completeScan(ports: ReportPorts, scanId: string, options?: AlertOptions): Promise<ScanSummary> {
  const item = await ports.table.get({ pk: KEY.scan(scanId), sk: KEY.scanSummary });
  if (!item) throw Object.assign(new Error(`report: scan ${scanId} was never started`), { name: 'UnknownScan' });
  const started = scanSummaryFromItem(item);
  if (started.status === 'complete') return started;
  const accountIds = scanAccountIdsOf(item);

  const digests: AccountDigest[] = [];
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await ports.table.query({ partition: KEY.scan(scanId), sortPrefix: KEY.scanAccountPrefix, ...(cursor ? { cursor } : {}) });
    digests.push(...page.items.map(accountDigestFromItem));
    cursor = page.cursor;
  }
  const expiresAt = expiryAfter(new Date(started.startedAt), ports.historyRetentionDays);
  let sweep: Sweep = { gone: 0, resolved: 0 };
  if (started.trigger !== 'cors-change') {
    const completeAccounts = [...new Set(digests.map((digest) => digest.accountId))].filter((accountId) =>
      digests.filter((digest) => digest.accountId === accountId).every((digest) => digest.accountErrors.length === 0 && (digest.status === 'complete' || digest.status === 'handed-off')));
    sweep = await sweepGoneBuckets(ports, started, completeAccounts, options);
  }
  const summary = summarise({ scanId, trigger: started.trigger, startedAt: started.startedAt, accountIds }, digests, ports.now().toISOString(), sweep);
  const completed = await ports.table.completeSummary(scanSummaryItem(summary, expiresAt, accountIds));
  if (!completed) return scanSummaryFromItem((await ports.table.get({ pk: KEY.scan(scanId), sk: KEY.scanSummary })) ?? item);
  // A CloudTrail rescan of one bucket alerts through its findings; a digest for it would be noise.
  if (ports.alerts && summary.trigger !== 'cors-change') {
    const digestSent = await ports.alerts.publish([{ type: 'digest', summary }]);
    if (digestSent.failed.length > 0) {
      const alerts = summary.alerts ?? { published: 0, failed: 0, failureCodes: [] };
      const recordedFailure = { ...summary, alerts: { ...alerts, failed: alerts.failed + 1, failureCodes: [...new Set([...alerts.failureCodes, 'Digest:' + (digestSent.failed[0]?.code ?? 'Unknown')])] } };
      await ports.table.write([{ put: scanSummaryItem(recordedFailure, expiresAt, accountIds) }]);
      return recordedFailure;
    }
  }
  return summary;
}

/** Buckets of fully scanned accounts that this scan did not see: deleted since; their findings resolve. */
async function sweepGoneBuckets(ports: ReportPorts, scan: ScanSummary, accountIds: readonly string[], options?: AlertOptions): Promise<Sweep> {
  const sweep: Sweep = { gone: 0, resolved: 0 };
  const expiresAt = expiryAfter(new Date(scan.startedAt), ports.historyRetentionDays);
  for (const accountId of accountIds) {
    for (let cursor: string | undefined, first = true; first || cursor; first = false) {
      const page = await ports.table.query({ partition: KEY.account(accountId), sortPrefix: KEY.bucketPrefix, ...(cursor ? { cursor } : {}) });
      cursor = page.cursor;
      const stale = page.items.map(bucketStateFromItem).filter((state) => state.lastScanId !== scan.scanId && state.lastScannedAt < scan.startedAt);
      if (stale.length === 0) continue;
      const resolved = stale.flatMap((state) => goneFindings(state, scan.scanId));
      await ports.table.write(resolved.flatMap((finding) => [{ put: scanFindingItem(finding, expiresAt) }, { delete: latestFindingKey(finding) }]));
      await ports.table.write(stale.map((state) => ({ delete: stateKey(state.accountId, state.bucket) })));
      sweep.gone += stale.length;
      sweep.resolved += resolved.length;
      if (options && ports.alerts) await ports.alerts.publish(alertsFor(resolved, options));
    }
  }
  return sweep;
}

function goneFindings(state: BucketState, scanId: string): FindingRecord[] {
  return state.findings.filter((finding) => finding.change !== 'resolved').map((finding) => ({ ...finding, scanId, change: 'resolved' as const }));
}


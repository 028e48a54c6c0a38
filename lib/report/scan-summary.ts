// What one account result contributes to its scan's summary (an account digest, stored per account
// and slice), and how digests merge into the ScanSummary. Shared by the report table's ledger and by
// snapshots built straight from scan results (the CLI's `scan --format html`).
import { SEVERITIES, type Grade, type Severity } from '../engine/types';
import type { AccountError, AccountScanResult, ScanCoverage, ScanTrigger } from '../scan/types';
import { MAX_ERRORS_PER_SUMMARY } from './bounds';
import { isOpen } from './changes';
import { CHANGE_KINDS, type BucketScanError, type BucketState, type ChangeKind, type FindingRecord, type ScanSummary } from './model';

const WORST_BUCKETS = 10;

export type WorstBucket = ScanSummary['worstBuckets'][number];

export interface AccountDigest {
  accountId: string;
  accountName?: string;
  status: AccountScanResult['status'];
  isSlice: boolean;
  buckets: { evaluated: number; noCors: number; gone: number; unknown: number };
  findingsBySeverity: Record<Severity, number>;
  changes: Record<ChangeKind, number>;
  worstBuckets: WorstBucket[];
  accountErrors: AccountError[];
  bucketErrors: BucketScanError[];
  alerts: { published: number; failed: number; failureCodes: string[] };
}

export const zeroSeverities = (): Record<Severity, number> => Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
export const zeroChanges = (): Record<ChangeKind, number> => Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, 0])) as Record<ChangeKind, number>;

export interface DigestParts {
  result: AccountScanResult;
  /** The new states of the buckets this result recorded (gone buckets have none). */
  states: readonly BucketState[];
  /** Every finding this result wrote, current and resolved. */
  findings: readonly FindingRecord[];
}

/** An account digest, accumulated bucket by bucket so a large account is never held whole. */
export class AccountDigestBuilder {
  readonly digest: AccountDigest;

  constructor(result: Pick<AccountScanResult, 'accountId' | 'accountName' | 'status' | 'isSlice' | 'errors'>) {
    this.digest = {
      accountId: result.accountId,
      ...(result.accountName !== undefined ? { accountName: result.accountName } : {}),
      status: result.status,
      isSlice: result.isSlice,
      buckets: { evaluated: 0, noCors: 0, gone: 0, unknown: 0 },
      findingsBySeverity: zeroSeverities(),
      changes: zeroChanges(),
      worstBuckets: [],
      accountErrors: result.errors.slice(0, MAX_ERRORS_PER_SUMMARY),
      bucketErrors: [],
      alerts: { published: 0, failed: 0, failureCodes: [] },
    };
  }

  addBucket(status: 'evaluated' | 'no-cors' | 'gone' | 'unknown', state: BucketState | undefined, findings: readonly FindingRecord[]): void {
    const { digest } = this;
    digest.buckets[status === 'no-cors' ? 'noCors' : status] += 1;
    for (const finding of findings) digest.changes[finding.change] += 1;
    for (const finding of state?.findings ?? []) if (isOpen(finding)) digest.findingsBySeverity[finding.severity] += 1;
    if (state?.status === 'unknown' && state.error && digest.bucketErrors.length < MAX_ERRORS_PER_SUMMARY) {
      digest.bucketErrors.push({ accountId: state.accountId, bucket: state.bucket, ...(state.region !== undefined ? { region: state.region } : {}), ...state.error });
    }
    if (state?.status === 'evaluated' && state.score !== undefined && state.grade !== undefined) {
      digest.worstBuckets = worst([...digest.worstBuckets, { accountId: state.accountId, bucket: state.bucket, score: state.score, grade: state.grade as Grade }]);
    }
  }

  addAlerts(published: number, failedCodes: readonly string[]): void {
    const { alerts } = this.digest;
    alerts.published += published;
    alerts.failed += failedCodes.length;
    for (const code of failedCodes) if (!alerts.failureCodes.includes(code) && alerts.failureCodes.length < 10) alerts.failureCodes.push(code);
  }
}

function worst(buckets: readonly WorstBucket[]): WorstBucket[] {
  return [...buckets].sort((a, b) => a.score - b.score || a.accountId.localeCompare(b.accountId) || a.bucket.localeCompare(b.bucket)).slice(0, WORST_BUCKETS);
}

export interface SummaryBase {
  scanId: string;
  trigger: ScanTrigger;
  startedAt: string;
  accountIds: readonly string[];
}

/** Buckets a completed scan found gone from their account's listing (resolved at completion). */
export interface Sweep {
  gone: number;
  resolved: number;
}

/** Merges every account digest (all slices) of a scan into its summary. */
export function summarise(base: SummaryBase, digests: readonly AccountDigest[], finishedAt: string | undefined, sweep: Sweep = { gone: 0, resolved: 0 }): ScanSummary {
  const findingsBySeverity = zeroSeverities();
  const changes = zeroChanges();
  const reporting = new Map<string, boolean>();
  let worstBuckets: WorstBucket[] = [];
  const totals = { evaluated: 0, noCors: 0, gone: sweep.gone, unknown: 0 };
  const accountErrors: AccountError[] = [];
  const bucketErrors: BucketScanError[] = [];
  const alerts = { published: 0, failed: 0, failureCodes: [] as string[] };
  for (const digest of digests) {
    alerts.published += digest.alerts.published;
    alerts.failed += digest.alerts.failed;
    alerts.failureCodes = [...new Set([...alerts.failureCodes, ...digest.alerts.failureCodes])].slice(0, 10);
    reporting.set(digest.accountId, (reporting.get(digest.accountId) ?? false) || digest.status !== 'failed');
    for (const severity of SEVERITIES) findingsBySeverity[severity] += digest.findingsBySeverity[severity];
    for (const kind of CHANGE_KINDS) changes[kind] += digest.changes[kind];
    totals.evaluated += digest.buckets.evaluated;
    totals.noCors += digest.buckets.noCors;
    totals.gone += digest.buckets.gone;
    totals.unknown += digest.buckets.unknown;
    worstBuckets = worst([...worstBuckets, ...digest.worstBuckets]);
    accountErrors.push(...digest.accountErrors);
    bucketErrors.push(...digest.bucketErrors);
  }
  changes.resolved += sweep.resolved;
  const scanned = [...reporting.values()].filter(Boolean).length;
  const coverage: ScanCoverage = {
    accountsTotal: base.accountIds.length,
    accountsScanned: scanned,
    accountsFailed: [...reporting.values()].filter((readable) => !readable).length,
    bucketsListed: totals.evaluated + totals.noCors + totals.gone + totals.unknown,
    bucketsEvaluated: totals.evaluated,
    bucketsWithoutCors: totals.noCors,
    bucketsGone: totals.gone,
    bucketsUnknown: totals.unknown,
  };
  const pending = base.accountIds.filter((accountId) => !reporting.has(accountId));
  return {
    scanId: base.scanId,
    trigger: base.trigger,
    startedAt: base.startedAt,
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    status: finishedAt !== undefined ? 'complete' : 'running',
    accountsPending: finishedAt !== undefined ? [] : pending,
    coverage,
    findingsBySeverity,
    changes,
    worstBuckets,
    accountErrors: accountErrors.slice(0, MAX_ERRORS_PER_SUMMARY),
    bucketErrors: bucketErrors.slice(0, MAX_ERRORS_PER_SUMMARY),
    alerts,
  };
}

// What the report keeps and sends: stored findings with their change since the last scan, the latest
// state of each bucket, scan summaries, and the SNS alert messages. Shared by the report table,
// alerts, Slack, exports and the HTML report.
import type { S3CorsRule } from '../cors/types';
import type { BucketExposure, EvidenceValue, Grade, Severity, Suppression } from '../engine/types';
import type { AccountError, BucketOutcome, ScanCoverage, ScanTrigger } from '../scan/types';

/** How a finding (or a bucket) moved since the previous scan of the same bucket. */
export type ChangeKind = 'new' | 'worsened' | 'unchanged' | 'improved' | 'resolved' | 'suppressed' | 'suppression-expired';
export const CHANGE_KINDS: readonly ChangeKind[] = ['new', 'worsened', 'unchanged', 'improved', 'resolved', 'suppressed', 'suppression-expired'];

/** One finding of one bucket, as stored and published. Attacker-controlled text lives in message and evidence. */
export interface FindingRecord {
  /** Stable id from account, bucket, rule and evidence: re-running a scan produces the same ids. */
  findingId: string;
  scanId: string;
  accountId: string;
  accountName?: string;
  bucket: string;
  region?: string;
  ruleId: string;
  title: string;
  severity: Severity;
  baseSeverity: Severity;
  severityReason?: string;
  message: string;
  ruleIndex: number | null;
  evidence: Record<string, EvidenceValue>;
  change: ChangeKind;
  firstSeenAt: string;
  lastSeenAt: string;
  suppression?: Pick<Suppression, 'reason' | 'expiresAt' | 'source'>;
  /** Set when evidence or message was cut to respect a service limit. */
  truncated?: boolean;
}

/** The latest known state of one bucket (never expires). */
export interface BucketState {
  accountId: string;
  accountName?: string;
  bucket: string;
  region?: string;
  status: BucketOutcome['status'];
  score?: number;
  grade?: Grade;
  configHash?: string;
  corsRules?: S3CorsRule[];
  exposure?: BucketExposure;
  findings: FindingRecord[];
  /** For status 'unknown': why. */
  error?: { code: string; message: string };
  /** Set when findings or the stored rules were cut to keep the item within DynamoDB's limit. */
  truncated?: boolean;
  /** Findings the last scan of this bucket resolved (their records live in that scan's history). */
  resolvedCount?: number;
  lastScanId: string;
  lastScannedAt: string;
}

export interface BucketScanError {
  accountId: string;
  bucket: string;
  region?: string;
  code: string;
  message: string;
}

export interface ScanSummary {
  scanId: string;
  trigger: ScanTrigger;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'complete';
  /** Accounts still expected to report (empty when complete). */
  accountsPending: string[];
  coverage: ScanCoverage;
  /** Active findings by severity at the end of the scan. */
  findingsBySeverity: Record<Severity, number>;
  changes: Record<ChangeKind, number>;
  worstBuckets: Array<{ accountId: string; bucket: string; score: number; grade: Grade }>;
  accountErrors: AccountError[];
  bucketErrors: BucketScanError[];
  /** Alert delivery: what SNS accepted and what still failed after retries (by error code). */
  alerts?: { published: number; failed: number; failureCodes: string[] };
}

/** The SNS message body (JSON). Message attributes severity/accountId/ruleId/change mirror the finding. */
export type AlertMessage =
  | { type: 'finding'; finding: FindingRecord }
  | { type: 'digest'; summary: ScanSummary };

/** Everything the HTML report and the text summary show. */
export interface ReportSnapshot {
  generatedAt: string;
  latestScan: ScanSummary;
  /** Previous scans, oldest first, for the trend chart. */
  history: ScanSummary[];
  buckets: BucketState[];
}

// The report table's single-table key design (docs/report-table.md): every report question is a Query
// on the base key or one of two overloaded indexes, never a Scan. Pure, shared by writer and queries.
import { SEVERITIES, type Severity } from '../engine/types';
import type { ScanTrigger } from '../scan/types';

export const INDEX = { gsi1: 'gsi1', gsi2: 'gsi2' } as const;
export type IndexName = (typeof INDEX)[keyof typeof INDEX];

/** Partition and sort values. Account ids are digits and bucket names never hold `#`, so `#` separates. */
export const KEY = {
  scan: (scanId: string) => `SCAN#${scanId}`,
  scanSummary: '#SUMMARY',
  scanAccountPrefix: 'ACCOUNT#',
  scanAccount: (accountId: string, sliceKey: string) => `ACCOUNT#${accountId}#${sliceKey}`,
  scanFindingPrefix: 'FINDING#',
  /** The severity rank leads, so a scan's findings of one severity are one key range: most severe first, then account and bucket. */
  scanFinding: (severity: Severity, accountId: string, bucket: string, findingId: string) => `FINDING#${severityRank(severity)}#${accountId}#${bucket}#${findingId}`,
  scanFindingSeverityPrefix: (severity: Severity, scope: FindingScope) => `FINDING#${severityRank(severity)}#${scopePrefix(scope)}`,
  account: (accountId: string) => `ACCOUNT#${accountId}`,
  bucketPrefix: 'BUCKET#',
  bucket: (bucket: string) => `BUCKET#${bucket}`,
  latestFinding: (bucket: string, findingId: string) => `FINDING#${bucket}#${findingId}`,
} as const;

/** gsi1: scans over time (per trigger family) and latest findings by severity. */
export const GSI1 = {
  scans: (trigger: ScanTrigger) => (trigger === 'cors-change' ? 'RESCANS' : 'SCANS'),
  scanSort: (startedAt: string, scanId: string) => `${startedAt}#${scanId}`,
  severity: (severity: Severity) => `SEVERITY#${severity}`,
  findingSort: (accountId: string, bucket: string, findingId: string) => `${accountId}#${bucket}#${findingId}`,
  findingSortPrefix: (scope: FindingScope) => scopePrefix(scope),
} as const;

/** gsi2: latest bucket states worst first, and latest findings by rule (most severe first). */
export const GSI2 = {
  buckets: 'BUCKETS',
  /** Scores sort as text, so pad: 007 before 080 before 100. Unscored buckets (no CORS, unknown) sort last. */
  bucketSort: (score: number | undefined, accountId: string, bucket: string) => `${score === undefined ? 'NA' : String(score).padStart(3, '0')}#${accountId}#${bucket}`,
  rule: (ruleId: string) => `RULE#${ruleId}`,
  ruleSort: (severity: Severity, accountId: string, bucket: string, findingId: string) => `${severityRank(severity)}#${accountId}#${bucket}#${findingId}`,
  ruleSortPrefix: (severity: Severity, scope: FindingScope) => `${severityRank(severity)}#${scopePrefix(scope)}`,
} as const;

/** Which findings a sort-key prefix narrows to: one account, or one bucket of it. */
export interface FindingScope {
  accountId?: string | undefined;
  bucket?: string | undefined;
}

/** `<accountId>#` or `<accountId>#<bucket>#`; a bucket alone narrows nothing, since the account comes first in the key. */
function scopePrefix({ accountId, bucket }: FindingScope): string {
  if (accountId === undefined) return '';
  return bucket === undefined ? `${accountId}#` : `${accountId}#${bucket}#`;
}

/** 0 = critical ... 4 = info, so ascending order is most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** Item kinds, stored as `kind` so a reader never guesses from key shapes. */
export type ItemKind = 'scan-summary' | 'scan-account' | 'scan-finding' | 'bucket-state' | 'latest-finding';

// The report table's items: each one is the model record (lib/report/model.ts) as plain attributes,
// plus its keys (lib/report/table-keys.ts), `kind` and, for history, a TTL. Encoders for the writer,
// decoders for readers; nothing else knows how a record is laid out in the table.
import type { BucketState, FindingRecord, ScanSummary } from './model';
import type { ReportItem } from './ports';
import type { AccountDigest } from './scan-summary';
import { GSI1, GSI2, KEY } from './table-keys';

const KEY_ATTRIBUTES = ['pk', 'sk', 'kind', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'expiresAt'] as const;

/** The record without the table's own attributes. */
function recordOf<T>(item: ReportItem): T {
  const record: Record<string, unknown> = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete record[attribute];
  return record as T;
}

/** Epoch seconds `days` after `from`: DynamoDB TTL's unit. */
export function expiryAfter(from: Date, days: number): number {
  return Math.floor(from.getTime() / 1000) + days * 86_400;
}

export function scanFindingItem(finding: FindingRecord, expiresAt: number): ReportItem {
  return { pk: KEY.scan(finding.scanId), sk: KEY.scanFinding(finding.severity, finding.accountId, finding.bucket, finding.findingId), kind: 'scan-finding', expiresAt, ...finding };
}

export function latestFindingItem(finding: FindingRecord): ReportItem {
  return {
    pk: KEY.account(finding.accountId),
    sk: KEY.latestFinding(finding.bucket, finding.findingId),
    kind: 'latest-finding',
    gsi1pk: GSI1.severity(finding.severity),
    gsi1sk: GSI1.findingSort(finding.accountId, finding.bucket, finding.findingId),
    gsi2pk: GSI2.rule(finding.ruleId),
    gsi2sk: GSI2.ruleSort(finding.severity, finding.accountId, finding.bucket, finding.findingId),
    ...finding,
  };
}

export function findingFromItem(item: ReportItem): FindingRecord {
  return recordOf<FindingRecord>(item);
}

export function bucketStateItem(state: BucketState): ReportItem {
  return {
    pk: KEY.account(state.accountId),
    sk: KEY.bucket(state.bucket),
    kind: 'bucket-state',
    gsi2pk: GSI2.buckets,
    gsi2sk: GSI2.bucketSort(state.score, state.accountId, state.bucket),
    ...state,
  };
}

export function bucketStateFromItem(item: ReportItem): BucketState {
  return recordOf<BucketState>(item);
}

/** The summary item keeps `accountsPending` as a string set, so workers can remove themselves atomically. */
export function scanSummaryItem(summary: ScanSummary, expiresAt: number, accountIds: readonly string[]): ReportItem {
  const { accountsPending, ...rest } = summary;
  return {
    accountIds: [...accountIds],
    pk: KEY.scan(summary.scanId),
    sk: KEY.scanSummary,
    kind: 'scan-summary',
    gsi1pk: GSI1.scans(summary.trigger),
    gsi1sk: GSI1.scanSort(summary.startedAt, summary.scanId),
    expiresAt,
    ...rest,
    // DynamoDB has no empty sets: an absent attribute means nobody is pending.
    ...(accountsPending.length > 0 ? { accountsPending: new Set(accountsPending) } : {}),
  };
}

export function scanSummaryFromItem(item: ReportItem): ScanSummary {
  const { accountIds: _ids, ...record } = recordOf<Omit<ScanSummary, 'accountsPending'> & { accountsPending?: Iterable<string>; accountIds?: string[] }>(item);
  return { ...record, accountsPending: [...(record.accountsPending ?? [])].sort() };
}

/** Every account the scan expected when it started. */
export function scanAccountIdsOf(item: ReportItem): string[] {
  return Array.isArray(item.accountIds) ? item.accountIds.filter((id): id is string => typeof id === 'string') : [];
}

export function accountDigestItem(scanId: string, sliceKey: string, digest: AccountDigest, expiresAt: number): ReportItem {
  return { pk: KEY.scan(scanId), sk: KEY.scanAccount(digest.accountId, sliceKey), kind: 'scan-account', expiresAt, ...digest };
}

export function accountDigestFromItem(item: ReportItem): AccountDigest {
  return recordOf<AccountDigest>(item);
}

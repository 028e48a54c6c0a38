// The compliance questions, each answered by Queries on the report table's keys and indexes
// (docs/report-table.md#queries), never a Scan: findings by account, severity, rule, bucket, change or
// scan; the latest scan; the trend over the last N scans; the diff between two scans; bucket states.
// Shared by functions/query-report (HTTP API) and `s3-cors-audit report` (terminal).
import { SEVERITIES, type Grade, type Severity } from '../engine/types';
import type { ScanTrigger } from '../scan/types';
import { driftedBuckets, recurringConfigurations, type DriftedBucket, type RecurringConfiguration } from './fleet';
import { findingFromItem, bucketStateFromItem, scanSummaryFromItem } from './items';
import type { BucketState, ChangeKind, FindingRecord, ScanSummary } from './model';
import type { ReportItem, ReportTable, TableQuery } from './ports';
import { GSI1, GSI2, INDEX, KEY } from './table-keys';

/** open: active and not accepted; suppressed: accepted; resolved: fixed in that scan (scan queries only). */
export const FINDING_STATUSES = ['open', 'suppressed', 'resolved', 'all'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export interface FindingsQuery {
  accountId?: string | undefined;
  bucket?: string | undefined;
  severity?: Severity | undefined;
  /** At least this severity (ignored when `severity` is given). */
  minSeverity?: Severity | undefined;
  ruleId?: string | undefined;
  change?: ChangeKind | undefined;
  /** The findings one scan recorded; without it, the latest state of the estate. */
  scanId?: string | undefined;
  status: FindingStatus;
  limit: number;
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** Present when more results may follow; pass it back as `cursor`. */
  cursor?: string;
}

/** A query the caller got wrong (bad cursor, unknown scan): the API answers 400/404, the CLI exits 2. */
export class ReportQueryError extends Error {
  override name = 'ReportQueryError';
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not-found',
  ) {
    super(message);
  }
}

/** One answer stays below Lambda's 6 MB response limit: table pages are at most 1 MB each, so stop past 3 MB. */
const RESPONSE_BUDGET_BYTES = 3_000_000;
/** Table calls per answer, so a selective filter over a large partition cannot hold the caller for long. */
const MAX_CALLS_PER_PAGE = 10;
/** Items read when a whole set is needed (diffs): bounded, and the answer says when it was cut. */
export const MAX_DIFF_FINDINGS = 50_000;

/** Severities from `min` up, most severe first: the partitions of an "at least" query. */
function severitiesFrom(min: Severity = 'info'): Severity[] {
  return SEVERITIES.slice(SEVERITIES.indexOf(min)).reverse();
}

/**
 * The key ranges that hold the answer, in the order they are read: one per severity, most severe first,
 * each sorted by account then bucket, so pages come out in triage order. Narrowed by the most selective key.
 */
function findingPartitions(query: FindingsQuery): TableQuery[] {
  const severities = query.severity ? [query.severity] : severitiesFrom(query.minSeverity);
  const scope = { accountId: query.accountId, bucket: query.bucket };
  const { scanId, ruleId } = query;
  if (scanId !== undefined) {
    return severities.map((severity) => ({ partition: KEY.scan(scanId), sortPrefix: KEY.scanFindingSeverityPrefix(severity, scope) }));
  }
  if (ruleId !== undefined) {
    // The whole rule partition is already in severity order: one range per severity only when that narrows it.
    if (severities.length === SEVERITIES.length && query.accountId === undefined) return [{ index: INDEX.gsi2, partition: GSI2.rule(ruleId) }];
    return severities.map((severity) => ({ index: INDEX.gsi2, partition: GSI2.rule(ruleId), sortPrefix: GSI2.ruleSortPrefix(severity, scope) }));
  }
  const sortPrefix = GSI1.findingSortPrefix(scope);
  return severities.map((severity) => ({ index: INDEX.gsi1, partition: GSI1.severity(severity), ...(sortPrefix !== '' ? { sortPrefix } : {}) }));
}

function matchesStatus(finding: FindingRecord, status: FindingStatus): boolean {
  const resolved = finding.change === 'resolved';
  const suppressed = !resolved && finding.suppression !== undefined;
  if (status === 'open') return !resolved && !suppressed;
  if (status === 'suppressed') return suppressed;
  if (status === 'resolved') return resolved;
  return true;
}

function atLeast(severity: Severity, min: Severity | undefined): boolean {
  return min === undefined || SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(min);
}

/** `<partition number>.<table cursor>`: a page can end inside any of several partitions. */
function encodePageCursor(partition: number, cursor: string | undefined): string {
  return `${partition}.${cursor ?? ''}`;
}

function decodePageCursor(cursor: string | undefined, partitions: number): { partition: number; cursor?: string } {
  if (cursor === undefined) return { partition: 0 };
  const match = /^(\d{1,2})\.([A-Za-z0-9_-]*)$/.exec(cursor);
  const partition = Number(match?.[1]);
  if (!match || partition >= partitions) throw new ReportQueryError('cursor is not one this query produced', 'invalid');
  return { partition, ...(match[2] ? { cursor: match[2] } : {}) };
}

interface PagedRead {
  partitions: TableQuery[];
  limit: number;
  cursor?: string | undefined;
}

/**
 * Reads partitions in order until `limit` items pass `accept`, the byte budget is spent or the call
 * budget runs out; the cursor resumes exactly after the last table page read.
 */
async function readPage<T>(table: ReportTable, read: PagedRead, decode: (item: ReportItem) => T, accept: (value: T) => boolean): Promise<Page<T>> {
  let { partition, cursor } = decodePageCursor(read.cursor, read.partitions.length);
  const items: T[] = [];
  let bytes = 0;
  for (let calls = 0; calls < MAX_CALLS_PER_PAGE && items.length < read.limit && bytes < RESPONSE_BUDGET_BYTES; calls++) {
    const base = read.partitions[partition] as TableQuery;
    const page = await table.query({ ...base, limit: read.limit - items.length, ...(cursor !== undefined ? { cursor } : {}) });
    for (const item of page.items) {
      const value = decode(item);
      if (!accept(value)) continue;
      items.push(value);
      bytes += JSON.stringify(item).length;
    }
    cursor = page.cursor;
    if (cursor === undefined) {
      if (partition + 1 >= read.partitions.length) return { items };
      partition += 1;
    }
  }
  return { items, cursor: encodePageCursor(partition, cursor) };
}

/** Findings matching every filter: the latest state of the estate, or what one scan recorded. */
export async function listFindings(table: ReportTable, query: FindingsQuery): Promise<Page<FindingRecord>> {
  const where: Record<string, string> = {};
  for (const attribute of ['accountId', 'bucket', 'severity', 'ruleId', 'change'] as const) {
    const value = query[attribute];
    if (value !== undefined) where[attribute] = value;
  }
  const partitions = findingPartitions(query).map((partition) => (Object.keys(where).length > 0 ? { ...partition, where } : partition));
  const minSeverity = query.severity === undefined ? query.minSeverity : undefined;
  return readPage(table, { partitions, limit: query.limit, cursor: query.cursor }, findingFromItem, (finding) => matchesStatus(finding, query.status) && atLeast(finding.severity, minSeverity));
}

/** Every page of a query (internal reads: diffs, exports), up to `max` items. */
async function readAll<T>(table: ReportTable, query: TableQuery, decode: (item: ReportItem) => T, max: number): Promise<{ items: T[]; truncated: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await table.query({ ...query, ...(cursor !== undefined ? { cursor } : {}) });
    items.push(...page.items.map(decode));
    cursor = page.cursor;
  } while (cursor !== undefined && items.length < max);
  return { items: items.slice(0, max), truncated: cursor !== undefined || items.length > max };
}

export type ScanFamily = 'scheduled' | 'rescans';
const familyTrigger = (family: ScanFamily): ScanTrigger => (family === 'rescans' ? 'cors-change' : 'schedule');

/** Scheduled and manual scans share one history; event-driven single-bucket rescans have their own. */
export async function latestScan(table: ReportTable, family: ScanFamily = 'scheduled'): Promise<ScanSummary | undefined> {
  const page = await table.query({ index: INDEX.gsi1, partition: GSI1.scans(familyTrigger(family)), descending: true, limit: 1 });
  return page.items[0] ? scanSummaryFromItem(page.items[0]) : undefined;
}

export async function getScan(table: ReportTable, scanId: string): Promise<ScanSummary> {
  const item = await table.get({ pk: KEY.scan(scanId), sk: KEY.scanSummary });
  if (!item) throw new ReportQueryError(`no scan ${scanId.slice(0, 80)} is recorded (it may have expired)`, 'not-found');
  return scanSummaryFromItem(item);
}

/** One point of the trend: enough to chart findings and coverage over time. */
export interface TrendPoint {
  scanId: string;
  trigger: ScanTrigger;
  startedAt: string;
  finishedAt?: string;
  status: ScanSummary['status'];
  openFindings: number;
  findingsBySeverity: Record<Severity, number>;
  newFindings: number;
  resolvedFindings: number;
  accountsScanned: number;
  accountsFailed: number;
  bucketsEvaluated: number;
  bucketsUnknown: number;
}

export function trendPointOf(scan: ScanSummary): TrendPoint {
  return {
    scanId: scan.scanId,
    trigger: scan.trigger,
    startedAt: scan.startedAt,
    ...(scan.finishedAt !== undefined ? { finishedAt: scan.finishedAt } : {}),
    status: scan.status,
    openFindings: SEVERITIES.reduce((total, severity) => total + scan.findingsBySeverity[severity], 0),
    findingsBySeverity: scan.findingsBySeverity,
    newFindings: scan.changes.new + scan.changes.worsened,
    resolvedFindings: scan.changes.resolved,
    accountsScanned: scan.coverage.accountsScanned,
    accountsFailed: scan.coverage.accountsFailed,
    bucketsEvaluated: scan.coverage.bucketsEvaluated,
    bucketsUnknown: scan.coverage.bucketsUnknown,
  };
}

/** The last `last` scans, oldest first. */
export async function scanTrend(table: ReportTable, last: number, family: ScanFamily = 'scheduled'): Promise<TrendPoint[]> {
  const page = await table.query({ index: INDEX.gsi1, partition: GSI1.scans(familyTrigger(family)), descending: true, limit: last });
  return page.items.map(scanSummaryFromItem).map(trendPointOf).reverse();
}

export interface SeverityChange {
  finding: FindingRecord;
  from: Severity;
  to: Severity;
}

export interface ScanDiff {
  from: TrendPoint;
  to: TrendPoint;
  counts: { added: number; removed: number; severityChanged: number; unchanged: number; notCompared: number };
  /** Open in `to`, not open in `from`. */
  added: FindingRecord[];
  /** Open in `from`, not open in `to` (fixed, suppressed or the bucket deleted). */
  removed: FindingRecord[];
  severityChanged: SeverityChange[];
  /**
   * Findings of `from` whose account or bucket `to` could not read: neither removed nor kept, unknown.
   * Without this a failed account would look fixed.
   */
  notCompared: { accounts: string[]; buckets: Array<{ accountId: string; bucket: string }> };
  /** Set when a list was cut at `limit`, or a scan held more than MAX_DIFF_FINDINGS findings. */
  truncated: boolean;
}

const findingKey = (finding: FindingRecord) => `${finding.accountId}#${finding.bucket}#${finding.findingId}`;

/** What changed between two scans (in the order given), finding by finding, honest about what was not read. */
export async function diffScans(table: ReportTable, fromScanId: string, toScanId: string, limit: number): Promise<ScanDiff> {
  const [from, to] = await Promise.all([getScan(table, fromScanId), getScan(table, toScanId)]);
  const read = (scanId: string) => readAll(table, { partition: KEY.scan(scanId), sortPrefix: KEY.scanFindingPrefix }, findingFromItem, MAX_DIFF_FINDINGS);
  const [before, after] = await Promise.all([read(fromScanId), read(toScanId)]);
  const openBefore = new Map(before.items.filter((finding) => matchesStatus(finding, 'open')).map((finding) => [findingKey(finding), finding]));
  const openAfter = new Map(after.items.filter((finding) => matchesStatus(finding, 'open')).map((finding) => [findingKey(finding), finding]));
  const failedAccounts = new Set(to.accountErrors.map((error) => error.accountId));
  const unreadBuckets = new Set([...to.bucketErrors, ...from.bucketErrors].map((error) => `${error.accountId}#${error.bucket}`));
  const notRead = (finding: FindingRecord) => failedAccounts.has(finding.accountId) || unreadBuckets.has(`${finding.accountId}#${finding.bucket}`);

  const added = [...openAfter.values()].filter((finding) => !openBefore.has(findingKey(finding)));
  const removed: FindingRecord[] = [];
  const severityChanged: SeverityChange[] = [];
  const notCompared: FindingRecord[] = [];
  let unchanged = 0;
  for (const [key, finding] of openBefore) {
    const now = openAfter.get(key);
    if (now && now.severity !== finding.severity) severityChanged.push({ finding: now, from: finding.severity, to: now.severity });
    else if (now) unchanged += 1;
    else if (notRead(finding)) notCompared.push(finding);
    else removed.push(finding);
  }
  const cut = <T>(values: T[]) => values.slice(0, limit);
  added.sort(mostSevereFirst);
  removed.sort(mostSevereFirst);
  return {
    from: trendPointOf(from),
    to: trendPointOf(to),
    counts: { added: added.length, removed: removed.length, severityChanged: severityChanged.length, unchanged, notCompared: notCompared.length },
    added: cut(added),
    removed: cut(removed),
    severityChanged: cut(severityChanged),
    notCompared: {
      accounts: [...new Set(notCompared.filter((finding) => failedAccounts.has(finding.accountId)).map((finding) => finding.accountId))].sort(),
      buckets: cut(uniqueBuckets(notCompared.filter((finding) => !failedAccounts.has(finding.accountId)))),
    },
    truncated: before.truncated || after.truncated || [added, removed, severityChanged].some((list) => list.length > limit),
  };
}

/** Most severe first, then by account and bucket: the order a reader triages in. */
function mostSevereFirst(a: FindingRecord, b: FindingRecord): number {
  return SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || a.accountId.localeCompare(b.accountId) || a.bucket.localeCompare(b.bucket) || a.ruleId.localeCompare(b.ruleId);
}

function uniqueBuckets(findings: readonly FindingRecord[]): Array<{ accountId: string; bucket: string }> {
  const seen = new Map(findings.map((finding) => [`${finding.accountId}#${finding.bucket}`, { accountId: finding.accountId, bucket: finding.bucket }]));
  return [...seen.values()];
}

export const BUCKET_STATUSES = ['evaluated', 'no-cors', 'unknown'] as const;

export interface BucketsQuery {
  accountId?: string | undefined;
  grade?: Grade | undefined;
  status?: BucketState['status'] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** A bucket's row in a listing: its state without the stored rules and finding bodies. */
export interface BucketRow {
  accountId: string;
  accountName?: string;
  bucket: string;
  region?: string;
  status: BucketState['status'];
  score?: number;
  grade?: Grade;
  configHash?: string;
  openFindings: number;
  worstSeverity?: Severity;
  error?: { code: string; message: string };
  lastScannedAt: string;
}

export function bucketRowOf(state: BucketState): BucketRow {
  const open = state.findings.filter((finding) => matchesStatus(finding, 'open'));
  const worst = open.reduce<Severity | undefined>((current, finding) => (current === undefined || SEVERITIES.indexOf(finding.severity) > SEVERITIES.indexOf(current) ? finding.severity : current), undefined);
  return {
    accountId: state.accountId,
    ...(state.accountName !== undefined ? { accountName: state.accountName } : {}),
    bucket: state.bucket,
    ...(state.region !== undefined ? { region: state.region } : {}),
    status: state.status,
    ...(state.score !== undefined ? { score: state.score } : {}),
    ...(state.grade !== undefined ? { grade: state.grade } : {}),
    ...(state.configHash !== undefined ? { configHash: state.configHash } : {}),
    openFindings: open.length,
    ...(worst !== undefined ? { worstSeverity: worst } : {}),
    ...(state.error !== undefined ? { error: state.error } : {}),
    lastScannedAt: state.lastScannedAt,
  };
}

/** Latest bucket states: one account's (by name), or the whole estate's worst score first. */
export async function listBuckets(table: ReportTable, query: BucketsQuery): Promise<Page<BucketRow>> {
  const where: Record<string, string> = {};
  if (query.grade !== undefined) where.grade = query.grade;
  if (query.status !== undefined) where.status = query.status;
  const base: TableQuery = query.accountId !== undefined ? { partition: KEY.account(query.accountId), sortPrefix: KEY.bucketPrefix } : { index: INDEX.gsi2, partition: GSI2.buckets };
  const partition = Object.keys(where).length > 0 ? { ...base, where } : base;
  return readPage(table, { partitions: [partition], limit: query.limit, cursor: query.cursor }, (item) => bucketRowOf(bucketStateFromItem(item)), () => true);
}

export async function getBucket(table: ReportTable, accountId: string, bucket: string): Promise<BucketState> {
  const item = await table.get({ pk: KEY.account(accountId), sk: KEY.bucket(bucket) });
  if (!item) throw new ReportQueryError(`no bucket ${bucket.slice(0, 63)} is recorded for account ${accountId}`, 'not-found');
  return bucketStateFromItem(item);
}

/** Bucket states a fleet answer reads at most (each is one query page row; the estate is not held twice). */
export const MAX_FLEET_BUCKETS = 100_000;

export interface FleetView {
  bucketsRead: number;
  /** Set when the estate holds more than MAX_FLEET_BUCKETS buckets: the view covers the worst-scored first. */
  truncated: boolean;
  recurring: RecurringConfiguration[];
  drifted: DriftedBucket[];
}

/** Which configurations recur across the estate, and which buckets drifted from their family's majority. */
export async function fleetView(table: ReportTable, limit: number): Promise<FleetView> {
  const { items, truncated } = await readAll(table, { index: INDEX.gsi2, partition: GSI2.buckets }, bucketStateFromItem, MAX_FLEET_BUCKETS);
  return { bucketsRead: items.length, truncated, recurring: recurringConfigurations(items, { limit }), drifted: driftedBuckets(items, { limit }) };
}

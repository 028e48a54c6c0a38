// A ReportSnapshot (what the HTML report and the text summary show): read from the report table, or
// built straight from scan results when there is no table (the CLI's `scan --format html`).
import type { AccountScanResult, ScanTrigger } from '../scan/types';
import { detectBucketChange } from './changes';
import { bucketStateFromItem, scanSummaryFromItem } from './items';
import type { BucketState, ReportSnapshot, ScanSummary } from './model';
import type { ReportItem, ReportPorts, TableQuery } from './ports';
import { AccountDigestBuilder, summarise } from './scan-summary';
import { GSI1, GSI2, INDEX, KEY } from './table-keys';

/** Scans shown in the trend chart. */
export const HISTORY_SCANS = 30;

async function allItems(ports: ReportPorts, query: TableQuery): Promise<ReportItem[]> {
  const items: ReportItem[] = [];
  for (let cursor: string | undefined, first = true; first || cursor; first = false) {
    const page = await ports.table.query({ ...query, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  }
  return items;
}

/** The latest scan (or `scanId`'s), the scans before it, and the latest state of every bucket. */
export async function readReportSnapshot(ports: ReportPorts, options: { scanId?: string } = {}): Promise<ReportSnapshot> {
  const recent = (await ports.table.query({ index: INDEX.gsi1, partition: GSI1.scans('schedule'), descending: true, limit: HISTORY_SCANS })).items.map(scanSummaryFromItem);
  let latestScan: ScanSummary | undefined;
  if (options.scanId !== undefined) {
    const item = await ports.table.get({ pk: KEY.scan(options.scanId), sk: KEY.scanSummary });
    if (!item) throw Object.assign(new Error(`report: no scan ${options.scanId}`), { name: 'UnknownScan' });
    latestScan = scanSummaryFromItem(item);
  } else {
    latestScan = recent[0];
  }
  if (!latestScan) throw Object.assign(new Error('report: no scan has been recorded yet'), { name: 'NoScans' });
  const history = recent.filter((scan) => scan.startedAt <= (latestScan?.startedAt ?? '')).reverse();
  const buckets = (await allItems(ports, { index: INDEX.gsi2, partition: GSI2.buckets })).map(bucketStateFromItem);
  return { generatedAt: ports.now().toISOString(), latestScan, history, buckets };
}

/** A one-scan snapshot without a table: every bucket is new, nothing is compared. */
export function snapshotFromResults(results: readonly AccountScanResult[], scan: { scanId: string; trigger?: ScanTrigger; startedAt: string; accountIds: readonly string[]; now: Date }): ReportSnapshot {
  const buckets: BucketState[] = [];
  const digests = results.map((result) => {
    const digest = new AccountDigestBuilder(result);
    for (const outcome of result.buckets) {
      const change = detectBucketChange({ scanId: result.scanId, scannedAt: result.finishedAt, ...(result.accountName !== undefined ? { accountName: result.accountName } : {}), outcome });
      digest.addBucket(outcome.status, change.state, change.current);
      if (change.state) buckets.push(change.state);
    }
    return digest.digest;
  });
  const latestScan = summarise({ scanId: scan.scanId, trigger: scan.trigger ?? 'manual', startedAt: scan.startedAt, accountIds: scan.accountIds }, digests, scan.now.toISOString());
  return { generatedAt: scan.now.toISOString(), latestScan, history: [latestScan], buckets };
}

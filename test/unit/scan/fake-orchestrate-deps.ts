// In-memory fakes of the ports lib/scan/orchestrate.ts takes: a ledger with lib/report's semantics
// (scanComplete while nothing is pending and the scan is not completed; completion once, idempotent),
// a queue that records or refuses messages, and a scripted scanner.
import type { ScanSummary } from '../../../lib/report/model';
import type { AccountMessage, ScanQueue } from '../../../lib/scan/messages';
import type { AccountScanner, OrchestrateDeps, ScanReport } from '../../../lib/scan/orchestrate';
import type { AccountScanResult, AccountTarget, BucketOutcome } from '../../../lib/scan/types';

export const target = (accountId: string, name = `acct-${accountId.slice(0, 3)}`): AccountTarget => ({
  accountId,
  name,
  roleArn: `arn:aws:iam::${accountId}:role/S3CorsAuditRole`,
  externalId: 'test-external-id',
});

export const noCors = (accountId: string, bucket: string): BucketOutcome => ({ accountId, bucket, region: 'us-east-1', status: 'no-cors' });

export function result(accountId: string, scanId: string, overrides: Partial<AccountScanResult> = {}): AccountScanResult {
  return {
    scanId,
    accountId,
    startedAt: '2026-11-23T02:00:01.000Z',
    finishedAt: '2026-11-23T02:00:02.000Z',
    status: 'complete',
    isSlice: false,
    buckets: [noCors(accountId, `${accountId}-bucket`)],
    errors: [],
    ...overrides,
  };
}

export class FakeLedger implements ScanReport {
  readonly pending = new Map<string, Set<string>>();
  readonly recorded: AccountScanResult[] = [];
  /** Scans created: a second start of the same scan id changes nothing (lib/report's putIfAbsent). */
  readonly started: Array<Parameters<ScanReport['startScan']>[0]> = [];
  /** Every startScan call, duplicates included. */
  readonly startCalls: string[] = [];
  readonly completed: string[] = [];
  /** completeScan calls, including those answered with the stored summary. */
  readonly completeCalls: string[] = [];
  failRecord?: (result: AccountScanResult) => boolean;
  failComplete: ((scanId: string) => boolean) | undefined;

  async startScan(input: Parameters<ScanReport['startScan']>[0]) {
    this.startCalls.push(input.scanId);
    if (this.started.some((scan) => scan.scanId === input.scanId)) return { created: false };
    this.started.push(input);
    this.pending.set(input.scanId, new Set(input.accountIds));
    return { created: true };
  }

  async recordAccountResult(recorded: AccountScanResult) {
    if (this.failRecord?.(recorded)) throw Object.assign(new Error('ledger unavailable'), { name: 'ProvisionedThroughputExceededException' });
    this.recorded.push(recorded);
    const pending = this.pending.get(recorded.scanId);
    if (!pending || recorded.status === 'handed-off') return { scanComplete: false };
    pending.delete(recorded.accountId);
    // As removePendingAccount + the summary status: a redelivery before completion answers true again.
    return { scanComplete: pending.size === 0 && !this.completed.includes(recorded.scanId) };
  }

  async completeScan(scanId: string): Promise<ScanSummary> {
    this.completeCalls.push(scanId);
    if (this.failComplete?.(scanId)) throw Object.assign(new Error('ledger unavailable'), { name: 'ProvisionedThroughputExceededException' });
    if (!this.completed.includes(scanId)) this.completed.push(scanId);
    const accounts = new Set(this.recorded.filter((item) => item.scanId === scanId).map((item) => item.accountId));
    return {
      scanId,
      trigger: 'schedule',
      startedAt: '2026-11-23T02:00:00.000Z',
      status: 'complete',
      accountsPending: [],
      coverage: { accountsTotal: accounts.size, accountsScanned: accounts.size, accountsFailed: 0, bucketsListed: 0, bucketsEvaluated: 0, bucketsWithoutCors: 0, bucketsGone: 0, bucketsUnknown: 0 },
      findingsBySeverity: { info: 0, low: 0, medium: 0, high: 0, critical: 0 },
      changes: { new: 0, worsened: 0, unchanged: 0, improved: 0, resolved: 0, suppressed: 0, 'suppression-expired': 0 },
      worstBuckets: [],
      accountErrors: [],
      bucketErrors: [],
    };
  }

  /** Every bucket recorded for a scan, by account, from all of its results (slices included). */
  bucketsOf(scanId: string, accountId: string): BucketOutcome[] {
    return this.recorded.filter((item) => item.scanId === scanId && item.accountId === accountId).flatMap((item) => item.buckets);
  }
}

export class FakeQueue implements ScanQueue {
  readonly sent: AccountMessage[] = [];
  refuse?: (message: AccountMessage) => boolean;

  async send(messages: readonly AccountMessage[]) {
    const failed = messages.filter((message) => this.refuse?.(message)).map((message) => ({ message, error: { code: 'KMS.ThrottlingException', message: 'throttled', attempts: 3 } }));
    this.sent.push(...messages.filter((message) => !this.refuse?.(message)));
    return { failed };
  }

  take(): AccountMessage[] {
    return this.sent.splice(0);
  }
}

type ScanAccountFn = AccountScanner['scanAccount'];

export interface FakeDeps extends OrchestrateDeps {
  report: FakeLedger;
  queue: FakeQueue;
  scanCalls: Array<Parameters<ScanAccountFn>[1] & { accountId: string }>;
  warnings: string[];
}

export function fakeDeps(options: { targets?: AccountTarget[]; scan?: ScanAccountFn; scanSingle?: AccountScanner['scanSingleBucket']; mode?: 'queue' | 'inline' } = {}): FakeDeps {
  const scanCalls: FakeDeps['scanCalls'] = [];
  const warnings: string[] = [];
  const scan: ScanAccountFn = options.scan ?? (async (account, run) => result(account.accountId, run.scanId, run.buckets ? { isSlice: true, buckets: run.buckets.map((bucket) => noCors(account.accountId, bucket)) } : {}));
  const deps: FakeDeps = {
    accounts: async () => options.targets ?? [target('222222222222'), target('333333333333')],
    scanner: {
      scanAccount: async (account, run) => {
        scanCalls.push({ ...run, accountId: account.accountId });
        return scan(account, run);
      },
      scanSingleBucket: options.scanSingle ?? (async (account, bucket, region, run) => result(account.accountId, run.scanId, { isSlice: true, buckets: [{ accountId: account.accountId, bucket, ...(region ? { region } : {}), status: 'no-cors' }] })),
    },
    report: new FakeLedger(),
    queue: new FakeQueue(),
    mode: options.mode ?? 'queue',
    log: { debug: () => undefined, info: () => undefined, warn: (message) => warnings.push(message), error: (message) => warnings.push(message) },
    now: () => new Date('2026-11-23T02:00:00.123Z'),
    scanCalls,
    warnings,
  };
  return deps;
}

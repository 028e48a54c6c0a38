// The decisions behind the three scan functions, over injected ports so every path is testable:
// start a scan (accounts → ledger → fan-out or inline), process one account message (scan → record →
// continuation or completion), and rescan one bucket after a CloudTrail CORS change.
import { createHash, randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { ScanSummary } from '../report/model';
import type { ScanLog } from './log';
import { continuationMessage, MAX_CONTINUATIONS, type AccountMessage, type ScanQueue } from './messages';
import type { AccountScanResult, AccountTarget, BucketOutcome, ItemError, ScanTrigger } from './types';

/** lib/report's scan ledger and change detection, bound to its ports and alert options. */
export interface ScanReport {
  /** Idempotent: `created` is false when the scan id was started before (a redelivered event). */
  startScan(input: { scanId: string; trigger: ScanTrigger; startedAt: string; accountIds: string[] }): Promise<{ created: boolean }>;
  /**
   * Idempotent. `scanComplete` is true when no account is pending and the scan is not completed yet: for
   * the call that recorded the last account, and again for a redelivery of any result while completion
   * has not happened (the worker that should have completed it failed first). Callers then completeScan.
   */
  recordAccountResult(result: AccountScanResult): Promise<{ scanComplete: boolean }>;
  /** Summarises the scan and publishes its one digest; idempotent: a later call returns the stored summary. */
  completeScan(scanId: string): Promise<ScanSummary>;
}

export interface ScanRunOptions {
  /** Milliseconds left before the runtime stops us. */
  deadline?: () => number;
  signal?: AbortSignal;
}

/** lib/scan's scanAccount / scanSingleBucket bound to the container's ScanDeps and limits. */
export interface AccountScanner {
  scanAccount(target: AccountTarget, options: ScanRunOptions & { scanId: string; trigger: ScanTrigger; buckets?: readonly string[]; listedAfter?: string }): Promise<AccountScanResult>;
  scanSingleBucket(target: AccountTarget, bucket: string, region: string | undefined, options: ScanRunOptions & { scanId: string; trigger: ScanTrigger }): Promise<AccountScanResult>;
}

export interface OrchestrateDeps {
  /** resolveAccounts bound to the settings; throws ConfigError on a deployment mistake. */
  accounts(): Promise<AccountTarget[]>;
  scanner: AccountScanner;
  report: ScanReport;
  /** Absent when no queue is configured: inline scans then record a hand-off's remainder as unknown. */
  queue?: ScanQueue;
  mode: 'queue' | 'inline';
  /** Accounts scanned at the same time in inline mode (calls are bounded separately). */
  inlineAccountConcurrency?: number;
  log: ScanLog;
  now(): Date;
}

/**
 * A sortable scan id: `scan-2026-11-23T02-00-00Z-<suffix>`. For an event, pass the event's own time and
 * id: EventBridge delivers at least once, and a redelivery (or a retry, whenever it runs) must name the
 * same scan instead of starting a second one. Without an event (CLI, manual), the time is now and the
 * suffix random.
 */
export function newScanId(at: Date, eventId?: string): string {
  const time = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(':', '-');
  const suffix = createHash('sha256').update(eventId ?? randomUUID()).digest('hex').slice(0, 10);
  return `scan-${time}-${suffix}`;
}

/** The event that triggered a scan: its id and, when it carries one, its own time (EventBridge's `time`). */
export interface TriggeringEvent {
  id: string;
  time?: Date;
}

/** An invocation payload's event: a string `id` (at most 128 characters) and an ISO `time`; none for a manual payload. */
export function triggeringEvent(payload: { id?: unknown; time?: unknown }): TriggeringEvent | undefined {
  if (typeof payload.id !== 'string' || payload.id.length === 0 || payload.id.length > 128) return undefined;
  const time = eventTime(payload.time);
  return { id: payload.id, ...(time ? { time } : {}) };
}

/** Year 10000: a later time has no four-digit year, and its scan id would fail the message schema. */
const LAST_ID_TIME = Date.UTC(10_000, 0, 1);

/** An event's ISO `time`, when it is a time a scan id can carry (1970 to 9999); anything else names the scan by now. */
export function eventTime(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const at = Date.parse(value);
  return at >= 0 && at < LAST_ID_TIME ? new Date(at) : undefined;
}

/** The scan id an event names: the same for every delivery of it; a fresh one without an event. */
export function scanIdFor(event: TriggeringEvent | undefined, now: Date): string {
  return event ? newScanId(event.time ?? now, event.id) : newScanId(now);
}

export interface ScanStart {
  scanId: string;
  accounts: number;
  /** Accounts whose message could not be queued: recorded as failed so the scan still completes. */
  notQueued: number;
  /** Inline mode: the account results' statuses. */
  inline?: Array<{ accountId: string; status: AccountScanResult['status'] }>;
  summary?: ScanSummary;
  /** The event was delivered before and its scan is under way: nothing was queued or scanned again. */
  alreadyStarted?: true;
}

export async function startScan(deps: OrchestrateDeps, input: { trigger: ScanTrigger; event?: TriggeringEvent } & ScanRunOptions): Promise<ScanStart> {
  const startedAt = deps.now();
  const scanId = scanIdFor(input.event, startedAt);
  const targets = await deps.accounts();
  const { created } = await deps.report.startScan({ scanId, trigger: input.trigger, startedAt: startedAt.toISOString(), accountIds: targets.map((target) => target.accountId) });
  // No account in scope: nothing will ever report, so this call completes the scan (an empty digest; idempotent).
  if (targets.length === 0) return { scanId, accounts: 0, notQueued: 0, summary: await deps.report.completeScan(scanId) };
  if (!created) {
    // At-least-once delivery: the first delivery queued (or scanned) every account of this scan already.
    deps.log.warn('scan already started: redelivered event ignored', { scanId, eventId: input.event?.id, accounts: targets.length });
    return { scanId, accounts: targets.length, notQueued: 0, alreadyStarted: true };
  }
  deps.log.info('scan started', { scanId, accounts: targets.length, mode: deps.mode });

  const messages: AccountMessage[] = targets.map((account) => ({ version: 1, scanId, trigger: input.trigger, account }));
  if (deps.mode === 'inline') return { scanId, accounts: targets.length, notQueued: 0, ...(await runInline(deps, messages, input)) };
  if (!deps.queue) throw new Error('SCAN_MODE=queue needs SCAN_QUEUE_URL');

  const { failed } = await deps.queue.send(messages);
  let summary: ScanSummary | undefined;
  for (const { message, error } of failed) {
    deps.log.error('account not queued', { scanId, accountId: message.account.accountId, code: error.code });
    const recorded = await deps.report.recordAccountResult(failedAccount(scanId, message.account, { ...error, code: `QueueSend:${error.code}` }, deps.now()));
    if (recorded.scanComplete) summary = await deps.report.completeScan(scanId);
  }
  return { scanId, accounts: targets.length, notQueued: failed.length, ...(summary ? { summary } : {}) };
}

async function runInline(deps: OrchestrateDeps, messages: AccountMessage[], run: ScanRunOptions): Promise<Pick<ScanStart, 'inline' | 'summary'>> {
  const limit = pLimit(deps.inlineAccountConcurrency ?? 4);
  let summary: ScanSummary | undefined;
  const inline = await Promise.all(messages.map((message) => limit(async () => {
    const processed = await processInlineAccount(deps, message, run);
    if (processed.summary) summary = processed.summary;
    return { accountId: message.account.accountId, status: processed.status };
  })));
  return { inline, ...(summary ? { summary } : {}) };
}

/** Inline, an unexpected failure of one account is recorded for it instead of aborting the others. */
async function processInlineAccount(deps: OrchestrateDeps, message: AccountMessage, run: ScanRunOptions): Promise<AccountProcessed> {
  try {
    return await processAccountMessage(deps, message, run);
  } catch (error) {
    const { name, message: text } = error as Error;
    deps.log.error('account scan failed unexpectedly', { scanId: message.scanId, accountId: message.account.accountId, code: name });
    const result = failedAccount(message.scanId, message.account, { code: name || 'Error', message: String(text).slice(0, 300) }, deps.now());
    return finish(deps, result);
  }
}

export interface AccountProcessed {
  status: AccountScanResult['status'];
  scanComplete: boolean;
  /** Buckets left to the continuation, when one was sent (those after its `listedAfter` included). */
  continuation?: number;
  summary?: ScanSummary;
}

/**
 * One account message: scan it (or its slice), record the result, then either queue the remainder
 * (hand-off) or, when the recording leaves no account pending, complete the scan. Throws only for
 * unexpected failures (ledger or queue unavailable, completion failed): the message is then redelivered,
 * and since the scan, the recording and the completion are repeatable, a redelivery redoes the same
 * work and completes a scan its first delivery left uncompleted.
 */
export async function processAccountMessage(deps: OrchestrateDeps, message: AccountMessage, run: ScanRunOptions = {}): Promise<AccountProcessed> {
  const keys = { scanId: message.scanId, accountId: message.account.accountId };
  const result = await deps.scanner.scanAccount(message.account, {
    scanId: message.scanId,
    trigger: message.trigger,
    ...(message.buckets ? { buckets: message.buckets } : {}),
    ...(message.listedAfter !== undefined ? { listedAfter: message.listedAfter } : {}),
    ...run,
  });
  const remaining = result.status === 'handed-off' ? (result.remainingBuckets ?? []) : [];
  if (result.status !== 'handed-off' || remaining.length === 0) {
    return finish(deps, result.status === 'handed-off' ? { ...result, status: 'complete' } : result);
  }

  const next = (message.continuationOf ?? 0) + 1;
  if (!deps.queue || next > MAX_CONTINUATIONS) {
    // No way to hand on: what is left becomes unknown (visible in the report), never silently dropped.
    const reason = deps.queue ? `no progress after ${MAX_CONTINUATIONS} continuations` : 'no scan queue to continue on';
    deps.log.warn('hand-off impossible, remaining buckets recorded as unknown', { ...keys, remaining: remaining.length, reason });
    return finish(deps, withUnknown({ ...result, status: 'partial' }, remaining, { code: 'DeadlineExceeded', message: reason }));
  }

  const continuation = continuationMessage(message, remaining);
  // Record before queueing: if the send fails the message is redelivered and the slice redone,
  // rather than a continuation running while this slice's outcomes are missing.
  await deps.report.recordAccountResult(result);
  const { failed } = await deps.queue.send([continuation]);
  const failure = failed[0];
  if (failure) throw new Error(`continuation not queued (${failure.error.code}): ${failure.error.message}`);
  deps.log.info('account handed off', { ...keys, scanned: result.buckets.length, continuation: remaining.length, carried: continuation.buckets?.length ?? 0, continuationOf: next });
  return { status: 'handed-off', scanComplete: false, continuation: remaining.length };
}

async function finish(deps: OrchestrateDeps, result: AccountScanResult): Promise<AccountProcessed> {
  const keys = { scanId: result.scanId, accountId: result.accountId };
  const { scanComplete } = await deps.report.recordAccountResult(result);
  deps.log.info('account recorded', { ...keys, status: result.status, buckets: result.buckets.length, errors: result.errors.length, scanComplete });
  if (!scanComplete) return { status: result.status, scanComplete };
  const summary = await deps.report.completeScan(result.scanId);
  deps.log.info('scan complete', { scanId: result.scanId, accounts: summary.coverage.accountsTotal });
  return { status: result.status, scanComplete, summary };
}

export interface BucketChange {
  accountId: string;
  bucket: string;
  region?: string;
  /** The EventBridge event's id and time: name the rescan (a redelivered or retried event rescans under the same id). */
  eventId: string;
  eventTime?: Date;
  eventName: string;
}

export type RescanOutcome =
  /** The account is not scanned, or (`region`) the bucket lives outside the scan's regions. */
  | { kind: 'out-of-scope'; region?: string }
  | { kind: 'recorded'; scanId: string; status: AccountScanResult['status']; bucket: BucketOutcome['status'] | 'missing' };

/**
 * Rescans the one bucket a CloudTrail event names, as its own single-account scan (trigger
 * cors-change): findings alert at once, and the slice never resolves buckets it did not look at.
 * The scan is opened after the bucket was read, so a bucket outside the scan's regions opens none.
 */
export async function rescanBucket(deps: OrchestrateDeps, change: BucketChange, run: ScanRunOptions = {}): Promise<RescanOutcome> {
  const target = (await deps.accounts()).find((account) => account.accountId === change.accountId);
  if (!target) {
    deps.log.info('cors change in an account out of scope', { accountId: change.accountId, bucket: change.bucket });
    return { kind: 'out-of-scope' };
  }
  const startedAt = deps.now();
  const scanId = scanIdFor({ id: change.eventId, ...(change.eventTime ? { time: change.eventTime } : {}) }, startedAt);
  const scanned = await deps.scanner.scanSingleBucket(target, change.bucket, change.region, { scanId, trigger: 'cors-change', ...run });
  const elsewhere = scanned.outOfScope?.find((item) => item.bucket === change.bucket);
  if (elsewhere) {
    // The nightly scan never lists it: recording it now would have that scan resolve its findings as gone.
    deps.log.info('cors change in a region out of scope', { scanId, accountId: change.accountId, region: elsewhere.region, bucket: change.bucket });
    return { kind: 'out-of-scope', region: elsewhere.region };
  }
  await deps.report.startScan({ scanId, trigger: 'cors-change', startedAt: startedAt.toISOString(), accountIds: [target.accountId] });
  // Nothing carries a rescan on: a bucket the deadline stopped is recorded unknown (its last findings stand).
  const result = scanned.status === 'handed-off'
    ? withUnknown({ ...scanned, status: 'partial' }, scanned.remainingBuckets ?? [], { code: 'DeadlineExceeded', message: 'the rescan ran out of time' })
    : scanned;
  const processed = await finish(deps, result);
  const outcome = result.buckets.find((item) => item.bucket === change.bucket);
  deps.log.info('bucket rescanned', { scanId, accountId: change.accountId, bucket: change.bucket, eventName: change.eventName, status: outcome?.status ?? 'missing' });
  return { kind: 'recorded', scanId, status: processed.status, bucket: outcome?.status ?? 'missing' };
}

function failedAccount(scanId: string, target: AccountTarget, error: ItemError, at: Date): AccountScanResult {
  const time = at.toISOString();
  return {
    scanId,
    accountId: target.accountId,
    ...(target.name !== undefined ? { accountName: target.name } : {}),
    startedAt: time,
    finishedAt: time,
    status: 'failed',
    isSlice: false,
    buckets: [],
    errors: [{ accountId: target.accountId, stage: 'account-context', ...error }],
  };
}

function withUnknown(result: AccountScanResult, buckets: readonly string[], error: ItemError): AccountScanResult {
  if (buckets.length === 0) return result;
  const unknown: BucketOutcome[] = buckets.map((bucket) => ({ accountId: result.accountId, bucket, status: 'unknown', error }));
  const { remainingBuckets: _carried, ...rest } = result;
  return { ...rest, buckets: [...result.buckets, ...unknown] };
}

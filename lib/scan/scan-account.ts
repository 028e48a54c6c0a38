// Scans one member account over the ports: assume the role, list the buckets, evaluate each under a
// per-account and a shared overall concurrency bound, and hand off whatever the time budget cannot
// cover. Every bucket in scope ends with exactly one outcome or in `remainingBuckets`.
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { Suppression } from '../engine/types';
import { describeError, evaluateBucket, type BucketContext } from './evaluate-bucket';
import { silentLog, type ScanLog } from './log';
import type { AccountBlockLookup, AccountSession, AccountSessionFactory, Limiter, ListedBucket } from './ports';
import type { AccountError, AccountScanResult, AccountTarget, BucketOutcome, ScanTrigger } from './types';

export interface ScanDeps {
  sessions: AccountSessionFactory;
  /** Shared by every account scanned in this container: bounds calls overall (CONCURRENCY_TOTAL). */
  limitTotal: Limiter;
  log?: ScanLog;
  now?: () => Date;
}

export interface ScanOptions {
  scanId: string;
  trigger: ScanTrigger;
  /** A continuation slice: only these buckets (names missing from the account's listing are `gone`). */
  buckets?: readonly string[];
  /** With `buckets`: and every bucket in scope the account lists after this one (see continuationMessage). */
  listedAfter?: string;
  /** Milliseconds left before the runtime stops us (Lambda's getRemainingTimeInMillis). */
  deadline?: () => number;
  signal?: AbortSignal;
  concurrencyPerAccount: number;
  deadlineSafetyMs: number;
  /** SCAN_REGIONS; an account's own `regions` take precedence. */
  regions?: readonly string[];
  suppressions?: readonly Suppression[];
  onBucket?: (outcome: BucketOutcome) => void;
}

export async function scanAccount(target: AccountTarget, deps: ScanDeps, options: ScanOptions): Promise<AccountScanResult> {
  return withSession(target, deps, options, options.buckets !== undefined, async (session, errors) => {
    const listing = await deps.limitTotal(() => session.buckets.listBuckets());
    if (listing.kind === 'unreadable') {
      if (options.buckets === undefined) {
        errors.push({ accountId: target.accountId, stage: 'list-buckets', ...listing.error });
        return { outcomes: [], remaining: [], nothingRead: true };
      }
      // A continuation still knows its bucket names: the adapter finds each region itself. Those it knows
      // only as "listed after" are not known at all: the error says so (and makes the account partial).
      deps.log?.warn('listing unreadable, scanning the slice without regions', { scanId: options.scanId, accountId: target.accountId, code: listing.error.code });
      if (options.listedAfter !== undefined) {
        errors.push({ accountId: target.accountId, stage: 'list-buckets', code: listing.error.code, message: `buckets listed after ${options.listedAfter} not scanned: ${listing.error.message}` });
      }
      return runBuckets([...new Set(options.buckets)].map((name) => ({ name })), session, target, deps, options, errors);
    }
    const bucketsInScope = inRegions(listing.buckets, target.regions ?? options.regions);
    if (options.buckets === undefined) return runBuckets(bucketsInScope, session, target, deps, options, errors);
    // A slice was in scope when it was cut: only a bucket missing from the listing is gone.
    const byName = new Map(listing.buckets.map((bucket) => [bucket.name, bucket]));
    const slice = [...new Set(options.buckets)];
    const gone: BucketOutcome[] = slice.filter((name) => !byName.has(name)).map((bucket) => ({ accountId: target.accountId, bucket, status: 'gone' }));
    gone.forEach((outcome) => report(outcome, options, deps.log ?? silentLog));
    const carried = new Set(slice);
    const after = options.listedAfter === undefined ? [] : bucketsListedAfter(bucketsInScope, options.listedAfter).filter((bucket) => !carried.has(bucket.name));
    const run = await runBuckets([...slice.flatMap((name) => byName.get(name) ?? []), ...after], session, target, deps, options, errors);
    return { ...run, outcomes: [...gone, ...run.outcomes] };
  });
}

/**
 * The buckets a listing has after `name`: by position, as the slice was cut, or by name when that bucket has
 * gone since (ListBuckets lists in name order). A bucket scanned twice is recorded twice, harmlessly.
 */
function bucketsListedAfter(buckets: readonly ListedBucket[], name: string): readonly ListedBucket[] {
  const position = buckets.findIndex((bucket) => bucket.name === name);
  return position >= 0 ? buckets.slice(position + 1) : buckets.filter((bucket) => bucket.name > name);
}

/**
 * Rescans one bucket (the on-cors-change function): no listing, the adapter resolves a missing region.
 * A bucket outside the scan's regions (as the event says, or as a redirect reveals) is left out, in
 * `outOfScope`: recording it would let the next full scan, which never lists it, sweep it as gone.
 */
export async function scanSingleBucket(target: AccountTarget, bucket: string, region: string | undefined, deps: ScanDeps, options: ScanOptions): Promise<AccountScanResult> {
  const regions = target.regions ?? options.regions;
  if (region !== undefined && !inScope(region, regions)) {
    const at = (deps.now ?? (() => new Date()))().toISOString();
    return { ...resultBase(target, options, at, true), finishedAt: at, status: 'complete', buckets: [], errors: [], outOfScope: [{ bucket, region }] };
  }
  const result = await withSession(target, deps, options, true, (session, errors) =>
    runBuckets([{ name: bucket, ...(region !== undefined ? { region } : {}) }], session, target, deps, options, errors));
  const elsewhere = result.buckets.flatMap((outcome) => (outcome.region !== undefined && !inScope(outcome.region, regions) ? [{ bucket: outcome.bucket, region: outcome.region }] : []));
  if (elsewhere.length === 0) return result;
  return { ...result, buckets: result.buckets.filter((outcome) => outcome.region === undefined || inScope(outcome.region, regions)), outOfScope: elsewhere };
}

interface RunResult {
  outcomes: BucketOutcome[];
  remaining: string[];
  nothingRead?: boolean;
}

async function withSession(
  target: AccountTarget,
  deps: ScanDeps,
  options: ScanOptions,
  isSlice: boolean,
  scan: (session: AccountSession, errors: AccountError[]) => Promise<RunResult>,
): Promise<AccountScanResult> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? silentLog;
  const base = resultBase(target, options, now().toISOString(), isSlice);
  const opening = await deps.sessions.open(target, options.scanId).catch((error: unknown) => ({ kind: 'denied' as const, code: 'InternalError', message: describeError(error) }));
  if (opening.kind === 'denied') {
    log.warn('account not readable', { scanId: options.scanId, accountId: target.accountId, code: opening.code });
    const error: AccountError = { accountId: target.accountId, stage: 'assume-role', code: opening.code, message: opening.message };
    return { ...base, finishedAt: now().toISOString(), status: 'failed', buckets: [], errors: [error] };
  }
  const errors: AccountError[] = [];
  let run: RunResult;
  try {
    run = await scan(opening.session, errors);
  } catch (error) {
    // The ports never throw by contract; a bug in one must still end as this account's result.
    log.error('account scan failed unexpectedly', { scanId: options.scanId, accountId: target.accountId, error: describeError(error) });
    errors.push({ accountId: target.accountId, stage: 'list-buckets', code: 'InternalError', message: describeError(error) });
    run = { outcomes: [], remaining: [], nothingRead: true };
  } finally {
    opening.session.close?.();
  }
  const status = run.nothingRead ? 'failed'
    : run.remaining.length > 0 ? 'handed-off'
    : errors.length > 0 || run.outcomes.some((outcome) => outcome.status === 'unknown') ? 'partial'
    : 'complete';
  log.info('account scanned', { scanId: options.scanId, accountId: target.accountId, status, buckets: run.outcomes.length, remaining: run.remaining.length });
  return {
    ...base,
    finishedAt: now().toISOString(),
    status,
    buckets: run.outcomes,
    errors,
    ...(run.remaining.length > 0 ? { remainingBuckets: run.remaining } : {}),
  };
}

function resultBase(target: AccountTarget, options: ScanOptions, startedAt: string, isSlice: boolean) {
  return { scanId: options.scanId, accountId: target.accountId, ...(target.name !== undefined ? { accountName: target.name } : {}), startedAt, isSlice };
}

async function runBuckets(
  buckets: readonly ListedBucket[],
  session: AccountSession,
  target: AccountTarget,
  deps: ScanDeps,
  options: ScanOptions,
  errors: AccountError[],
): Promise<RunResult> {
  const log = deps.log ?? silentLog;
  const stop = deadlineStop(options);
  const context: BucketContext = {
    scanId: options.scanId,
    accountId: target.accountId,
    inventory: session.buckets,
    accountBlock: accountBlockOnce(session, stop.signal, (error) => {
      // An aborted read is the deadline, not the account: the continuation reads it again.
      if (!stop.signal?.aborted) errors.push({ accountId: target.accountId, stage: 'account-context', ...error });
    }),
    suppressions: options.suppressions ?? [],
    log,
    now: deps.now ?? (() => new Date()),
    ...(stop.signal ? { signal: stop.signal } : {}),
  };
  const limitAccount = pLimit(options.concurrencyPerAccount);
  const slots: Array<BucketOutcome | undefined> = new Array(buckets.length);
  const remaining: string[] = [];
  try {
    await Promise.all(buckets.map((bucket, index) => limitAccount(() => deps.limitTotal(async () => {
      if (stop.reached()) {
        remaining.push(bucket.name);
        return;
      }
      const outcome = await unlessAborted(evaluateBucket(bucket, context), stop.signal);
      // Stopped in flight: an aborted read looks like a failed one (an exposure member unknown, the
      // suppression tag unread), so whatever came back is not recorded and the bucket is handed on whole.
      if (outcome === undefined || stop.signal?.aborted) {
        remaining.push(bucket.name);
        return;
      }
      slots[index] = outcome;
      report(outcome, options, log);
    }))));
  } finally {
    stop.dispose();
  }
  return { outcomes: slots.filter((outcome): outcome is BucketOutcome => outcome !== undefined), remaining: orderLike(buckets, remaining) };
}

/** Progress callbacks are the caller's code: a failing one is logged, never allowed to lose an outcome. */
function report(outcome: BucketOutcome, options: ScanOptions, log: ScanLog): void {
  try {
    options.onBucket?.(outcome);
  } catch (error) {
    log.warn('onBucket callback failed', { scanId: options.scanId, accountId: outcome.accountId, bucket: outcome.bucket, error: describeError(error) });
  }
}

/** setTimeout's longest delay (about 24.8 days); a longer deadline is re-read when the timer fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface DeadlineStop {
  /** Aborts the calls in flight when bucket work must stop; absent when the scan has no deadline (the CLI). */
  signal?: AbortSignal;
  /** Whether a bucket may no longer start; each reading of the deadline re-arms the abort. */
  reached(): boolean;
  dispose(): void;
}

/**
 * Bucket work stops when less than `deadlineSafetyMs` remains, or when the invocation's signal aborts:
 * no bucket starts after that, and the calls in flight are aborted, since one bucket can outlast any
 * margin (a timed-out call is re-sent up to MAX_ATTEMPTS times with backoff, and a bucket makes up to two
 * such calls in sequence, each again after a redirect). The margin is then left whole for recording and
 * the hand-off. A reading below the margin only stops starts: Lambda's remaining time is wall-clock
 * time, so the timer armed from an earlier reading aborts what is in flight at that same moment.
 */
function deadlineStop(options: ScanOptions): DeadlineStop {
  const { deadline, signal: invocation, deadlineSafetyMs } = options;
  if (deadline === undefined && invocation === undefined) return { reached: () => false, dispose: () => undefined };
  const controller = new AbortController();
  // Every call in flight listens to it (the SDK adds a listener per attempt); all are removed when they settle.
  setMaxListeners(0, controller.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const abort = () => controller.abort();
  const arm = (): boolean => {
    if (deadline === undefined) return false;
    const left = deadline() - deadlineSafetyMs;
    if (left <= 0) return true;
    clearTimeout(timer);
    timer = setTimeout(() => void (arm() && abort()), Math.min(left, MAX_TIMER_MS));
    return false;
  };
  if (invocation?.aborted) abort();
  invocation?.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    reached: () => controller.signal.aborted || arm(),
    dispose: () => {
      clearTimeout(timer);
      invocation?.removeEventListener('abort', abort);
    },
  };
}

/** The work's result, or undefined as soon as `signal` aborts: a port that ignores the abort cannot hold the scan. */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T | undefined> {
  if (!signal) return work;
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort)).catch(reject);
  });
}

/**
 * The account-level PublicAccessBlock, read at most once per account; a failure is recorded once.
 * Not under limitTotal: it is called from inside a bucket's slot, and re-entering the limiter could deadlock.
 */
function accountBlockOnce(session: AccountSession, signal: AbortSignal | undefined, onUnreadable: (error: { code: string; message: string }) => void): () => Promise<AccountBlockLookup> {
  let pending: Promise<AccountBlockLookup> | undefined;
  return () => {
    pending ??= session.buckets.getAccountPublicAccessBlock(signal).then((lookup) => {
      if (lookup.kind === 'unreadable') onUnreadable(lookup.error);
      return lookup;
    });
    return pending;
  };
}

function inRegions(buckets: readonly ListedBucket[], regions: readonly string[] | undefined): ListedBucket[] {
  // A bucket whose region could not be told stays in scope: skipping it would hide it.
  return buckets.filter((bucket) => bucket.region === undefined || inScope(bucket.region, regions));
}

/** The scan's regions: the account's own `regions`, else SCAN_REGIONS; none means every region. */
function inScope(region: string, regions: readonly string[] | undefined): boolean {
  return !regions || regions.length === 0 || regions.includes(region);
}

function orderLike(buckets: readonly ListedBucket[], names: readonly string[]): string[] {
  const wanted = new Set(names);
  return buckets.filter((bucket) => wanted.has(bucket.name)).map((bucket) => bucket.name);
}

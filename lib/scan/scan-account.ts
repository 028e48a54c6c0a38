// Scans one member account over the ports: assume the role, list the buckets, evaluate each under a
// per-account and a shared overall concurrency bound, and hand off whatever the time budget cannot
// cover. Every bucket in scope ends with exactly one outcome or in `remainingBuckets`.
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
      // A continuation still knows its bucket names: the adapter finds each region itself.
      deps.log?.warn('listing unreadable, scanning the slice without regions', { scanId: options.scanId, accountId: target.accountId, code: listing.error.code });
      return runBuckets([...new Set(options.buckets)].map((name) => ({ name })), session, target, deps, options, errors);
    }
    if (options.buckets === undefined) return runBuckets(inRegions(listing.buckets, target.regions ?? options.regions), session, target, deps, options, errors);
    // A slice was in scope when it was cut: only a bucket missing from the listing is gone.
    const byName = new Map(listing.buckets.map((bucket) => [bucket.name, bucket]));
    const slice = [...new Set(options.buckets)];
    const gone: BucketOutcome[] = slice.filter((name) => !byName.has(name)).map((bucket) => ({ accountId: target.accountId, bucket, status: 'gone' }));
    gone.forEach((outcome) => report(outcome, options, deps.log ?? silentLog));
    const run = await runBuckets(slice.flatMap((name) => byName.get(name) ?? []), session, target, deps, options, errors);
    return { ...run, outcomes: [...gone, ...run.outcomes] };
  });
}

/** Rescans one bucket (the on-cors-change function): no listing, the adapter resolves a missing region. */
export async function scanSingleBucket(target: AccountTarget, bucket: string, region: string | undefined, deps: ScanDeps, options: ScanOptions): Promise<AccountScanResult> {
  return withSession(target, deps, options, true, (session, errors) =>
    runBuckets([{ name: bucket, ...(region !== undefined ? { region } : {}) }], session, target, deps, options, errors));
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
  const startedAt = now().toISOString();
  const base = { scanId: options.scanId, accountId: target.accountId, ...(target.name !== undefined ? { accountName: target.name } : {}), startedAt, isSlice };
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

async function runBuckets(
  buckets: readonly ListedBucket[],
  session: AccountSession,
  target: AccountTarget,
  deps: ScanDeps,
  options: ScanOptions,
  errors: AccountError[],
): Promise<RunResult> {
  const log = deps.log ?? silentLog;
  const context: BucketContext = {
    scanId: options.scanId,
    accountId: target.accountId,
    inventory: session.buckets,
    accountBlock: accountBlockOnce(session, (error) => errors.push({ accountId: target.accountId, stage: 'account-context', ...error })),
    suppressions: options.suppressions ?? [],
    log,
    now: deps.now ?? (() => new Date()),
  };
  const limitAccount = pLimit(options.concurrencyPerAccount);
  const slots: Array<BucketOutcome | undefined> = new Array(buckets.length);
  const remaining: string[] = [];
  await Promise.all(buckets.map((bucket, index) => limitAccount(() => deps.limitTotal(async () => {
    // Checked when the bucket would start: calls in flight finish within CALL_TIMEOUT_MS, well inside the margin.
    if (outOfTime(options)) {
      remaining.push(bucket.name);
      return;
    }
    const outcome = await evaluateBucket(bucket, context);
    slots[index] = outcome;
    report(outcome, options, log);
  }))));
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

function outOfTime(options: ScanOptions): boolean {
  return Boolean(options.signal?.aborted) || (options.deadline !== undefined && options.deadline() < options.deadlineSafetyMs);
}

/**
 * The account-level PublicAccessBlock, read at most once per account; a failure is recorded once.
 * Not under limitTotal: it is called from inside a bucket's slot, and re-entering the limiter could deadlock.
 */
function accountBlockOnce(session: AccountSession, onUnreadable: (error: { code: string; message: string }) => void): () => Promise<AccountBlockLookup> {
  let pending: Promise<AccountBlockLookup> | undefined;
  return () => {
    pending ??= session.buckets.getAccountPublicAccessBlock().then((lookup) => {
      if (lookup.kind === 'unreadable') onUnreadable(lookup.error);
      return lookup;
    });
    return pending;
  };
}

function inRegions(buckets: readonly ListedBucket[], regions: readonly string[] | undefined): ListedBucket[] {
  if (!regions || regions.length === 0) return [...buckets];
  // A bucket whose region could not be told stays in scope: skipping it would hide it.
  return buckets.filter((bucket) => bucket.region === undefined || regions.includes(bucket.region));
}

function orderLike(buckets: readonly ListedBucket[], names: readonly string[]): string[] {
  const wanted = new Set(names);
  return buckets.filter((bucket) => wanted.has(bucket.name)).map((bucket) => bucket.name);
}

// One bucket, from GetBucketCors to its outcome. A bucket without CORS costs exactly one call; only a
// configured bucket fetches its exposure and suppression tag. Never throws: every failure is data.
import { configHash, fromS3Rules } from '../cors/serialize';
import { assessBucket, parseSuppressionTag } from '../engine';
import type { BucketExposure, Suppression } from '../engine/types';
import { truncateText } from '../report/escape';
import { boundRules } from './bound-rules';
import type { ScanLog } from './log';
import type { AccountBlockLookup, BucketInventory, ListedBucket } from './ports';
import type { BucketOutcome, ItemError } from './types';

export interface BucketContext {
  scanId: string;
  accountId: string;
  inventory: BucketInventory;
  /** Read once per account, on the first bucket that needs it. */
  accountBlock: () => Promise<AccountBlockLookup>;
  suppressions: readonly Suppression[];
  log: ScanLog;
  now: () => Date;
  /** Aborts this bucket's calls at the scan's deadline (the scanner then hands the bucket on). */
  signal?: AbortSignal;
}

export async function evaluateBucket(asListed: ListedBucket, context: BucketContext): Promise<BucketOutcome> {
  let listed = asListed;
  let ref = refOf(listed, context);
  try {
    const cors = await context.inventory.getCors(listed.name, listed.region, context.signal);
    // A redirect taught the inventory where the bucket lives: the outcome and the later calls use that, not the stale listing.
    if (cors.region !== undefined && cors.region !== listed.region) {
      listed = { ...listed, region: cors.region };
      ref = refOf(listed, context);
    }
    if (cors.kind === 'none') return { ...ref, status: 'no-cors' };
    if (cors.kind === 'gone') return { ...ref, status: 'gone' };
    if (cors.kind === 'unreadable') return { ...ref, status: 'unknown', error: cors.error };
    const [exposure, suppressions] = await Promise.all([exposureOf(listed, context), suppressionsOf(listed, context)]);
    const assessment = assessBucket({
      config: fromS3Rules(cors.rules, { file: `s3://${listed.name}`, resource: listed.name }),
      exposure,
      suppressions,
      target: { accountId: context.accountId, bucket: listed.name },
      now: context.now(),
    });
    return { ...ref, status: 'evaluated', corsRules: boundRules(cors.rules), configHash: configHash(cors.rules), exposure, assessment };
  } catch (error) {
    // An adapter or engine bug on one hostile configuration must not take the account down.
    context.log.error('bucket evaluation failed', { scanId: context.scanId, accountId: context.accountId, region: listed.region, bucket: listed.name, error: describeError(error) });
    return { ...ref, status: 'unknown', error: { code: 'InternalError', message: describeError(error) } satisfies ItemError };
  }
}

function refOf(listed: ListedBucket, context: BucketContext) {
  return { accountId: context.accountId, bucket: listed.name, ...(listed.region !== undefined ? { region: listed.region } : {}) };
}

async function exposureOf(listed: ListedBucket, context: BucketContext): Promise<BucketExposure> {
  const [bucketLevel, account] = await Promise.all([context.inventory.getExposure(listed.name, listed.region, context.signal), context.accountBlock()]);
  return account.kind === 'read' ? { ...bucketLevel, accountPublicAccessBlock: account.flags } : bucketLevel;
}

/** Configured suppressions plus the bucket's own `s3-cors-audit:accept` tag; an unreadable tag only loses the tag's. */
async function suppressionsOf(listed: ListedBucket, context: BucketContext): Promise<Suppression[]> {
  const keys = { scanId: context.scanId, accountId: context.accountId, region: listed.region, bucket: listed.name };
  const tag = await context.inventory.getSuppressionTag(listed.name, listed.region, context.signal);
  if (tag.kind === 'unreadable') context.log.warn('suppression tag unreadable', { ...keys, code: tag.error.code });
  if (tag.kind !== 'tagged') return [...context.suppressions];
  const parsed = parseSuppressionTag(tag.value, listed.name);
  for (const problem of parsed.problems.slice(0, 5)) context.log.warn('suppression tag ignored in part', { ...keys, problem: truncateText(String(problem), 300) });
  return [...context.suppressions, ...parsed.suppressions];
}

/** An unexpected error as one bounded line (it may quote hostile input). */
export function describeError(error: unknown): string {
  return truncateText(error instanceof Error ? `${error.name}: ${error.message}` : String(error), 500);
}

// How much of the fleet a scan actually saw. Continuation slices of one account are merged: a bucket
// handed off by one result and evaluated by a later one counts once, with its final outcome.
import type { AccountScanResult, BucketOutcome, ScanCoverage } from './types';

export function computeCoverage(results: readonly AccountScanResult[], accountsTotal: number): ScanCoverage {
  const readable = new Set<string>();
  const seen = new Set<string>();
  const outcomes = new Map<string, BucketOutcome['status']>();
  const listed = new Set<string>();
  for (const result of results) {
    seen.add(result.accountId);
    if (result.status !== 'failed') readable.add(result.accountId);
    for (const outcome of result.buckets) {
      const key = `${outcome.accountId}/${outcome.bucket}`;
      listed.add(key);
      outcomes.set(key, outcome.status);
    }
    for (const bucket of result.remainingBuckets ?? []) listed.add(`${result.accountId}/${bucket}`);
  }
  const count = (status: BucketOutcome['status']) => [...outcomes.values()].filter((value) => value === status).length;
  return {
    accountsTotal,
    accountsScanned: readable.size,
    accountsFailed: [...seen].filter((accountId) => !readable.has(accountId)).length,
    bucketsListed: listed.size,
    bucketsEvaluated: count('evaluated'),
    bucketsWithoutCors: count('no-cors'),
    bucketsGone: count('gone'),
    bucketsUnknown: count('unknown'),
  };
}

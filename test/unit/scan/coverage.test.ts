import { describe, expect, it } from 'vitest';
import { computeCoverage } from '../../../lib/scan';
import type { AccountScanResult, BucketOutcome } from '../../../lib/scan/types';

const result = (accountId: string, status: AccountScanResult['status'], buckets: Array<[string, BucketOutcome['status']]>, remainingBuckets?: string[]): AccountScanResult => ({
  scanId: 'scan-1',
  accountId,
  startedAt: '2026-11-23T02:00:00Z',
  finishedAt: '2026-11-23T02:01:00Z',
  status,
  isSlice: false,
  errors: [],
  buckets: buckets.map(([bucket, outcome]) => (outcome === 'unknown'
    ? { accountId, bucket, status: 'unknown', error: { code: 'AccessDenied', message: 'denied' } }
    : { accountId, bucket, status: outcome }) as BucketOutcome),
  ...(remainingBuckets ? { remainingBuckets } : {}),
});

describe('computeCoverage', () => {
  it('counts accounts scanned and failed, and buckets by outcome', () => {
    const coverage = computeCoverage([
      result('111111111111', 'partial', [['a', 'no-cors'], ['b', 'unknown'], ['c', 'gone']]),
      result('222222222222', 'failed', []),
    ], 3);
    expect(coverage).toEqual({ accountsTotal: 3, accountsScanned: 1, accountsFailed: 1, bucketsListed: 3, bucketsEvaluated: 0, bucketsWithoutCors: 1, bucketsGone: 1, bucketsUnknown: 1 });
  });

  it('merges a hand-off and its continuation: a bucket counts once, with its final outcome', () => {
    const coverage = computeCoverage([
      result('111111111111', 'handed-off', [['a', 'no-cors']], ['b', 'c']),
      { ...result('111111111111', 'complete', [['b', 'no-cors'], ['c', 'gone']]), isSlice: true },
    ], 1);
    expect(coverage).toMatchObject({ accountsScanned: 1, accountsFailed: 0, bucketsListed: 3, bucketsWithoutCors: 2, bucketsGone: 1 });
  });

  it('counts handed-off buckets that never got an outcome as listed but not decided', () => {
    const coverage = computeCoverage([result('111111111111', 'handed-off', [['a', 'no-cors']], ['b'])], 1);
    expect(coverage).toMatchObject({ bucketsListed: 2, bucketsWithoutCors: 1, bucketsUnknown: 0 });
  });

  it('does not count an account failed when a later slice of it succeeded', () => {
    const coverage = computeCoverage([result('111111111111', 'failed', []), result('111111111111', 'complete', [])], 1);
    expect(coverage).toMatchObject({ accountsScanned: 1, accountsFailed: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { detectBucketChange } from '../../../lib/report/changes';
import { FINDING_BOUNDS, MAX_FINDINGS_PER_STATE } from '../../../lib/report/bounds';
import type { BucketState } from '../../../lib/report/model';
import type { BucketOutcome } from '../../../lib/scan/types';
import { ANY_ORIGIN_WRITE, PUBLIC_READ, evaluated } from '../../support/scan-results';

const ACCOUNT = '111111111111';
const scan = (scanId: string, outcome: BucketOutcome, previous?: BucketState) =>
  detectBucketChange({ scanId, scannedAt: `${scanId}-time`, outcome, ...(previous ? { previous } : {}) });
const first = (outcome: BucketOutcome) => scan('scan-1', outcome);
const stateAfter = (outcome: BucketOutcome) => {
  const { state } = first(outcome);
  if (!state) throw new Error('no state');
  return state;
};

describe('change detection for one bucket', () => {
  it('gives the same finding the same id in every scan, keeping when it was first seen', () => {
    const before = stateAfter(evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE));
    const after = scan('scan-2', evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE), before);
    expect(after.current.map((finding) => finding.findingId)).toEqual(before.findings.map((finding) => finding.findingId));
    expect(after.current.every((finding) => finding.change === 'unchanged' && finding.firstSeenAt === 'scan-1-time' && finding.lastSeenAt === 'scan-2-time')).toBe(true);
    expect(after.resolved).toEqual([]);
  });

  it('tells apart identical findings of duplicate rules instead of merging them', () => {
    const { current } = first(evaluated(ACCOUNT, 'b', [...PUBLIC_READ, ...PUBLIC_READ]));
    expect(new Set(current.map((finding) => finding.findingId)).size).toBe(current.length);
  });

  it('marks a raised severity as worsened and a lowered one as improved', () => {
    const privateBucket = stateAfter(evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE));
    const publicWrite = { aclGrants: { allUsers: ['WRITE' as const], authenticatedUsers: [] }, bucketPublicAccessBlock: null, accountPublicAccessBlock: null };
    const worse = scan('scan-2', evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE, { exposure: publicWrite }), privateBucket);
    expect(worse.current.find((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-WRITE')).toMatchObject({ change: 'worsened', severity: 'critical' });
    const better = scan('scan-3', evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE), worse.state);
    expect(better.current.find((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-WRITE')).toMatchObject({ change: 'improved', severity: 'high' });
  });

  it('resolves findings a fixed configuration no longer has, and all of them when CORS is removed or the bucket is gone', () => {
    const before = stateAfter(evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE));
    const fixed = scan('scan-2', evaluated(ACCOUNT, 'b', PUBLIC_READ), before);
    expect(fixed.resolved.map((finding) => finding.ruleId)).toContain('S3CORS-ANY-ORIGIN-WRITE');
    expect(fixed.resolved.every((finding) => finding.change === 'resolved' && finding.scanId === 'scan-2')).toBe(true);
    const removed = scan('scan-2', { accountId: ACCOUNT, bucket: 'b', status: 'no-cors' }, before);
    expect(removed.resolved).toHaveLength(before.findings.length);
    expect(removed.state).toMatchObject({ status: 'no-cors', findings: [] });
    const gone = scan('scan-2', { accountId: ACCOUNT, bucket: 'b', status: 'gone' }, before);
    expect(gone.state).toBeUndefined();
    expect(gone.resolved).toHaveLength(before.findings.length);
  });

  it('keeps the last known findings and score of a bucket it could not read, resolving nothing', () => {
    const before = stateAfter(evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE));
    const unread = scan('scan-2', { accountId: ACCOUNT, bucket: 'b', status: 'unknown', error: { code: 'AccessDenied', message: 'denied' } }, before);
    expect(unread.resolved).toEqual([]);
    expect(unread.current).toEqual([]);
    expect(unread.state).toMatchObject({ status: 'unknown', score: before.score, error: { code: 'AccessDenied' }, lastScanId: 'scan-2' });
    expect(unread.state?.findings).toEqual(before.findings);
  });

  it('reports suppressed findings as such, and an expired suppression as its own change', () => {
    const accept = { ruleId: 'S3CORS-ANY-ORIGIN-WRITE', reason: 'public drop box', source: 'config' };
    const suppressed = first(evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE, { suppressions: [{ ...accept, expiresAt: '2026-12-01' }], now: new Date('2026-11-23') }));
    const accepted = suppressed.current.find((finding) => finding.ruleId === accept.ruleId);
    expect(accepted).toMatchObject({ change: 'suppressed', suppression: { reason: 'public drop box', expiresAt: '2026-12-01' } });
    const expired = scan('scan-2', evaluated(ACCOUNT, 'b', ANY_ORIGIN_WRITE, { suppressions: [{ ...accept, expiresAt: '2026-12-01' }], now: new Date('2026-12-02') }), suppressed.state);
    expect(expired.current.find((finding) => finding.ruleId === accept.ruleId)).toMatchObject({ change: 'suppression-expired' });
    expect(expired.current.find((finding) => finding.ruleId === accept.ruleId)?.suppression).toBeUndefined();
  });

  it('bounds hostile evidence and messages, and marks what it cut', () => {
    const junk = `https://${'<script>'.repeat(5_000)}.example.com`;
    const { current, state } = first(evaluated(ACCOUNT, 'b', [{ AllowedOrigins: [junk], AllowedMethods: ['GET', 'PUT'] }]));
    expect(current.length).toBeGreaterThan(0);
    for (const finding of current) {
      expect(finding.message.length).toBeLessThanOrEqual(FINDING_BOUNDS.message);
      for (const value of Object.values(finding.evidence)) if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(FINDING_BOUNDS.evidenceString);
    }
    expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThan(400_000);
  });

  it('keeps a state item within DynamoDB limits however many findings a configuration produces', () => {
    const rules = Array.from({ length: 100 }, (_, index) => ({ AllowedOrigins: [`http://*${index}.example.com`, 'null', `https://dev${index}.github.io`], AllowedMethods: ['GET', 'PUT', 'DELETE'], AllowedHeaders: ['*'] }));
    const state = stateAfter(evaluated(ACCOUNT, 'b', rules));
    expect(state.findings.length).toBeLessThanOrEqual(MAX_FINDINGS_PER_STATE);
    expect(Buffer.byteLength(JSON.stringify(state))).toBeLessThan(400_000);
  });
});

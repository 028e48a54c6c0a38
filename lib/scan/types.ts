// What a scan produces: per-bucket outcomes, per-item errors and coverage. The contract between the
// scanner (lib/scan), the report writer and alerts (lib/report), and the demo.
import type { S3CorsRule } from '../cors/types';
import type { Assessment, BucketExposure } from '../engine/types';

export type ScanTrigger = 'schedule' | 'manual' | 'cors-change';

/** One member account to audit. */
export interface AccountTarget {
  accountId: string;
  name?: string;
  /** Full role ARN to assume in the member account. */
  roleArn: string;
  externalId?: string;
  /** Restrict the scan to these regions; all of the account's buckets otherwise. */
  regions?: string[];
}

export interface ItemError {
  /** S3/STS error name (AccessDenied, SlowDown, NoSuchBucket...) or a local code (Timeout, DeadlineExceeded). */
  code: string;
  /** Bounded, sanitised message (never a credential, never a whole configuration). */
  message: string;
  attempts?: number;
}

interface BucketRef {
  accountId: string;
  bucket: string;
  /** Region the bucket lives in; undefined only when it could not be determined. */
  region?: string;
}

/** A bucket is evaluated, has no CORS, or is unknown with a reason: never silently a pass (STYLE.md). */
export type BucketOutcome =
  | (BucketRef & {
      status: 'evaluated';
      /** The configuration as S3 returned it (GetBucketCors CORSRules), bounded in size. */
      corsRules: S3CorsRule[];
      /** Stable hash of corsRules: detects change and recurring configurations across the fleet. */
      configHash: string;
      exposure: BucketExposure;
      assessment: Assessment;
    })
  | (BucketRef & { status: 'no-cors' })
  | (BucketRef & { status: 'gone' })
  | (BucketRef & { status: 'unknown'; error: ItemError });

/** An error that stopped part of an account's scan (not one bucket). */
export interface AccountError extends ItemError {
  accountId: string;
  stage: 'assume-role' | 'list-buckets' | 'region' | 'account-context';
  region?: string;
}

export interface AccountScanResult {
  scanId: string;
  accountId: string;
  accountName?: string;
  startedAt: string;
  finishedAt: string;
  /**
   * complete: every listed bucket has an outcome; partial: some part was unreadable (see errors);
   * failed: nothing could be read (e.g. AssumeRole denied); handed-off: the Lambda deadline came and
   * `remainingBuckets` were re-queued as a continuation.
   */
  status: 'complete' | 'partial' | 'failed' | 'handed-off';
  /** True when this result covers only some buckets on purpose (a continuation or a single-bucket rescan). */
  isSlice: boolean;
  buckets: BucketOutcome[];
  errors: AccountError[];
  remainingBuckets?: string[];
  /**
   * A single-bucket rescan only: the bucket is outside the scan's regions (target.regions, else
   * SCAN_REGIONS), by the CloudTrail event's region or the one a redirect revealed. It has no outcome
   * here, and the rescan records nothing.
   */
  outOfScope?: Array<{ bucket: string; region: string }>;
}

export interface ScanCoverage {
  accountsTotal: number;
  accountsScanned: number;
  accountsFailed: number;
  bucketsListed: number;
  bucketsEvaluated: number;
  bucketsWithoutCors: number;
  bucketsGone: number;
  bucketsUnknown: number;
}

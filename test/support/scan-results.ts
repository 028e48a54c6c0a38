// Builds scan results the way the scanner does (the real engine scores each configuration), for
// report tests that start after collection: two scans of the same estate with changes in between.
import { configHash, fromS3Rules } from '../../lib/cors';
import type { S3CorsRule } from '../../lib/cors/types';
import { assessBucket } from '../../lib/engine';
import type { BucketExposure, Suppression } from '../../lib/engine/types';
import type { AccountScanResult, BucketOutcome } from '../../lib/scan/types';

export function evaluated(accountId: string, bucket: string, rules: S3CorsRule[], options: { exposure?: BucketExposure; suppressions?: Suppression[]; now?: Date; region?: string } = {}): BucketOutcome {
  const exposure = options.exposure ?? {};
  return {
    accountId,
    bucket,
    region: options.region ?? 'eu-west-1',
    status: 'evaluated',
    corsRules: rules,
    configHash: configHash(rules),
    exposure,
    assessment: assessBucket({ config: fromS3Rules(rules, { file: `s3://${bucket}`, resource: bucket }), exposure, suppressions: options.suppressions ?? [], target: { accountId, bucket }, now: options.now ?? new Date('2026-11-23T02:00:00Z') }),
  };
}

export function accountResult(scanId: string, accountId: string, buckets: BucketOutcome[], overrides: Partial<AccountScanResult> = {}): AccountScanResult {
  return { scanId, accountId, startedAt: '2026-11-23T02:00:00.000Z', finishedAt: '2026-11-23T02:00:05.000Z', status: 'complete', isSlice: false, buckets, errors: [], ...overrides };
}

export const PUBLIC_READ: S3CorsRule[] = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }];
export const ANY_ORIGIN_WRITE: S3CorsRule[] = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'POST'], AllowedHeaders: ['*'] }];
export const SAFE_UPLOAD: S3CorsRule[] = [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 }];

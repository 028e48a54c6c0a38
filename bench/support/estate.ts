// The synthetic estate the scan benchmark serves: accounts, their buckets, which have CORS and what their
// exposure is. Pure and seeded, so the server process and the benchmark derive the same estate and the
// benchmark can check every bucket ended with the outcome the estate implies.
import type { S3CorsRule } from '../../lib/cors/types';
import type { BucketRecord } from '../../test/support/emulators/s3-state';
import { random } from './seeded-random';

export interface EstateShape {
  accounts: number;
  /** Buckets in total, spread evenly over the accounts. */
  buckets: number;
  /** Share of buckets with a CORS configuration (0..1). */
  corsShare: number;
  seed: number;
}

export interface EstateBucket extends BucketRecord {
  cors?: S3CorsRule[];
  websiteHosting: boolean;
  policyIsPublic: boolean;
}

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const CREATED = new Date('2024-01-01T00:00:00Z');

/** A realistic spread: most configurations are narrow, a few are the risky shapes the rules look for. */
const CORS_SHAPES: S3CorsRule[][] = [
  [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'HEAD'], MaxAgeSeconds: 3000 }],
  [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'PUT', 'POST'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 }],
  [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }],
  [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'DELETE'], AllowedHeaders: ['*'] }],
  [
    { ID: 'uploads', AllowedOrigins: ['https://upload.example.com', 'http://localhost:3000'], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['content-type', 'x-amz-meta-*'], ExposeHeaders: ['ETag'] },
    { ID: 'reads', AllowedOrigins: ['https://*example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 86400 },
  ],
  [{ AllowedOrigins: ['https://example.github.io', 'null'], AllowedMethods: ['GET', 'HEAD'], ExposeHeaders: ['x-amz-request-id'] }],
];

export const accountIdOf = (index: number): string => String(200_000_000_000 + index);
export const roleArnOf = (accountId: string): string => `arn:aws:iam::${accountId}:role/S3CorsAuditRole`;

/** Buckets of one account, in ListBuckets order (by name). */
export function accountBuckets(shape: EstateShape, accountIndex: number): EstateBucket[] {
  const accountId = accountIdOf(accountIndex);
  const count = Math.floor(shape.buckets / shape.accounts) + (accountIndex < shape.buckets % shape.accounts ? 1 : 0);
  const next = random(shape.seed * 7919 + accountIndex);
  return Array.from({ length: count }, (_, index): EstateBucket => {
    const hasCors = next() < shape.corsShare;
    const shapePick = next();
    const exposure = next();
    return {
      name: `bench-${accountId}-${String(index).padStart(5, '0')}`,
      accountId,
      region: REGIONS[index % REGIONS.length] ?? 'us-east-1',
      createdAt: CREATED,
      ...(exposure < 0.7 ? { publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } } : {}),
      acl: exposure > 0.97 ? { allUsers: ['READ'], authenticatedUsers: [] } : { allUsers: [], authenticatedUsers: [] },
      ...(hasCors ? { cors: CORS_SHAPES[Math.floor(shapePick * CORS_SHAPES.length)] ?? [] } : {}),
      websiteHosting: exposure > 0.95,
      policyIsPublic: exposure > 0.9,
    };
  });
}

/** Account-level PublicAccessBlock: every other account has one. */
export const accountBlockOf = (accountIndex: number): boolean => accountIndex % 2 === 0;

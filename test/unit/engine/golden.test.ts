// A change detector for the whole engine: 2,000 seeded configurations (valid and invalid, every origin kind, hostile
// values, exposures, suppressions) assessed, each assessment's JSON fingerprinted. Speed work must leave every
// fingerprint as it is; a deliberate change to findings, messages or scores updates the file with
// `npx vitest run -u test/unit/engine/golden.test.ts`, and its diff says which configurations changed.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { random } from '../../../bench/support/seeded-random';
import { fromS3Rules } from '../../../lib/cors/serialize';
import type { S3CorsRule } from '../../../lib/cors/types';
import { assessBucket } from '../../../lib/engine/assess';
import type { AssessInput, BucketExposure, Suppression } from '../../../lib/engine/types';

const ORIGINS = ['*', 'null', 'https://app.example.com', 'https://*.example.com', 'http://*.example.com', 'https://*example.com', 'https://example.*', 'https://example.com*', 'https://*', '*.com', 'http://localhost:3000', 'http://127.0.0.1:8080', 'http://10.0.0.*', 'http://[::1]:3000', 'https://dev.local', 'https://x.internal', 'https://*.github.io', 'https://me.github.io', 'https://*.vercel.app', 'https://abc.cloudfront.net', 'https://App.Example.com', 'https://app.example.com/', 'https://app.example.com:443', 'app.example.com', ' https://a.example.com', 'https://a.example.com:*', 'https://app-*.example.com', 'https://*.example.co.uk', 'https://*.s3-website-us-east-1.amazonaws.com', '*://app.example.com', 'https://a*b*.example.com', '', 'https://<b>x</b>.example.com', 'https://\u00e9.example.com', 'https://x.herokuapp.com'];
const METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'get'];
const HEADERS = ['*', 'content-type', 'Content-Type', 'x-amz-*', 'x-amz-acl', 'x-amz-grant-read', 'authorization', 'x-amz-website-redirect-location', 'x-amz-object-lock-mode', 'X-Amz-*', 'a*b*', 'x-amz-bypass-governance-retention'];
const EXPOSE = ['ETag', 'etag', 'x-amz-request-id', 'x-amz-version-id', '*', 'x-amz-meta-secret', 'Set-Cookie', 'X-Amz-Server-Side-Encryption-Context'];
const MAX_AGES = [undefined, undefined, 3000, 0, -1, 86400, 100000000, 1.5];
const BLOCK_ALL = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const EXPOSURES: (BucketExposure | undefined)[] = [undefined, {}, { policyIsPublic: true }, { policyIsPublic: false, bucketPublicAccessBlock: BLOCK_ALL }, { aclGrants: { allUsers: ['WRITE'], authenticatedUsers: [] } }, { aclGrants: { allUsers: ['READ'], authenticatedUsers: [] }, websiteHosting: true }];
const SUPPRESSIONS: Suppression[] = [
  { ruleId: 'S3CORS-MAXAGE-MISSING', reason: 'accepted', source: 'config' },
  { ruleId: 'S3CORS-ANY-ORIGIN-READ', reason: 'expired', source: 'config', expiresAt: '2020-01-01T00:00:00Z' },
];

function corpus(count: number, seed: number): { rules: S3CorsRule[]; exposure: BucketExposure | undefined; suppress: boolean }[] {
  const next = random(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const some = <T,>(items: readonly T[], max: number): T[] => Array.from({ length: Math.floor(next() * (max + 1)) }, () => pick(items));
  const ownOrigin = () => pick([`https://app${Math.floor(next() * 1e6)}.example.com`, `https://*.t${Math.floor(next() * 1e6)}.example.com`, `http://h${Math.floor(next() * 1e6)}.example.net`]);
  const rule = (): S3CorsRule => {
    const made: S3CorsRule = {
      AllowedOrigins: Array.from({ length: Math.floor(next() * 4) }, () => (next() < 0.4 ? ownOrigin() : pick(ORIGINS))),
      AllowedMethods: Array.from({ length: Math.floor(next() * 4) }, () => (next() < 0.9 ? pick(METHODS.slice(0, 5)) : pick(METHODS))),
    };
    if (next() < 0.6) made.AllowedHeaders = some(HEADERS, 4);
    if (next() < 0.5) made.ExposeHeaders = some(EXPOSE, 3);
    const maxAge = pick(MAX_AGES);
    if (maxAge !== undefined) made.MaxAgeSeconds = maxAge;
    if (next() < 0.05) made.ID = 'x'.repeat(300);
    return made;
  };
  return Array.from({ length: count }, () => {
    const rules = Array.from({ length: next() < 0.95 ? 1 + Math.floor(next() * 6) : Math.floor(next() * 40) }, rule);
    // Copies and near-copies after the first rule: duplicates, shadowing and misordering.
    if (rules.length > 1 && next() < 0.3) rules.push({ ...(rules[Math.floor(next() * rules.length)] as S3CorsRule) });
    if (rules.length > 1 && next() < 0.2) rules.push({ ...(rules[0] as S3CorsRule), MaxAgeSeconds: 1 });
    if (next() < 0.2) rules.unshift({ AllowedOrigins: [pick(['*', 'https://*.example.com', 'https://*'])], AllowedMethods: ['GET', 'HEAD'] });
    return { rules, exposure: pick(EXPOSURES), suppress: next() < 0.1 };
  });
}

/** The first 16 hex digits of the assessment's sha-256: enough to tell any change, short enough to keep in git. */
function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

describe('engine output', () => {
  it('is unchanged on 2,000 seeded configurations', async () => {
    const fingerprints = corpus(2000, 20261123).map(({ rules, exposure, suppress }, index) => {
      const config = fromS3Rules(rules, index % 3 === 0 ? { file: 'cors.json' } : {});
      const input: AssessInput = { config, now: new Date('2026-01-01T00:00:00Z') };
      if (exposure) input.exposure = exposure;
      if (suppress) input.suppressions = SUPPRESSIONS;
      const assessment = assessBucket(input);
      return `${index} ${fingerprint(assessment)}`;
    });
    await expect(`${fingerprints.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/engine-output.txt');
  });
});

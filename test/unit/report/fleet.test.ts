import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configHash } from '../../../lib/cors';
import type { S3CorsRule } from '../../../lib/cors/types';
import type { Grade } from '../../../lib/engine/types';
import { bucketFamily, driftedBuckets, FLEET_BOUNDS, recurringConfigurations } from '../../../lib/report/fleet';
import type { BucketState } from '../../../lib/report/model';
import { finding } from './sample-snapshot';

const APP: S3CorsRule[] = [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }];
const ANY_WRITE: S3CorsRule[] = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'] }, { AllowedOrigins: ['https://b.example.com'], AllowedMethods: ['GET'] }];
const CDN: S3CorsRule[] = [{ AllowedOrigins: ['https://cdn.example.com'], AllowedMethods: ['GET', 'HEAD'] }];

const GRADE_OF: Record<number, Grade> = { 100: 'A', 80: 'B', 55: 'D', 12: 'F' };

/** A bucket state: evaluated with `rules` (hashed as the scanner does), or another status without them. */
function state(bucket: string, rules: S3CorsRule[] | 'no-cors' | 'unknown' | 'gone', overrides: Partial<BucketState> = {}): BucketState {
  const base = { accountId: '111111111111', bucket, region: 'eu-west-1', findings: [], lastScanId: 'scan-1', lastScannedAt: '2026-11-23T02:00:00.000Z' };
  if (typeof rules === 'string') return { ...base, status: rules, ...overrides };
  const score = overrides.score ?? 100;
  return { ...base, status: 'evaluated', corsRules: rules, configHash: configHash(rules), score, grade: GRADE_OF[score] ?? 'C', ...overrides };
}

const names = (refs: ReadonlyArray<{ accountId: string; bucket: string }>) => refs.map((ref) => `${ref.accountId}/${ref.bucket}`);

describe('recurringConfigurations', () => {
  const fleet = [
    state('web-a', APP, { accountId: '222222222222' }),
    state('web-b', APP),
    state('web-c', APP, { accountId: '333333333333' }),
    state('upload-a', ANY_WRITE, { score: 12, findings: [finding({ bucket: 'upload-a', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical' })] }),
    state('upload-b', ANY_WRITE, {
      score: 55,
      findings: [
        finding({ bucket: 'upload-b', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'high' }),
        finding({ bucket: 'upload-b', ruleId: 'S3CORS-MAXAGE-ABOVE-BROWSER-CAP', severity: 'low', change: 'suppressed' }),
        finding({ bucket: 'upload-b', ruleId: 'S3CORS-RULE-SHADOWED', severity: 'medium', change: 'resolved' }),
      ],
    }),
    state('cdn-a', CDN, { score: 80 }),
    state('cdn-b', CDN, { score: 80 }),
    state('lonely', [{ AllowedOrigins: ['https://lonely.example.com'], AllowedMethods: ['GET'] }]),
    state('logs-a', 'no-cors'),
    state('logs-b', 'no-cors'),
  ];

  it('groups buckets by configuration, the most widespread first, then the worst scored', () => {
    const recurring = recurringConfigurations(fleet);
    expect(recurring.map((entry) => [entry.configHash, entry.bucketCount, entry.accountCount, entry.worstScore, entry.worstGrade])).toEqual([
      [configHash(APP), 3, 3, 100, 'A'],
      [configHash(ANY_WRITE), 2, 1, 12, 'F'],
      [configHash(CDN), 2, 1, 80, 'B'],
    ]);
  });

  it('lists its buckets by account then name, and the rules its findings come from (resolved ones excluded)', () => {
    const [app, anyWrite] = recurringConfigurations(fleet);
    expect(names(app?.buckets ?? [])).toEqual(['111111111111/web-b', '222222222222/web-a', '333333333333/web-c']);
    expect(app?.ruleIds).toEqual([]);
    expect(anyWrite?.ruleIds).toEqual(['S3CORS-ANY-ORIGIN-WRITE', 'S3CORS-MAXAGE-ABOVE-BROWSER-CAP']);
  });

  it('previews the first rule of the configuration', () => {
    const anyWrite = recurringConfigurations(fleet).find((entry) => entry.configHash === configHash(ANY_WRITE));
    expect(anyWrite?.preview).toEqual({ ruleCount: 2, origins: ['*'], methods: ['GET', 'PUT'], moreOrigins: 0 });
  });

  it.each([
    ['a singleton configuration with minBuckets 1', { minBuckets: 1 }, 4],
    ['only configurations on 3 or more buckets', { minBuckets: 3 }, 1],
    ['at most `limit` configurations', { limit: 2 }, 2],
    ['nothing with limit 0', { limit: 0 }, 0],
  ])('returns %s', (_name, options, count) => {
    expect(recurringConfigurations(fleet, options)).toHaveLength(count);
  });

  it('counts only buckets whose configuration is known now (not unknown, gone or without CORS)', () => {
    const recurring = recurringConfigurations([
      state('a', APP),
      state('b', 'unknown', { configHash: configHash(APP), corsRules: APP, error: { code: 'AccessDenied', message: 'denied' } }),
      state('c', 'gone', { configHash: configHash(APP) }),
      state('d', 'no-cors'),
      state('e', 'no-cors'),
    ]);
    expect(recurring).toEqual([]);
  });

  it('bounds the bucket sample and the preview of hostile origins', () => {
    const origins = [`https://${'x'.repeat(60_000)}.example`, ...Array.from({ length: 24 }, (_, index) => `https://o${index}.example`)];
    const rules: S3CorsRule[] = [{ AllowedOrigins: origins, AllowedMethods: ['GET'] }];
    const many = Array.from({ length: 50 }, (_, index) => state(`b-${String(index).padStart(2, '0')}`, rules));
    const [entry] = recurringConfigurations(many);
    expect(entry?.bucketCount).toBe(50);
    expect(entry?.buckets).toHaveLength(FLEET_BOUNDS.sampleBuckets);
    expect(entry?.buckets[0]?.bucket).toBe('b-00');
    expect(entry?.preview?.origins).toHaveLength(FLEET_BOUNDS.previewValues);
    expect(entry?.preview?.moreOrigins).toBe(25 - FLEET_BOUNDS.previewValues);
    expect(entry?.preview?.origins[0]?.length).toBeLessThanOrEqual(FLEET_BOUNDS.previewValue);
    expect(entry?.preview?.origins[0]).toMatch(/… \[\+\d+ chars\]$/);
  });

  it('has no preview when no member kept its rules (dropped for size), and no worst score when none is scored', () => {
    const strip = (entry: BucketState): BucketState => {
      const { corsRules: _rules, score: _score, grade: _grade, ...rest } = entry;
      return rest;
    };
    const [entry] = recurringConfigurations([strip(state('a', APP)), strip(state('b', APP))]);
    expect(entry?.bucketCount).toBe(2);
    expect(entry?.preview).toBeUndefined();
    expect(entry?.worstScore).toBeUndefined();
    expect(entry?.worstGrade).toBeUndefined();
  });
});

describe('bucketFamily', () => {
  it.each([
    ['acme-prod-logs-eu-west-1', 'acme-{env}-logs-{region}'],
    ['acme-dev-logs-us-east-1', 'acme-{env}-logs-{region}'],
    ['acme-logs-123456789012', 'acme-logs-{n}'],
    ['acme-logs-123456789012-ap-southeast-2', 'acme-logs-{n}-{region}'],
    ['production.assets.example.com', '{env}.assets.example.com'],
    ['qa-web-2', '{env}-web-{n}'],
    ['data-us-gov-west-1', 'data-{region}'],
    // Whole tokens only: these words merely contain an environment or region-like part.
    ['product-images', 'product-images'],
    ['protest-site', 'protest-site'],
    ['bus-east-1x', 'bus-east-{n}x'],
  ])('%s belongs to %s', (bucket, family) => {
    expect(bucketFamily(bucket)).toBe(family);
  });
});

describe('driftedBuckets', () => {
  const family = [
    state('acme-prod-assets-eu-west-1', APP, { accountId: '111111111111' }),
    state('acme-dev-assets-us-east-1', APP, { accountId: '222222222222' }),
    state('acme-staging-assets-eu-west-1', APP, { accountId: '333333333333' }),
    state('acme-qa-assets-eu-west-1', ANY_WRITE, { accountId: '444444444444', score: 12 }),
  ];

  it('reports the member holding another configuration than the strict majority of its family', () => {
    expect(driftedBuckets(family)).toEqual([{
      accountId: '444444444444',
      bucket: 'acme-qa-assets-eu-west-1',
      region: 'eu-west-1',
      family: 'acme-{env}-assets-{region}',
      expectedConfigHash: configHash(APP),
      actualConfigHash: configHash(ANY_WRITE),
      peers: 3,
      familySize: 4,
      scoreDelta: -88,
    }]);
  });

  it('reports a member without CORS when the majority has one, scoring it as a bucket without findings', () => {
    const drift = driftedBuckets([...family.slice(0, 3).map((entry) => ({ ...entry, score: 80 })), state('acme-test-assets-eu-west-1', 'no-cors')]);
    expect(drift.map((entry) => [entry.bucket, entry.expectedConfigHash, entry.actualConfigHash, entry.scoreDelta])).toEqual([
      ['acme-test-assets-eu-west-1', configHash(APP), null, 20],
    ]);
  });

  it('reports a member that gained CORS when the majority has none', () => {
    const drift = driftedBuckets([state('logs-1', 'no-cors'), state('logs-2', 'no-cors'), state('logs-3', 'no-cors'), state('logs-4', ANY_WRITE, { score: 12 })]);
    expect(drift.map((entry) => [entry.bucket, entry.family, entry.expectedConfigHash, entry.actualConfigHash, entry.peers, entry.scoreDelta])).toEqual([
      ['logs-4', 'logs-{n}', null, configHash(ANY_WRITE), 3, -88],
    ]);
  });

  it('compares with the lower median score of the majority (one configuration can score differently per bucket)', () => {
    const drift = driftedBuckets([state('s-1', APP, { score: 100 }), state('s-2', APP, { score: 55 }), state('s-3', APP, { score: 80 }), state('s-4', APP, { score: 12 }), state('s-5', CDN, { score: 80 })]);
    expect(drift.map((entry) => entry.scoreDelta)).toEqual([25]);
  });

  it.each([
    ['no strict majority (2 against 2)', [state('t-1', APP), state('t-2', APP), state('t-3', CDN), state('t-4', CDN)]],
    ['a family below three members', [state('u-1', APP), state('u-2', CDN)]],
    ['a unanimous family', [state('v-1', APP), state('v-2', APP), state('v-3', APP)]],
    ['unrelated names', [state('alpha', APP), state('beta', CDN), state('gamma', ANY_WRITE)]],
    ['a family whose odd members are unreadable or gone', [state('w-1', APP), state('w-2', APP), state('w-3', 'unknown', { configHash: configHash(CDN), error: { code: 'AccessDenied', message: 'denied' } }), state('w-4', 'gone')]],
  ])('reports nothing for %s', (_name, buckets) => {
    expect(driftedBuckets(buckets)).toEqual([]);
  });

  it('honours a larger minimum family size, never a smaller one', () => {
    expect(driftedBuckets(family, { minFamilySize: 5 })).toEqual([]);
    expect(driftedBuckets([state('x-1', APP), state('x-2', CDN)], { minFamilySize: 1 })).toEqual([]);
  });

  it('orders by score delta (worst first, unscored last), then family, account and bucket; limit cuts the tail', () => {
    const buckets = [
      state('m-1', APP), state('m-2', APP), state('m-3', APP), state('m-4', CDN, { score: 80 }), state('m-5', ANY_WRITE, { score: 12 }),
      state('n-1', APP), state('n-2', APP), state('n-3', APP), state('n-4', CDN, { score: 80, accountId: '999999999999' }), state('n-5', CDN, { score: 80, accountId: '000000000000' }),
    ];
    const unscored = state('m-6', CDN);
    delete unscored.score;
    const drift = driftedBuckets([...buckets, unscored, state('m-7', APP), state('m-8', APP)]);
    expect(drift.map((entry) => [entry.bucket, entry.scoreDelta])).toEqual([['m-5', -88], ['m-4', -20], ['n-5', -20], ['n-4', -20], ['m-6', null]]);
    expect(driftedBuckets(buckets, { limit: 2 }).map((entry) => entry.bucket)).toEqual(['m-5', 'm-4']);
  });

  // Speed is measured in bench/, not here; the generous timeout only catches a pairwise comparison of
  // 100k buckets (5·10^9 pairs), which would run for many minutes.
  it('handles an estate of 100k buckets in one family (no pairwise comparison)', () => {
    const estate = Array.from({ length: 100_000 }, (_, index) =>
      state(`tenant-${index % 20_000}-data-${index}`, index % 10 === 0 ? CDN : APP, { accountId: String(100_000_000_000 + (index % 500)) }));
    const drift = driftedBuckets(estate);
    const recurring = recurringConfigurations(estate);
    // Every name normalises to tenant-{n}-data-{n}: one family of 100k, 10% drifted.
    expect(drift).toHaveLength(10_000);
    expect(drift.every((entry) => entry.peers === 90_000 && entry.familySize === 100_000)).toBe(true);
    expect(recurring.map((entry) => [entry.bucketCount, entry.accountCount, entry.buckets.length])).toEqual([[90_000, 450, 20], [10_000, 50, 20]]);
  }, 120_000);

  describe('properties', () => {
    const config = fc.constantFrom<S3CorsRule[] | 'no-cors' | 'unknown'>(APP, CDN, ANY_WRITE, 'no-cors', 'unknown');
    const estate = fc.uniqueArray(
      fc.record({ name: fc.stringMatching(/^[a-c]{1,2}-(prod|dev|qa|\d{1,3})$/), account: fc.constantFrom('111111111111', '222222222222'), config, score: fc.integer({ min: 0, max: 100 }) }),
      { selector: (entry) => `${entry.account}/${entry.name}`, maxLength: 40 },
    ).map((entries) => entries.map((entry) => state(entry.name, entry.config, entry.config === 'unknown' ? { accountId: entry.account, error: { code: 'SlowDown', message: 'x' } } : { accountId: entry.account, score: entry.score })));

    it('puts every bucket in at most one drift entry, never a majority holder, and fewer than half of its family', () => {
      fc.assert(fc.property(estate, (buckets) => {
        const drift = driftedBuckets(buckets);
        const keys = drift.map((entry) => `${entry.accountId}/${entry.bucket}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const entry of drift) {
          expect(entry.actualConfigHash).not.toBe(entry.expectedConfigHash);
          expect(entry.peers * 2).toBeGreaterThan(entry.familySize);
          expect(entry.familySize).toBeGreaterThanOrEqual(3);
          const source = buckets.find((candidate) => candidate.accountId === entry.accountId && candidate.bucket === entry.bucket);
          expect(source?.status).not.toBe('unknown');
        }
      }));
    });

    it('reports no drift for a family that shares one configuration', () => {
      fc.assert(fc.property(fc.constantFrom(APP, CDN, 'no-cors' as const), fc.integer({ min: 3, max: 30 }), (shared, size) => {
        const buckets = Array.from({ length: size }, (_, index) => state(`shared-${index}`, shared));
        expect(driftedBuckets(buckets)).toEqual([]);
      }));
    });

    it('does not depend on the order of the input', () => {
      fc.assert(fc.property(estate, fc.integer(), (buckets, seed) => {
        const shuffled = [...buckets].sort((a, b) => ((hashOf(a.bucket + a.accountId) ^ seed) >>> 0) - ((hashOf(b.bucket + b.accountId) ^ seed) >>> 0));
        expect(driftedBuckets(shuffled)).toEqual(driftedBuckets(buckets));
        expect(recurringConfigurations(shuffled)).toEqual(recurringConfigurations(buckets));
      }));
    });
  });
});

/** A small string hash to shuffle deterministically from a seed. */
function hashOf(value: string): number {
  let hash = 0;
  for (const char of value) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0;
  return hash;
}

import { describe, expect, it } from 'vitest';
import { assessBucket } from '../../../lib/engine/assess';
import { ruleCatalogue } from '../../../lib/engine/catalogue';
import { fromS3Rules } from '../../../lib/cors/serialize';
import type { S3CorsRule } from '../../../lib/cors/types';
import type { Suppression } from '../../../lib/engine/types';

const config = (rules: S3CorsRule[]) => fromS3Rules(rules, { file: 'cors.json' });
const now = new Date('2026-06-01T00:00:00Z');
const ruleIds = (findings: { ruleId: string }[]) => findings.map((finding) => finding.ruleId);

describe('assessBucket', () => {
  it('gives a tight configuration an A with no findings', () => {
    const result = assessBucket({ config: config([{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 }]) });
    expect(result).toEqual({ score: 100, grade: 'A', findings: [], suppressed: [], expiredSuppressions: [] });
  });

  it('fills messages, orders by severity and scores a wide-open configuration low', () => {
    const result = assessBucket({ config: config([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'DELETE'], AllowedHeaders: ['*'] }]) });
    expect(ruleIds(result.findings).slice(0, 2)).toEqual(['S3CORS-ANY-ORIGIN-WRITE', 'S3CORS-DANGEROUS-HEADER-WRITE']);
    expect(result.findings[0]).toMatchObject({ severity: 'high', baseSeverity: 'high', message: 'Rule 1 allows PUT, DELETE from any origin (`*`).', ruleIndex: 0, location: { file: 'cors.json', ruleIndex: 0 } });
    expect(result.grade).toBe('F');
    expect(result.findings.every((finding) => !finding.message.includes('{{'))).toBe(true);
  });

  it('raises writes on a publicly writable bucket to critical and says why', () => {
    const result = assessBucket({ config: config([{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 60 }]), exposure: { aclGrants: { allUsers: ['WRITE'], authenticatedUsers: [] } } });
    expect(result.findings[0]).toMatchObject({ ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical', baseSeverity: 'high' });
    expect(result.findings[0]?.severityReason).toMatch(/AllUsers/);
    expect(result.score).toBeLessThanOrEqual(39);
  });

  it.each(['null', 'https://*example.com', 'https://*', 'https://*.github.io'])('scores origin %s with PUT on a publicly writable bucket no better than `*` with PUT: critical, grade F', (origin) => {
    const exposure = { aclGrants: { allUsers: ['WRITE' as const], authenticatedUsers: [] } };
    const rules = (origins: string[]) => config([{ AllowedOrigins: origins, AllowedMethods: ['PUT'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 60 }]);
    const result = assessBucket({ config: rules([origin]), exposure });
    expect(result.findings[0]).toMatchObject({ ruleId: 'S3CORS-UNTRUSTED-ORIGIN-WRITE', severity: 'critical', baseSeverity: 'high', evidence: { origins: [origin], methods: ['PUT'] } });
    expect(result.grade).toBe('F');
    expect(result.score).toBeLessThanOrEqual(assessBucket({ config: rules(['*']), exposure }).score);
  });

  it('gives `*` beside `null` on a write rule one write finding, S3CORS-ANY-ORIGIN-WRITE\'s', () => {
    const result = assessBucket({ config: config([{ AllowedOrigins: ['*', 'null'], AllowedMethods: ['PUT'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 60 }]) });
    expect(ruleIds(result.findings)).toContain('S3CORS-ANY-ORIGIN-WRITE');
    expect(ruleIds(result.findings)).not.toContain('S3CORS-UNTRUSTED-ORIGIN-WRITE');
  });

  it('raises a specific origin\'s DELETE on a publicly writable bucket without claiming any page can write', () => {
    const result = assessBucket({ config: config([{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['DELETE'], MaxAgeSeconds: 60 }]), exposure: { aclGrants: { allUsers: ['WRITE'], authenticatedUsers: [] } } });
    expect(result.findings[0]).toMatchObject({ ruleId: 'S3CORS-METHOD-DELETE', severity: 'critical' });
    expect(result.findings[0]?.severityReason).toMatch(/others can already write to the bucket directly/);
    expect(result.findings[0]?.severityReason).not.toMatch(/any page/);
  });

  it('keeps read findings on a website bucket whose public policy RestrictPublicBuckets blocks', () => {
    const restricted = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: true };
    const result = assessBucket({ config: config([{ AllowedOrigins: ['https://*example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 3600 }]), exposure: { websiteHosting: true, policyIsPublic: true, aclGrants: { allUsers: [], authenticatedUsers: [] }, accountPublicAccessBlock: restricted } });
    expect(result.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([['S3CORS-ORIGIN-SUFFIX-BYPASS', 'high']]);
  });

  it('lowers `*` GET on a public website bucket to info, so it scores A', () => {
    const result = assessBucket({ config: config([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 3600 }]), exposure: { websiteHosting: true } });
    expect(result.findings.map((finding) => [finding.ruleId, finding.severity])).toEqual([['S3CORS-ANY-ORIGIN-READ', 'info']]);
    expect(result.grade).toBe('A');
  });

  it('folds findings past the per-rule limit into one summary with the rule\'s severity, reason and fields in order', () => {
    const rules = Array.from({ length: 60 }, (_, index) => ({ AllowedOrigins: [`https://app${index}.example.com`, '*'], AllowedMethods: ['GET'], MaxAgeSeconds: 60 }));
    const result = assessBucket({ config: config(rules), exposure: { websiteHosting: true } });
    const reads = result.findings.filter((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-READ');
    expect(reads).toHaveLength(51);
    const summary = reads[50];
    expect(Object.keys(summary ?? {})).toEqual(['ruleId', 'title', 'severity', 'baseSeverity', 'message', 'ruleIndex', 'evidence', 'location', 'severityReason']);
    expect(summary).toMatchObject({ severity: 'info', baseSeverity: reads[0]?.baseSeverity, message: '…and 10 more finding(s) of S3CORS-ANY-ORIGIN-READ in this configuration.', ruleIndex: null, evidence: { omittedFindings: 10 }, location: { file: 'cors.json' } });
    expect(summary?.severityReason).toBe(reads[0]?.severityReason);
    expect(reads[49]?.location).toEqual({ file: 'cors.json', ruleIndex: 49 });
  });

  it('truncates long attacker values in messages and evidence', () => {
    const origin = `http://${'a'.repeat(5000)}.example.com`;
    const result = assessBucket({ config: config([{ AllowedOrigins: [origin], AllowedMethods: ['GET'], MaxAgeSeconds: 1 }]) });
    const finding = result.findings.find((item) => item.ruleId === 'S3CORS-ORIGIN-CLEARTEXT');
    expect(finding?.message.length).toBeLessThan(600);
    expect(finding?.message).toMatch(/…\[\+\d+ chars\]/);
    expect(String(finding?.evidence.origin).length).toBeLessThan(260);
  });

  it('bounds findings per rule and adds one "and N more" finding', () => {
    const origins = Array.from({ length: 80 }, (_, index) => `http://site${index}.example.com`);
    const result = assessBucket({ config: config([{ AllowedOrigins: origins, AllowedMethods: ['GET'], MaxAgeSeconds: 1 }]) });
    const cleartext = result.findings.filter((finding) => finding.ruleId === 'S3CORS-ORIGIN-CLEARTEXT');
    expect(cleartext).toHaveLength(51);
    expect(cleartext.at(-1)).toMatchObject({ ruleIndex: null, evidence: { omittedFindings: 30 } });
    expect(cleartext.at(-1)?.message).toMatch(/and 30 more/);
  });

  describe('suppressions', () => {
    const wide = config([{ AllowedOrigins: ['*', 'http://www.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 60 }]);
    const accept = (extra: Partial<Suppression>): Suppression => ({ ruleId: 'S3CORS-ANY-ORIGIN-READ', reason: 'public assets', source: 'config', ...extra });

    it('moves matching findings to suppressed and rescores', () => {
      const before = assessBucket({ config: wide, now });
      const after = assessBucket({ config: wide, now, suppressions: [accept({ accountId: '111111111111', bucket: 'assets' })], target: { accountId: '111111111111', bucket: 'assets' } });
      expect(ruleIds(after.suppressed)).toEqual(['S3CORS-ANY-ORIGIN-READ']);
      expect(after.suppressed[0]?.suppression?.reason).toBe('public assets');
      expect(ruleIds(after.findings)).not.toContain('S3CORS-ANY-ORIGIN-READ');
      expect(after.score).toBeGreaterThan(before.score);
    });

    it.each<[string, Partial<Suppression>]>([
      ['another account', { accountId: '222222222222' }],
      ['another bucket', { bucket: 'other' }],
      ['another origin', { origin: 'https://x.example.com' }],
      ['a blank reason', { reason: '  ' }],
    ])('does not apply with %s', (_name, scope) => {
      const result = assessBucket({ config: wide, now, suppressions: [accept(scope)], target: { accountId: '111111111111', bucket: 'assets' } });
      expect(result.suppressed).toEqual([]);
    });

    it('scopes by the finding evidence origin', () => {
      const result = assessBucket({ config: wide, now, suppressions: [accept({ ruleId: 'S3CORS-ORIGIN-CLEARTEXT', origin: 'http://www.example.com' })] });
      expect(ruleIds(result.suppressed)).toEqual(['S3CORS-ORIGIN-CLEARTEXT']);
    });

    it('scopes by an evidence list of origins only when the accepted origin is the only one it names', () => {
      const deletes = (origins: string[]) => config([{ AllowedOrigins: origins, AllowedMethods: ['GET', 'DELETE'], MaxAgeSeconds: 60 }]);
      const acceptAny = accept({ ruleId: 'S3CORS-METHOD-DELETE', origin: '*' });
      expect(ruleIds(assessBucket({ config: deletes(['*']), now, suppressions: [acceptAny] }).suppressed)).toEqual(['S3CORS-METHOD-DELETE']);
      const mixed = assessBucket({ config: deletes(['*', 'https://admin.example.com']), now, suppressions: [acceptAny] });
      expect(mixed.suppressed).toEqual([]);
      expect(ruleIds(mixed.findings)).toContain('S3CORS-METHOD-DELETE');
    });

    it('stops suppressing once expired and lists the expired suppression', () => {
      const expired = accept({ expiresAt: '2026-05-31' });
      const result = assessBucket({ config: wide, now, suppressions: [expired, accept({ ruleId: 'S3CORS-ORIGIN-NULL', expiresAt: '2020-01-01' })] });
      expect(result.suppressed).toEqual([]);
      expect(ruleIds(result.findings)).toContain('S3CORS-ANY-ORIGIN-READ');
      expect(result.expiredSuppressions).toEqual([expired]);
    });

    it('treats an unreadable expiry as expired', () => {
      const result = assessBucket({ config: wide, now, suppressions: [accept({ expiresAt: 'someday' })] });
      expect(result.suppressed).toEqual([]);
      expect(result.expiredSuppressions).toHaveLength(1);
    });
  });
});

describe('ruleCatalogue', () => {
  it('lists metadata for every rule', () => {
    const catalogue = ruleCatalogue();
    expect(catalogue.length).toBeGreaterThanOrEqual(28);
    expect(catalogue[0]).toMatchObject({ id: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'high', docAnchor: 's3cors-any-origin-write' });
  });
});

describe('hostile sizes', () => {
  it('assesses two rules of 20 000 origins each without pairwise blow-up, reporting bounded findings', () => {
    const origins = Array.from({ length: 20_000 }, (_, index) => `http://h${index}.example.com`);
    const result = assessBucket({ config: config([{ AllowedOrigins: origins, AllowedMethods: ['GET'] }, { AllowedOrigins: origins, AllowedMethods: ['GET'] }]) });
    const perRule = new Map<string, number>();
    for (const finding of result.findings) perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
    expect(Math.max(...perRule.values())).toBeLessThanOrEqual(51);
    expect(ruleIds(result.findings)).toContain('S3CORS-RULE-DUPLICATE');
    expect(ruleIds(result.findings)).not.toContain('S3CORS-RULE-SHADOWED');
  });
});

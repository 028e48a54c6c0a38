import { describe, expect, it } from 'vitest';
import { ruleHelpUri } from '../../../lib/engine';
import { ASFF_LIMITS, toAsffFinding } from '../../../lib/report/asff';
import { finding, HOSTILE } from './sample-snapshot';

const ctx = { region: 'eu-west-1', awsAccountId: '999999999999' };
const record = finding({ accountId: '111111111111', bucket: 'prod-uploads', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical', change: 'new', evidence: { origin: '*', methods: ['PUT', 'POST'] } });

describe('toAsffFinding', () => {
  const asff = toAsffFinding(record, ctx);

  it('fills the fields BatchImportFindings requires', () => {
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: record.findingId,
      ProductArn: 'arn:aws:securityhub:eu-west-1:999999999999:product/999999999999/default',
      GeneratorId: 's3-cors-audit/S3CORS-ANY-ORIGIN-WRITE',
      AwsAccountId: '111111111111',
      CreatedAt: '2026-11-20T02:05:00.000Z',
      UpdatedAt: '2026-11-23T02:14:00.000Z',
      Severity: { Label: 'CRITICAL', Original: 'critical' },
      Title: 'Any website can send write requests (PUT/POST/DELETE) to the bucket',
      RecordState: 'ACTIVE',
      Workflow: { Status: 'NEW' },
    });
    expect(asff.Types.every((type) => /^[^/]+\/[^/]+(\/[^/]+)?$/.test(type))).toBe(true);
    expect(asff.Resources).toEqual([{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::prod-uploads', Partition: 'aws', Region: 'eu-west-1', Details: { AwsS3Bucket: { OwnerAccountId: '111111111111' } } }]);
  });

  it('takes remediation and compliance from the rule catalogue', () => {
    expect(asff.Remediation.Recommendation.Url).toBe(ruleHelpUri('S3CORS-ANY-ORIGIN-WRITE'));
    expect(asff.Remediation.Recommendation.Text.length).toBeGreaterThan(10);
    expect(asff.Compliance).toEqual({ Status: 'FAILED', RelatedRequirements: ['CWE-942', 'NIST.800-53.r5 AC-4', 'NIST.800-53.r5 SC-7'] });
  });

  it('puts evidence in ProductFields as strings', () => {
    expect(asff.ProductFields).toMatchObject({ 's3-cors-audit/RuleId': 'S3CORS-ANY-ORIGIN-WRITE', 's3-cors-audit/evidence/origin': '*', 's3-cors-audit/evidence/methods': 'PUT, POST', 's3-cors-audit/CorsRuleNumber': '1' });
  });

  it('honours a product ARN and generator prefix', () => {
    const custom = toAsffFinding(record, { ...ctx, productArn: 'arn:aws:securityhub:eu-west-1::product/acme/cors', generatorPrefix: 'acme' });
    expect([custom.ProductArn, custom.GeneratorId]).toEqual(['arn:aws:securityhub:eu-west-1::product/acme/cors', 'acme/S3CORS-ANY-ORIGIN-WRITE']);
  });

  it.each([
    ['resolved', { RecordState: 'ARCHIVED', Workflow: { Status: 'RESOLVED' }, Compliance: { Status: 'PASSED' } }],
    ['suppressed', { RecordState: 'ACTIVE', Workflow: { Status: 'SUPPRESSED' }, Compliance: { Status: 'FAILED' } }],
    ['worsened', { RecordState: 'ACTIVE', Workflow: { Status: 'NEW' }, Compliance: { Status: 'FAILED' } }],
  ] as const)('maps a %s finding to its record state and workflow', (change, expected) => {
    expect(toAsffFinding({ ...record, change }, ctx)).toMatchObject(expected);
  });

  it('respects Security Hub field limits with hostile data', () => {
    const evidence = Object.fromEntries(Array.from({ length: 80 }, (_, index) => [`k${index}<${HOSTILE.scriptClose}`, HOSTILE.junk]));
    const hostile = toAsffFinding({ ...record, findingId: HOSTILE.junk, title: HOSTILE.junk, message: `${HOSTILE.ansi}${HOSTILE.junk}`, evidence }, ctx);
    expect(hostile.Id.length).toBeLessThanOrEqual(ASFF_LIMITS.id);
    expect(hostile.Title.length).toBeLessThanOrEqual(ASFF_LIMITS.title);
    expect(hostile.Description.length).toBeLessThanOrEqual(ASFF_LIMITS.description);
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    expect(hostile.Description).not.toMatch(/[\u001b\u202e]/);
    expect(hostile.Title).toMatch(/… \[\+\d+ chars\]$/);
    const fields = Object.entries(hostile.ProductFields);
    expect(fields.length).toBeLessThanOrEqual(ASFF_LIMITS.productFields);
    for (const [key, value] of fields) {
      expect(key.length).toBeLessThanOrEqual(ASFF_LIMITS.productFieldKey);
      expect(key).toMatch(/^[\w/.…[\]+ -]+$/);
      expect(value.length).toBeLessThanOrEqual(ASFF_LIMITS.productFieldValue);
    }
  });
});

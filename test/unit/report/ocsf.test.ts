import { describe, expect, it } from 'vitest';
import type { ChangeKind } from '../../../lib/report/model';
import { toOcsfDetectionFinding } from '../../../lib/report/ocsf';
import { finding, HOSTILE } from './sample-snapshot';

const record = finding({ bucket: 'prod-uploads', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical', change: 'new', evidence: { origin: '*', methods: ['PUT'] } });

describe('toOcsfDetectionFinding', () => {
  const event = toOcsfDetectionFinding(record);

  it('is a Detection Finding (class 2004) with the required base attributes', () => {
    expect(event).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      time: Date.parse('2026-11-23T02:14:00.000Z'),
      metadata: { version: '1.3.0', product: { name: 's3-cors-audit' }, event_code: 'S3CORS-ANY-ORIGIN-WRITE' },
    });
    expect(event.finding_info).toMatchObject({ uid: record.findingId, analytic: { uid: 'S3CORS-ANY-ORIGIN-WRITE', type_id: 1 }, first_seen_time: Date.parse('2026-11-20T02:05:00.000Z') });
    expect(event.resources).toEqual([{ uid: 'arn:aws:s3:::prod-uploads', name: 'prod-uploads', type: 'AWS::S3::Bucket', region: 'eu-west-1', cloud_partition: 'aws' }]);
    expect(event.cloud.account).toEqual({ uid: '111111111111', name: 'prod', type_id: 10, type: 'AWS Account' });
    expect(event.evidences).toEqual([{ data: { origin: '*', methods: ['PUT'] } }]);
  });

  it('carries remediation and compliance mapping from the rule catalogue', () => {
    expect(event.remediation?.desc).toMatch(/AllowedOrigins/);
    expect(event.unmapped.compliance).toEqual({ cwe: ['CWE-942'], nist_800_53: ['AC-4', 'SC-7'] });
    expect(event.finding_info.types).toContain('CWE-942');
  });

  it.each<[ChangeKind, number, number, string]>([
    ['new', 1, 1, 'New'],
    ['unchanged', 2, 1, 'New'],
    ['worsened', 2, 1, 'New'],
    ['suppressed', 2, 3, 'Suppressed'],
    ['resolved', 3, 4, 'Resolved'],
  ])('maps change %s to activity %i and status %i', (change, activity, status, statusName) => {
    const mapped = toOcsfDetectionFinding({ ...record, change });
    expect([mapped.activity_id, mapped.type_uid, mapped.status_id, mapped.status]).toEqual([activity, 200400 + activity, status, statusName]);
  });

  it.each([['info', 1], ['low', 2], ['medium', 3], ['high', 4], ['critical', 5]] as const)('maps severity %s to severity_id %i', (severity, id) => {
    expect(toOcsfDetectionFinding({ ...record, severity }).severity_id).toBe(id);
  });

  it('keeps hostile values as bounded data', () => {
    const hostile = toOcsfDetectionFinding({ ...record, message: `${HOSTILE.ansi}${HOSTILE.junk}`, evidence: { origin: HOSTILE.junk, list: Array.from({ length: 500 }, () => HOSTILE.scriptClose) } });
    expect(hostile.message.length).toBeLessThanOrEqual(4_000);
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    expect(hostile.message).not.toMatch(/[\u001b\u202e]/);
    expect((hostile.evidences[0]?.data.origin as string).length).toBeLessThanOrEqual(1_000);
    expect(hostile.evidences[0]?.data.list).toHaveLength(50);
    expect(JSON.stringify(hostile).length).toBeLessThan(100_000);
    expect(JSON.parse(JSON.stringify(hostile))).toEqual(hostile);
  });
});

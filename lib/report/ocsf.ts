// Findings as OCSF 1.3 Detection Finding events (class_uid 2004, category Findings), for security data
// lakes (Amazon Security Lake, SIEMs). Hostile strings stay data (JSON), bounded in size.
import { ruleHelpUri } from '../engine';
import type { Severity } from '../engine/types';
import { complianceOf, ruleDoc } from './compliance';
import { neutraliseControls, truncateText } from './escape';
import type { ChangeKind, FindingRecord } from './model';

export const OCSF_VERSION = '1.3.0';
const CLASS_UID = 2004;
const TEXT_MAX = 4_000;
const VALUE_MAX = 1_000;
const EVIDENCE_MAX = 50;

const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = { info: 'Informational', low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

/** new → Create/New; resolved → Close/Resolved; suppressed → Update/Suppressed; the rest → Update/New (still open). */
const LIFECYCLE: Record<ChangeKind, { activity: [number, string]; status: [number, string] }> = {
  new: { activity: [1, 'Create'], status: [1, 'New'] },
  worsened: { activity: [2, 'Update'], status: [1, 'New'] },
  unchanged: { activity: [2, 'Update'], status: [1, 'New'] },
  improved: { activity: [2, 'Update'], status: [1, 'New'] },
  'suppression-expired': { activity: [2, 'Update'], status: [1, 'New'] },
  suppressed: { activity: [2, 'Update'], status: [3, 'Suppressed'] },
  resolved: { activity: [3, 'Close'], status: [4, 'Resolved'] },
};

export interface OcsfDetectionFinding {
  class_uid: 2004;
  class_name: 'Detection Finding';
  category_uid: 2;
  category_name: 'Findings';
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  message: string;
  metadata: { version: string; product: { name: string; vendor_name: string; version: string }; event_code: string; uid: string };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    created_time: number;
    first_seen_time: number;
    last_seen_time: number;
    modified_time: number;
    src_url: string;
    analytic: { uid: string; name: string; type_id: 1; type: 'Rule' };
  };
  cloud: { provider: 'AWS'; region?: string; account: { uid: string; name?: string; type_id: 10; type: 'AWS Account' } };
  resources: Array<{ uid: string; name: string; type: 'AWS::S3::Bucket'; region?: string; cloud_partition: 'aws' }>;
  evidences: Array<{ data: Record<string, string | number | boolean | readonly string[]> }>;
  remediation?: { desc: string; references: string[] };
  unmapped: { compliance: { cwe: string[]; nist_800_53: string[] }; cors_rule_number?: number; suppression?: { reason: string; source: string; expires_at?: string }; truncated?: boolean };
}

const bounded = (value: string, max = TEXT_MAX) => truncateText(neutraliseControls(value, { keepLineBreaks: true }), max);
const epochMs = (iso: string) => {
  const parsed = Date.parse(iso);
  return Number.isNaN(parsed) ? 0 : parsed;
};

export function toOcsfDetectionFinding(record: FindingRecord, options: { productVersion?: string } = {}): OcsfDetectionFinding {
  const lifecycle = LIFECYCLE[record.change];
  const doc = ruleDoc(record.ruleId);
  const compliance = complianceOf(record.ruleId);
  const evidence = Object.fromEntries(
    Object.entries(record.evidence).slice(0, EVIDENCE_MAX).map(([key, value]) => [bounded(key, 100), Array.isArray(value) ? value.slice(0, EVIDENCE_MAX).map((item) => bounded(item, VALUE_MAX)) : typeof value === 'string' ? bounded(value, VALUE_MAX) : value]),
  );
  return {
    class_uid: CLASS_UID,
    class_name: 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: lifecycle.activity[0],
    activity_name: lifecycle.activity[1],
    type_uid: CLASS_UID * 100 + lifecycle.activity[0],
    type_name: `Detection Finding: ${lifecycle.activity[1]}`,
    time: epochMs(record.lastSeenAt),
    severity_id: SEVERITY_ID[record.severity],
    severity: SEVERITY_NAME[record.severity],
    status_id: lifecycle.status[0],
    status: lifecycle.status[1],
    message: bounded(record.message),
    metadata: { version: OCSF_VERSION, product: { name: 's3-cors-audit', vendor_name: 's3-cors-audit', version: options.productVersion ?? '0.1.0' }, event_code: record.ruleId, uid: `${record.findingId}:${record.scanId}` },
    finding_info: {
      uid: record.findingId,
      title: bounded(record.title, 500),
      desc: bounded(record.message),
      types: ['S3 CORS misconfiguration', ...compliance.cwe],
      created_time: epochMs(record.firstSeenAt),
      first_seen_time: epochMs(record.firstSeenAt),
      last_seen_time: epochMs(record.lastSeenAt),
      modified_time: epochMs(record.lastSeenAt),
      src_url: ruleHelpUri(record.ruleId),
      analytic: { uid: record.ruleId, name: bounded(record.title, 500), type_id: 1, type: 'Rule' },
    },
    cloud: { provider: 'AWS', ...(record.region ? { region: bounded(record.region, 50) } : {}), account: { uid: record.accountId, ...(record.accountName ? { name: bounded(record.accountName, 256) } : {}), type_id: 10, type: 'AWS Account' } },
    resources: [{ uid: `arn:aws:s3:::${bounded(record.bucket, 255)}`, name: bounded(record.bucket, 255), type: 'AWS::S3::Bucket', ...(record.region ? { region: bounded(record.region, 50) } : {}), cloud_partition: 'aws' }],
    evidences: [{ data: evidence }],
    ...(doc ? { remediation: { desc: `${doc.remediation.text}\n${JSON.stringify(doc.remediation.example)}`, references: compliance.references } } : {}),
    unmapped: {
      compliance: { cwe: compliance.cwe, nist_800_53: compliance.nist80053 },
      ...(record.ruleIndex !== null ? { cors_rule_number: record.ruleIndex + 1 } : {}),
      ...(record.suppression ? { suppression: { reason: bounded(record.suppression.reason, 1_000), source: bounded(record.suppression.source, 200), ...(record.suppression.expiresAt ? { expires_at: record.suppression.expiresAt } : {}) } } : {}),
      ...(record.truncated ? { truncated: true } : {}),
    },
  };
}

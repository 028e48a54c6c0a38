// Findings in the AWS Security Finding Format for Security Hub BatchImportFindings (custom "default"
// product). Field limits are Security Hub's; a resolved finding is archived with Compliance PASSED.
import { ruleHelpUri } from '../engine';
import type { Severity } from '../engine/types';
import { complianceOf, ruleDoc } from './compliance';
import { neutraliseControls, truncateText } from './escape';
import type { FindingRecord } from './model';

export interface AsffContext {
  /** Region of the Security Hub the findings are imported into. */
  region: string;
  /** The importing (administrator) account: owner of the default product. */
  awsAccountId: string;
  productArn?: string;
  generatorPrefix?: string;
}

type AsffSeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface AsffFinding {
  SchemaVersion: '2018-10-08';
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  GeneratorId: string;
  AwsAccountId: string;
  Region?: string;
  Types: string[];
  CreatedAt: string;
  UpdatedAt: string;
  FirstObservedAt: string;
  LastObservedAt: string;
  Severity: { Label: AsffSeverityLabel; Original: string };
  Title: string;
  Description: string;
  SourceUrl: string;
  Remediation: { Recommendation: { Text: string; Url: string } };
  ProductFields: Record<string, string>;
  Resources: Array<{ Type: 'AwsS3Bucket'; Id: string; Partition: 'aws'; Region?: string; Details: { AwsS3Bucket: { OwnerAccountId: string } } }>;
  Compliance: { Status: 'FAILED' | 'PASSED'; RelatedRequirements: string[] };
  RecordState: 'ACTIVE' | 'ARCHIVED';
  Workflow: { Status: 'NEW' | 'SUPPRESSED' | 'RESOLVED' };
}

/** Security Hub's documented limits (AwsSecurityFinding). */
export const ASFF_LIMITS = { id: 512, generatorId: 512, title: 256, description: 1024, recommendationText: 512, productFields: 50, productFieldKey: 128, productFieldValue: 2048, relatedRequirements: 32, types: 50 } as const;
const SEVERITY_LABEL: Record<Severity, AsffSeverityLabel> = { info: 'INFORMATIONAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' };
const TYPES = ['Software and Configuration Checks/AWS Security Best Practices', 'Effects/Data Exposure'];

const bounded = (value: string, max: number) => truncateText(neutraliseControls(value, { keepLineBreaks: true }), max);

export function defaultProductArn(region: string, awsAccountId: string): string {
  return `arn:aws:securityhub:${region}:${awsAccountId}:product/${awsAccountId}/default`;
}

export function toAsffFinding(record: FindingRecord, ctx: AsffContext): AsffFinding {
  const doc = ruleDoc(record.ruleId);
  const compliance = complianceOf(record.ruleId);
  const resolved = record.change === 'resolved';
  const region = record.region ?? ctx.region;
  return {
    SchemaVersion: '2018-10-08',
    Id: bounded(record.findingId, ASFF_LIMITS.id),
    ProductArn: ctx.productArn ?? defaultProductArn(ctx.region, ctx.awsAccountId),
    ProductName: 's3-cors-audit',
    CompanyName: 's3-cors-audit',
    GeneratorId: bounded(`${ctx.generatorPrefix ?? 's3-cors-audit'}/${record.ruleId}`, ASFF_LIMITS.generatorId),
    // The bucket's owner. BatchImportFindings with the default product only accepts findings filed under the
    // importing account, so lib/aws/security-hub.ts overrides this; the owner stays in the resource details.
    AwsAccountId: record.accountId,
    Region: region,
    Types: TYPES.slice(0, ASFF_LIMITS.types),
    CreatedAt: record.firstSeenAt,
    UpdatedAt: record.lastSeenAt,
    FirstObservedAt: record.firstSeenAt,
    LastObservedAt: record.lastSeenAt,
    Severity: { Label: SEVERITY_LABEL[record.severity], Original: record.severity },
    Title: bounded(record.title, ASFF_LIMITS.title),
    Description: bounded(record.message + (record.severityReason ? ` ${record.severityReason}` : ''), ASFF_LIMITS.description),
    SourceUrl: ruleHelpUri(record.ruleId),
    Remediation: { Recommendation: { Text: bounded(doc?.remediation.text ?? `See ${record.ruleId} in the rule documentation.`, ASFF_LIMITS.recommendationText), Url: ruleHelpUri(record.ruleId) } },
    ProductFields: productFields(record),
    Resources: [{ Type: 'AwsS3Bucket', Id: `arn:aws:s3:::${bounded(record.bucket, 255)}`, Partition: 'aws', Region: region, Details: { AwsS3Bucket: { OwnerAccountId: record.accountId } } }],
    Compliance: {
      Status: resolved ? 'PASSED' : 'FAILED',
      RelatedRequirements: [...compliance.cwe, ...compliance.nist80053.map((control) => `NIST.800-53.r5 ${control}`)].slice(0, ASFF_LIMITS.relatedRequirements),
    },
    RecordState: resolved ? 'ARCHIVED' : 'ACTIVE',
    Workflow: { Status: resolved ? 'RESOLVED' : record.change === 'suppressed' ? 'SUPPRESSED' : 'NEW' },
  };
}

/** Evidence and context as ProductFields (string → string, at most 50, keys ≤128, values ≤2048). */
function productFields(record: FindingRecord): Record<string, string> {
  const entries: Array<[string, string]> = [
    ['s3-cors-audit/RuleId', record.ruleId],
    ['s3-cors-audit/ScanId', record.scanId],
    ['s3-cors-audit/Change', record.change],
    ...(record.ruleIndex !== null ? [['s3-cors-audit/CorsRuleNumber', String(record.ruleIndex + 1)] as [string, string]] : []),
    ...(record.suppression ? [['s3-cors-audit/SuppressionReason', record.suppression.reason] as [string, string]] : []),
    ...Object.entries(record.evidence).map(([key, value]): [string, string] => [`s3-cors-audit/evidence/${key}`, Array.isArray(value) ? value.join(', ') : String(value)]),
  ];
  return Object.fromEntries(
    entries.slice(0, ASFF_LIMITS.productFields).map(([key, value]) => [bounded(key.replace(/[^\w/.-]/g, '_'), ASFF_LIMITS.productFieldKey), bounded(value, ASFF_LIMITS.productFieldValue)]),
  );
}

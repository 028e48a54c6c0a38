// Report snapshots shared by the formatter tests and scripts/generate-output-samples.ts: a realistic
// fleet (two accounts, one failed account, unreadable buckets, three scans of history) and a hostile one. Severities,
// reasons, messages and scores are ones the engine gives for these CORS rules (docs/outputs.md shows them).
import type { Severity } from '../../../lib/engine/types';
import type { BucketState, ChangeKind, FindingRecord, ReportSnapshot, ScanSummary } from '../../../lib/report/model';

const SCAN_ID = 'scan-2026-11-23T02:00:00Z';
const NOW = '2026-11-23T02:14:00.000Z';

export function finding(overrides: Partial<FindingRecord> & Pick<FindingRecord, 'bucket' | 'ruleId' | 'severity'>): FindingRecord {
  return {
    findingId: `f-${overrides.bucket}-${overrides.ruleId}-${overrides.ruleIndex ?? 0}`,
    scanId: SCAN_ID,
    accountId: '111111111111',
    accountName: 'prod',
    region: 'eu-west-1',
    title: 'Any website can send write requests (PUT/POST/DELETE) to the bucket',
    baseSeverity: overrides.severity,
    message: 'Rule 1 allows PUT, POST from any origin (`*`).',
    ruleIndex: 0,
    evidence: {},
    change: 'unchanged',
    firstSeenAt: '2026-11-20T02:05:00.000Z',
    lastSeenAt: NOW,
    ...overrides,
  };
}

const zeroChanges = (): Record<ChangeKind, number> => ({ new: 0, worsened: 0, unchanged: 0, improved: 0, resolved: 0, suppressed: 0, 'suppression-expired': 0 });
const bySeverity = (counts: Partial<Record<Severity, number>>): Record<Severity, number> => ({ info: 0, low: 0, medium: 0, high: 0, critical: 0, ...counts });

export function scanSummary(overrides: Partial<ScanSummary> = {}): ScanSummary {
  return {
    scanId: SCAN_ID,
    trigger: 'schedule',
    startedAt: '2026-11-23T02:00:00.000Z',
    finishedAt: '2026-11-23T02:13:41.000Z',
    status: 'complete',
    accountsPending: [],
    coverage: { accountsTotal: 3, accountsScanned: 2, accountsFailed: 1, bucketsListed: 7, bucketsEvaluated: 4, bucketsWithoutCors: 1, bucketsGone: 1, bucketsUnknown: 1 },
    findingsBySeverity: bySeverity({ critical: 1, high: 1, medium: 1, low: 1, info: 1 }),
    changes: { ...zeroChanges(), new: 2, worsened: 1, unchanged: 2, resolved: 1 },
    worstBuckets: [
      { accountId: '111111111111', bucket: 'prod-uploads', score: 30, grade: 'F' },
      { accountId: '222222222222', bucket: 'marketing-site', score: 89, grade: 'B' },
      { accountId: '111111111111', bucket: 'prod-assets', score: 97, grade: 'A' },
    ],
    accountErrors: [{ accountId: '333333333333', stage: 'assume-role', code: 'AccessDenied', message: 'User is not authorized to perform sts:AssumeRole' }],
    bucketErrors: [{ accountId: '222222222222', bucket: 'legal-hold', region: 'us-east-1', code: 'AccessDenied', message: 'Access Denied' }],
    ...overrides,
  };
}

function bucket(overrides: Partial<BucketState> & Pick<BucketState, 'bucket' | 'status'>): BucketState {
  return { accountId: '111111111111', accountName: 'prod', region: 'eu-west-1', findings: [], lastScanId: SCAN_ID, lastScannedAt: NOW, ...overrides };
}

export function sampleSnapshot(): ReportSnapshot {
  const uploads = [
    finding({ bucket: 'prod-uploads', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical', baseSeverity: 'high', severityReason: 'Raised to critical: the bucket ACL grants WRITE to AllUsers, so others can already write to the bucket directly, and the CORS configuration reported here also lets cross-origin pages write to it.', change: 'new', evidence: { origin: '*', methods: ['PUT', 'POST'] } }),
    finding({ bucket: 'prod-uploads', ruleId: 'S3CORS-ORIGIN-SUFFIX-BYPASS', severity: 'high', title: 'Origin wildcard admits look-alike domains', message: 'https://*example.com also matches https://evilexample.com', ruleIndex: 1, evidence: { origin: 'https://*example.com' }, change: 'worsened' }),
  ];
  const marketing = [
    finding({ accountId: '222222222222', accountName: 'marketing', region: 'us-east-1', bucket: 'marketing-site', ruleId: 'S3CORS-ORIGIN-CLEARTEXT', severity: 'medium', title: 'Cleartext http:// origin is trusted', message: 'http://www.example.org is trusted over plain HTTP', evidence: { origin: 'http://www.example.org' }, change: 'new' }),
    finding({ accountId: '222222222222', accountName: 'marketing', region: 'us-east-1', bucket: 'marketing-site', ruleId: 'S3CORS-MAXAGE-ABOVE-BROWSER-CAP', severity: 'info', title: 'MaxAgeSeconds is above what browsers honour', message: 'MaxAgeSeconds 604800 is above the 7200 s browsers honour', evidence: { maxAgeSeconds: 604800 } }),
  ];
  const assets = [finding({ bucket: 'prod-assets', ruleId: 'S3CORS-RULE-SHADOWED', severity: 'low', title: 'Rule is unreachable: earlier rules take every request it matches', message: 'Rule 2 is unreachable: rule 1 takes every request it matches', ruleIndex: 1, evidence: { shadowedBy: 0 } })];
  return {
    generatedAt: NOW,
    latestScan: scanSummary(),
    history: [
      scanSummary({ scanId: 'scan-2026-11-20', startedAt: '2026-11-20T02:00:00.000Z', finishedAt: '2026-11-20T02:12:00.000Z', findingsBySeverity: bySeverity({ high: 1, medium: 2, low: 1 }) }),
      scanSummary({ scanId: 'scan-2026-11-21', startedAt: '2026-11-21T02:00:00.000Z', finishedAt: '2026-11-21T02:12:30.000Z', findingsBySeverity: bySeverity({ high: 1, medium: 1, low: 1 }) }),
      scanSummary({ scanId: 'scan-2026-11-22', startedAt: '2026-11-22T02:00:00.000Z', finishedAt: '2026-11-22T02:13:00.000Z', findingsBySeverity: bySeverity({ high: 2, medium: 1, low: 1 }) }),
    ],
    buckets: [
      bucket({ bucket: 'prod-uploads', status: 'evaluated', score: 30, grade: 'F', findings: uploads, corsRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'POST'], AllowedHeaders: ['*'] }, { AllowedOrigins: ['https://*example.com'], AllowedMethods: ['GET'] }] }),
      bucket({ bucket: 'prod-assets', status: 'evaluated', score: 97, grade: 'A', findings: assets, corsRules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }] }),
      bucket({ bucket: 'prod-logs', status: 'no-cors' }),
      bucket({ accountId: '222222222222', accountName: 'marketing', region: 'us-east-1', bucket: 'marketing-site', status: 'evaluated', score: 89, grade: 'B', findings: marketing, corsRules: [{ AllowedOrigins: ['http://www.example.org'], AllowedMethods: ['GET'], MaxAgeSeconds: 604800 }] }),
      bucket({ accountId: '222222222222', accountName: 'marketing', region: 'us-east-1', bucket: 'marketing-static', status: 'evaluated', score: 100, grade: 'A', corsRules: [{ AllowedOrigins: ['https://www.example.org'], AllowedMethods: ['GET'] }] }),
      bucket({ accountId: '222222222222', accountName: 'marketing', region: 'us-east-1', bucket: 'legal-hold', status: 'unknown', error: { code: 'AccessDenied', message: 'Access Denied' } }),
    ],
  };
}

/** Strings an attacker controls through bucket CORS configurations and (via the account) names. */
export const HOSTILE = {
  scriptOrigin: 'https://<script>window.__pwned=1</script>.example',
  attributeBreak: '"><img src=x onerror="window.__pwned=2">',
  scriptClose: '</script><script>window.__pwned=3</script>',
  slackMentions: '<!channel> <@U0123ABCD> <https://evil.example|click> a|b & @here',
  ansi: '\u001b[2J\u001b]0;owned\u0007\u202eevil',
  junk: 'J'.repeat(60_000),
};

export function hostileSnapshot(): ReportSnapshot {
  const base = sampleSnapshot();
  const evil = finding({
    bucket: 'evil-bucket',
    ruleId: 'S3CORS-ANY-ORIGIN-WRITE',
    severity: 'critical',
    message: `Origin ${HOSTILE.scriptOrigin} ${HOSTILE.attributeBreak} ${HOSTILE.scriptClose} ${HOSTILE.slackMentions}`,
    evidence: { origin: HOSTILE.scriptOrigin, junk: HOSTILE.junk, headers: [HOSTILE.attributeBreak, HOSTILE.scriptClose] },
    change: 'new',
  });
  base.buckets.push({
    accountId: '111111111111',
    accountName: `prod ${HOSTILE.attributeBreak}`,
    region: 'eu-west-1',
    bucket: 'evil-bucket',
    status: 'evaluated',
    score: 3,
    grade: 'F',
    findings: [evil],
    corsRules: [{ AllowedOrigins: [HOSTILE.scriptOrigin, HOSTILE.attributeBreak, HOSTILE.junk], AllowedMethods: ['PUT'], AllowedHeaders: [HOSTILE.scriptClose] }],
    lastScanId: base.latestScan.scanId,
    lastScannedAt: base.generatedAt,
  });
  base.latestScan.bucketErrors.push({ accountId: '111111111111', bucket: HOSTILE.scriptClose, code: HOSTILE.attributeBreak, message: `${HOSTILE.ansi} ${HOSTILE.junk}` });
  return base;
}

// SARIF 2.1.0 for `lint` and `scan`: rule descriptors from the rule catalogue, one result per finding (suppressed ones
// marked), and for a scan what it could not read, so a partial scan never looks like a clean one.
import { createHash } from 'node:crypto';
import type { SourceLocation } from '../cors/types';
import { ruleCatalogue, ruleHelpUri, type RuleMetadata } from '../engine/catalogue';
import type { Assessment, Finding, Severity } from '../engine/types';
import { neutraliseControls, truncateText } from './escape';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const TOOL_URI = 'https://github.com/s3-cors-audit/s3-cors-audit';

export interface SarifBucket {
  name: string;
  location?: SourceLocation;
  assessment: Assessment;
}

export interface SarifFile {
  file: string;
  buckets: SarifBucket[];
}

/** What a scan could not read (an account's AccessDenied, a bucket's throttling): a tool execution notification each. */
export interface SarifScanError {
  code: string;
  message: string;
  accountId: string;
  bucket?: string;
  stage?: string;
}

/** How the run went: `complete` false when something was not covered (SARIF's executionSuccessful). */
export interface SarifInvocation {
  complete: boolean;
  errors: readonly SarifScanError[];
  /** Counts shown beside the results (the scan's coverage). */
  coverage?: Readonly<Record<string, number>>;
}

/** Notifications kept per run: a scan of a whole failing organisation must not make a SARIF file of megabytes. */
const MAX_NOTIFICATIONS = 1000;
const MAX_NOTIFICATION_CHARS = 1000;

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** GitHub code scanning ranks alerts by this CVSS-like number (critical ≥ 9, high ≥ 7, medium ≥ 4). */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };

function ruleDescriptor(rule: RuleMetadata) {
  return {
    id: rule.id,
    name: rule.id.replace(/^S3CORS-/, '').toLowerCase().replace(/-(\w)/g, (_all, letter: string) => letter.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: { text: `${rule.remediation.text}\n\nExample:\n${JSON.stringify(rule.remediation.example, null, 2)}` },
    helpUri: ruleHelpUri(rule.id),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: ['security', 'cors', rule.category], 'security-severity': SECURITY_SEVERITY[rule.severity], precision: 'high' },
  };
}

const URI_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** SARIF wants a URI reference: forward slashes, each path segment percent-encoded, a scheme (`s3://`) kept as one. */
export function artifactUri(file: string): string {
  const path = file.replace(/\\/g, '/');
  const scheme = URI_SCHEME.exec(path);
  const encode = (rest: string) => rest.split('/').map(encodeURIComponent).join('/');
  return scheme ? `${(scheme[1] as string).toLowerCase()}://${encode(path.slice(scheme[0].length))}` : encode(path);
}

function fingerprint(file: string, bucket: string, finding: Finding): string {
  const key = [finding.ruleId, file, bucket, String(finding.ruleIndex), JSON.stringify(finding.evidence)].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

function resultOf(file: string, bucket: SarifBucket, finding: Finding, ruleIndexById: ReadonlyMap<string, number>) {
  const line = finding.location.line;
  const physicalLocation = {
    artifactLocation: { uri: artifactUri(finding.location.file ?? file) },
    ...(line !== undefined && line > 0 ? { region: { startLine: line, ...(finding.location.column ? { startColumn: finding.location.column } : {}) } } : {}),
  };
  const logicalName = finding.ruleIndex === null ? bucket.name : `${bucket.name}/CORSRules[${finding.ruleIndex}]`;
  return {
    ruleId: finding.ruleId,
    ...(ruleIndexById.has(finding.ruleId) ? { ruleIndex: ruleIndexById.get(finding.ruleId) } : {}),
    level: LEVEL[finding.severity],
    message: { text: neutraliseControls(finding.message) },
    locations: [{ physicalLocation, logicalLocations: [{ name: neutraliseControls(logicalName), kind: 'resource' }] }],
    partialFingerprints: { 's3CorsFinding/v1': fingerprint(file, bucket.name, finding) },
    properties: { severity: finding.severity, baseSeverity: finding.baseSeverity, bucket: neutraliseControls(bucket.name), ...(finding.severityReason ? { severityReason: finding.severityReason } : {}) },
    ...(finding.suppression ? { suppressions: [{ kind: 'external', status: 'accepted', justification: neutraliseControls(finding.suppression.reason) }] } : {}),
  };
}

function notificationOf(error: SarifScanError) {
  const where = error.bucket === undefined ? `account ${error.accountId}` : `bucket ${error.bucket} of account ${error.accountId}`;
  return {
    level: 'error',
    descriptor: { id: truncateText(neutraliseControls(error.code), 100) },
    message: { text: truncateText(neutraliseControls(`${where} not covered: ${error.code}: ${error.message}`), MAX_NOTIFICATION_CHARS) },
    properties: { accountId: error.accountId, ...(error.bucket !== undefined ? { bucket: neutraliseControls(error.bucket) } : {}), ...(error.stage !== undefined ? { stage: error.stage } : {}) },
  };
}

function invocationOf(invocation: SarifInvocation) {
  const notifications: object[] = invocation.errors.slice(0, MAX_NOTIFICATIONS).map(notificationOf);
  const omitted = invocation.errors.length - notifications.length;
  if (omitted > 0) notifications.push({ level: 'error', descriptor: { id: 'NotificationsOmitted' }, message: { text: `…and ${omitted} more scan errors (see the scan's JSON output)` } });
  return {
    executionSuccessful: invocation.complete,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
    ...(invocation.coverage ? { properties: { coverage: invocation.coverage } } : {}),
  };
}

/** One run of the tool over every linted file (or every scanned account, with the scan's invocation). */
export function renderSarif(files: readonly SarifFile[], options: { toolVersion?: string; invocation?: SarifInvocation } = {}): object {
  const rules = ruleCatalogue();
  const ruleIndexById = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = files.flatMap(({ file, buckets }) =>
    buckets.flatMap((bucket) => [...bucket.assessment.findings, ...bucket.assessment.suppressed].map((finding) => resultOf(file, bucket, finding, ruleIndexById))),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 's3-cors-audit', informationUri: TOOL_URI, ...(options.toolVersion ? { version: options.toolVersion } : {}), rules: rules.map(ruleDescriptor) } },
        ...(options.invocation ? { invocations: [invocationOf(options.invocation)] } : {}),
        artifacts: files.map(({ file }) => ({ location: { uri: artifactUri(file) } })),
        results,
      },
    ],
  };
}

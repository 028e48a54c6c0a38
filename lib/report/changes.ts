// Change detection for one bucket: this scan's outcome against the bucket's previous state. Findings
// keep their id and first-seen time; each gets a change (new, worsened, unchanged, improved,
// suppressed, suppression-expired) and previous findings no longer present come back as resolved.
import { SEVERITIES, type Finding, type Severity, type Suppression } from '../engine/types';
import type { BucketOutcome } from '../scan/types';
import { boundFinding, boundState } from './bounds';
import { findingIdOf } from './finding-id';
import type { BucketState, ChangeKind, FindingRecord } from './model';

export interface BucketChangeInput {
  scanId: string;
  /** When this scan looked at the bucket (ISO). */
  scannedAt: string;
  accountName?: string;
  outcome: BucketOutcome;
  previous?: BucketState;
}

export interface BucketChange {
  /** The new latest state; absent when the bucket is gone. */
  state?: BucketState;
  /** Findings as this scan sees them (active and suppressed), each with its change. */
  current: FindingRecord[];
  /** Previous findings this scan no longer sees (change: resolved). */
  resolved: FindingRecord[];
}

export const severityIndex = (severity: Severity) => SEVERITIES.indexOf(severity);

/** Active: not suppressed and not resolved. */
export function isOpen(finding: FindingRecord): boolean {
  return finding.change !== 'resolved' && finding.suppression === undefined;
}

export function detectBucketChange(input: BucketChangeInput): BucketChange {
  const { outcome, previous } = input;
  const before = new Map((previous?.findings ?? []).filter((finding) => finding.change !== 'resolved').map((finding) => [finding.findingId, finding]));
  if (outcome.status === 'unknown') {
    // Not looked at: the previous findings stand, unchanged; nothing is resolved on a failed read.
    const carried = [...before.values()];
    return { state: stateOf(input, { findings: carried, error: outcome.error }), current: [], resolved: [] };
  }
  const current = outcome.status === 'evaluated' ? recordsOf(input, before) : [];
  const seen = new Set(current.map((finding) => finding.findingId));
  const resolved = [...before.values()]
    .filter((finding) => !seen.has(finding.findingId))
    .map((finding): FindingRecord => ({ ...finding, scanId: input.scanId, change: 'resolved' }));
  if (outcome.status === 'gone') return { current, resolved };
  return { state: stateOf(input, { findings: current }), current, resolved };
}

function recordsOf(input: BucketChangeInput, before: ReadonlyMap<string, FindingRecord>): FindingRecord[] {
  const { outcome } = input;
  if (outcome.status !== 'evaluated') return [];
  const { assessment } = outcome;
  const occurrences = new Map<string, number>();
  const records = [...assessment.findings, ...assessment.suppressed].map((finding) => {
    const base = boundFinding(recordOf(input, finding, occurrences));
    const earlier = before.get(base.findingId);
    const change = changeOf(finding, earlier, assessment.expiredSuppressions);
    return { ...base, change, firstSeenAt: earlier?.firstSeenAt ?? input.scannedAt };
  });
  return records.sort((a, b) => severityIndex(b.severity) - severityIndex(a.severity));
}

function recordOf(input: BucketChangeInput, finding: Finding, occurrences: Map<string, number>): FindingRecord {
  const { outcome } = input;
  const key = `${finding.ruleId}\u0000${JSON.stringify(finding.evidence)}`;
  const occurrence = occurrences.get(key) ?? 0;
  occurrences.set(key, occurrence + 1);
  return {
    findingId: findingIdOf({ accountId: outcome.accountId, bucket: outcome.bucket, ruleId: finding.ruleId, evidence: finding.evidence, occurrence }),
    scanId: input.scanId,
    accountId: outcome.accountId,
    ...(input.accountName !== undefined ? { accountName: input.accountName } : {}),
    bucket: outcome.bucket,
    ...(outcome.region !== undefined ? { region: outcome.region } : {}),
    ruleId: finding.ruleId,
    title: finding.title,
    severity: finding.severity,
    baseSeverity: finding.baseSeverity,
    ...(finding.severityReason !== undefined ? { severityReason: finding.severityReason } : {}),
    message: finding.message,
    ruleIndex: finding.ruleIndex,
    evidence: finding.evidence,
    change: 'new',
    firstSeenAt: input.scannedAt,
    lastSeenAt: input.scannedAt,
    ...(finding.suppression ? { suppression: suppressionOf(finding.suppression) } : {}),
  };
}

function suppressionOf(suppression: Suppression): NonNullable<FindingRecord['suppression']> {
  return { reason: suppression.reason, source: suppression.source, ...(suppression.expiresAt !== undefined ? { expiresAt: suppression.expiresAt } : {}) };
}

function changeOf(finding: Finding, earlier: FindingRecord | undefined, expired: readonly Suppression[]): ChangeKind {
  if (finding.suppression) return 'suppressed';
  const expiredNow = expired.some((suppression) => suppression.ruleId === finding.ruleId);
  if (!earlier) return expiredNow ? 'suppression-expired' : 'new';
  if (earlier.suppression) return expiredNow ? 'suppression-expired' : 'new';
  const delta = severityIndex(finding.severity) - severityIndex(earlier.severity);
  return delta > 0 ? 'worsened' : delta < 0 ? 'improved' : 'unchanged';
}

function stateOf(input: BucketChangeInput, parts: { findings: FindingRecord[]; error?: { code: string; message: string } }): BucketState {
  const { outcome, previous } = input;
  const evaluated = outcome.status === 'evaluated' ? outcome : undefined;
  // An unreadable bucket keeps its last score and configuration: the report shows what was last known.
  const score = evaluated?.assessment.score ?? (outcome.status === 'unknown' ? previous?.score : undefined);
  const grade = evaluated?.assessment.grade ?? (outcome.status === 'unknown' ? previous?.grade : undefined);
  const configHash = evaluated?.configHash ?? (outcome.status === 'unknown' ? previous?.configHash : undefined);
  const corsRules = evaluated?.corsRules ?? (outcome.status === 'unknown' ? previous?.corsRules : undefined);
  const exposure = evaluated?.exposure ?? (outcome.status === 'unknown' ? previous?.exposure : undefined);
  const region = outcome.region ?? previous?.region;
  const accountName = input.accountName ?? previous?.accountName;
  return boundState({
    accountId: outcome.accountId,
    ...(accountName !== undefined ? { accountName } : {}),
    bucket: outcome.bucket,
    ...(region !== undefined ? { region } : {}),
    status: outcome.status,
    ...(score !== undefined ? { score } : {}),
    ...(grade !== undefined ? { grade } : {}),
    ...(configHash !== undefined ? { configHash } : {}),
    ...(corsRules !== undefined ? { corsRules } : {}),
    ...(exposure !== undefined ? { exposure } : {}),
    findings: parts.findings,
    ...(parts.error ? { error: { code: parts.error.code, message: parts.error.message } } : {}),
    lastScanId: input.scanId,
    lastScannedAt: input.scannedAt,
  });
}

// Hard size bounds on what the report stores and sends: DynamoDB items stay far below 400 KB and SNS
// messages below 256 KB whatever an audited account holds. The engine already trims values; these
// caps hold even if it did not, and mark what they cut.
import type { EvidenceValue } from '../engine/types';
import { truncateText } from './escape';
import type { BucketState, FindingRecord } from './model';

export const FINDING_BOUNDS = { message: 2_000, evidenceKeys: 16, evidenceString: 1_000, evidenceItems: 20 } as const;
/** Findings kept in one bucket's state item (most severe first); the rest remain as their own items. */
export const MAX_FINDINGS_PER_STATE = 200;
/** Above this estimated size the stored copy of the CORS rules is dropped from a state item. */
export const MAX_STATE_BYTES = 300_000;
export const MAX_ERRORS_PER_SUMMARY = 100;

function boundValue(value: EvidenceValue): { value: EvidenceValue; cut: boolean } {
  if (typeof value === 'string') {
    const bounded = truncateText(value, FINDING_BOUNDS.evidenceString);
    return { value: bounded, cut: bounded !== value };
  }
  if (Array.isArray(value)) {
    const items = value.slice(0, FINDING_BOUNDS.evidenceItems).map((item) => truncateText(String(item), FINDING_BOUNDS.evidenceString));
    const cut = items.length < value.length || items.some((item, position) => item !== value[position]);
    return { value: cut && items.length < value.length ? [...items, `… [+${value.length - items.length} more]`] : items, cut };
  }
  return { value, cut: false };
}

export function boundFinding(finding: FindingRecord): FindingRecord {
  let cut = false;
  const evidence: Record<string, EvidenceValue> = {};
  const entries = Object.entries(finding.evidence);
  for (const [key, value] of entries.slice(0, FINDING_BOUNDS.evidenceKeys)) {
    const bounded = boundValue(value);
    evidence[truncateText(key, 100)] = bounded.value;
    cut ||= bounded.cut;
  }
  cut ||= entries.length > FINDING_BOUNDS.evidenceKeys;
  const message = truncateText(finding.message, FINDING_BOUNDS.message);
  cut ||= message !== finding.message;
  return cut ? { ...finding, message, evidence, truncated: true } : finding;
}

/** A state item within its budget: at most MAX_FINDINGS_PER_STATE findings, rules dropped if still large. */
export function boundState(state: BucketState): BucketState {
  let bounded = state.findings.length > MAX_FINDINGS_PER_STATE ? { ...state, findings: state.findings.slice(0, MAX_FINDINGS_PER_STATE), truncated: true } : state;
  if (bounded.corsRules && Buffer.byteLength(JSON.stringify(bounded)) > MAX_STATE_BYTES) {
    const { corsRules: _dropped, ...rest } = bounded;
    bounded = { ...rest, truncated: true };
  }
  return bounded;
}

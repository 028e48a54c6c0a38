// Stable finding ids: the same problem in the same bucket keeps its id across scans, so a re-run
// overwrites instead of duplicating, and change detection compares like with like.
import { createHash } from 'node:crypto';
import type { EvidenceValue } from '../engine/types';

/** Evidence with its keys sorted, so `{a, b}` and `{b, a}` name the same problem. */
function canonicalEvidence(evidence: Record<string, EvidenceValue>): string {
  return JSON.stringify(Object.keys(evidence).sort().map((key) => [key, evidence[key]]));
}

/**
 * Hash of account, bucket, rule and evidence. The rule index is left out on purpose (reordering rules
 * is not a new problem); `occurrence` tells apart identical findings of one bucket (duplicate rules).
 */
export function findingIdOf(input: { accountId: string; bucket: string; ruleId: string; evidence: Record<string, EvidenceValue>; occurrence: number }): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([input.accountId, input.bucket, input.ruleId, canonicalEvidence(input.evidence), input.occurrence]))
    .digest('hex');
  return `f-${hash.slice(0, 24)}`;
}

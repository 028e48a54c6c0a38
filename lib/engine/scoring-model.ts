// The one table of numbers behind severities and scores (documented in docs/scoring.md). Change them here only.
import type { Grade, Severity } from './types';

/** Points one active finding takes off 100. Increasing with severity, so the score is monotonic. */
export const SEVERITY_PENALTY: Readonly<Record<Severity, number>> = {
  info: 0,
  low: 3,
  medium: 10,
  high: 25,
  critical: 45,
};

/** The best score a bucket can have while its worst active finding has this severity. Decreasing with severity. */
export const SEVERITY_SCORE_CEILING: Readonly<Record<Severity, number>> = {
  info: 100,
  low: 100,
  medium: 89,
  high: 69,
  critical: 39,
};

/** Lowest score for each grade, best grade first. */
export const GRADE_THRESHOLDS: readonly (readonly [Grade, number])[] = [
  ['A', 90],
  ['B', 80],
  ['C', 70],
  ['D', 60],
  ['E', 40],
  ['F', 0],
];

/**
 * How the bucket's exposure moves a finding's severity, by the kind of access the rule widens.
 * `to` sets the severity; `steps` moves it (negative = lower). First matching condition wins.
 */
export const EXPOSURE_ADJUSTMENTS = {
  /** Cross-origin reads reveal nothing new when anyone can read the objects directly. */
  readOnPublicBucket: { to: 'info' as Severity },
  /**
   * Cross-origin writes on a bucket others can already write to through its ACL: the bucket is open to writes
   * anyway, and the CORS rule adds writes from browsers (from any page when its origins are attacker-obtainable).
   */
  writeOnPublicWritableBucket: { to: 'critical' as Severity },
  /** Block Public Access fully on (bucket or account) rules out public read grants: one step lower. */
  readWithBlockPublicAccess: { steps: -1 },
} as const;

/** Findings kept per rule per bucket; the rest become one "and N more" finding (hostile configs stay bounded). */
export const MAX_FINDINGS_PER_RULE = 50;
/** Longest attacker-controlled value put into a message or evidence string. */
export const MAX_VALUE_CHARS = 200;
/** Longest evidence list kept. */
export const MAX_EVIDENCE_ITEMS = 20;

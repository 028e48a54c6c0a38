// Score 0-100 and grade from active findings: 100 minus a penalty per finding, capped by the worst severity.
import { GRADE_THRESHOLDS, SEVERITY_PENALTY, SEVERITY_SCORE_CEILING } from './scoring-model';
import { SEVERITIES, SEVERITY_RANK, type Grade, type Severity } from './types';

/** Monotonic: adding a finding or raising a severity never increases the score (penalty up, ceiling down). */
export function scoreOf(severities: readonly Severity[]): number {
  return scoreOfFindings(severities.map((severity) => ({ severity })));
}

export function gradeOf(score: number): Grade {
  for (const [grade, minimum] of GRADE_THRESHOLDS) if (score >= minimum) return grade;
  return 'F';
}

/** scoreOf for findings as they are (the engine's hot path builds no list of severities). */
export function scoreOfFindings(findings: readonly { severity: Severity }[]): number {
  let penalty = 0;
  let worst = -1;
  for (const finding of findings) {
    penalty += SEVERITY_PENALTY[finding.severity];
    const rank = SEVERITY_RANK[finding.severity];
    if (rank > worst) worst = rank;
  }
  const ceiling = worst < 0 ? 100 : SEVERITY_SCORE_CEILING[SEVERITIES[worst] as Severity];
  return Math.max(0, Math.min(100 - penalty, ceiling));
}

// Score 0-100 and grade from active findings: 100 minus a penalty per finding, capped by the worst severity.
import { GRADE_THRESHOLDS, SEVERITY_PENALTY, SEVERITY_SCORE_CEILING } from './scoring-model';
import { SEVERITIES, SEVERITY_RANK, type Grade, type Severity } from './types';

/** Monotonic: adding a finding or raising a severity never increases the score (penalty up, ceiling down). */
export function scoreOf(severities: readonly Severity[]): number {
  return scoreOfFindings(severities.map((severity) => ({ severity })));
}

export function gradeOf(score: number): Grade {
  for (let index = 0; index < GRADE_THRESHOLDS.length; index += 1) {
    const threshold = GRADE_THRESHOLDS[index] as readonly [Grade, number];
    if (score >= threshold[1]) return threshold[0];
  }
  return 'F';
}

/** scoreOf for findings as they are (the engine's hot path builds no list of severities). */
export function scoreOfFindings(findings: readonly { severity: Severity }[]): number {
  const counts = [0, 0, 0, 0, 0];
  for (const finding of findings) (counts[SEVERITY_RANK[finding.severity]] as number) += 1;
  return scoreOfCounts(counts);
}

const PENALTY_BY_RANK = SEVERITIES.map((severity) => SEVERITY_PENALTY[severity]);
const CEILING_BY_RANK = SEVERITIES.map((severity) => SEVERITY_SCORE_CEILING[severity]);

/** scoreOf from how many findings have each severity, indexed by SEVERITY_RANK (the engine counts as it goes). */
export function scoreOfCounts(countsByRank: readonly number[]): number {
  let penalty = 0;
  let ceiling = 100;
  for (let rank = 0; rank < countsByRank.length; rank += 1) {
    const count = countsByRank[rank] as number;
    if (count === 0) continue;
    penalty += count * (PENALTY_BY_RANK[rank] as number);
    ceiling = CEILING_BY_RANK[rank] as number;
  }
  return Math.max(0, Math.min(100 - penalty, ceiling));
}

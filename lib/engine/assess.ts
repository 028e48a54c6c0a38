// Runs every rule over one bucket's configuration and turns reports into scored, suppressed, bounded findings.
import type { CorsConfiguration, SourceLocation } from '../cors/types';
import { ruleContextOf, type RuleDefinition, type RuleReport } from '../rules/define-rule';
import { RULES } from '../rules/index';
import { boundEvidence, fillTemplate } from './messages';
import { gradeOf, scoreOfFindings } from './score';
import { MAX_FINDINGS_PER_RULE } from './scoring-model';
import { contextualSeverity, type ContextualSeverity } from './severity';
import { applySuppressions } from './suppressions';
import { SEVERITIES, SEVERITY_RANK, type AssessInput, type Assessment, type BucketExposure, type Finding } from './types';

function locationOf(config: CorsConfiguration, ruleIndex: number | null): SourceLocation {
  if (ruleIndex !== null) return { ...(config.rules[ruleIndex]?.location ?? {}), ruleIndex };
  const first = config.rules[0]?.location;
  const location: SourceLocation = {};
  if (first?.file !== undefined) location.file = first.file;
  if (first?.resource !== undefined) location.resource = first.resource;
  return location;
}

function findingOf(rule: RuleDefinition, report: RuleReport, config: CorsConfiguration, context: ContextualSeverity): Finding {
  const template = rule.messages[report.messageId] ?? report.messageId;
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    severity: context.severity,
    baseSeverity: rule.severity,
    message: fillTemplate(template, report.data),
    ruleIndex: report.ruleIndex,
    evidence: boundEvidence(report.evidence),
    location: locationOf(config, report.ruleIndex),
  };
  if (context.reason !== undefined) finding.severityReason = context.reason;
  return finding;
}

/**
 * Keeps MAX_FINDINGS_PER_RULE findings of one rule and folds the rest into one "and N more" finding. All findings of
 * a rule share its severity (severity depends on the rule and the bucket only), so it is worked out once, and the
 * summary carries it too.
 */
function pushFindings(into: Finding[], rule: RuleDefinition, reports: readonly RuleReport[], config: CorsConfiguration, exposure: BucketExposure | undefined): void {
  const severity = contextualSeverity(rule.severity, rule.exposure, exposure);
  const kept = Math.min(reports.length, MAX_FINDINGS_PER_RULE);
  for (let index = 0; index < kept; index += 1) into.push(findingOf(rule, reports[index] as RuleReport, config, severity));
  const omitted = reports.length - kept;
  if (omitted <= 0) return;
  const first = findingOf(rule, reports[MAX_FINDINGS_PER_RULE] as RuleReport, config, severity);
  into.push({
    ...first,
    message: `…and ${omitted} more finding(s) of ${rule.id} in this configuration.`,
    ruleIndex: null,
    evidence: { omittedFindings: omitted },
    location: locationOf(config, null),
  });
}

const TOP_RANK = SEVERITIES.length - 1;

/**
 * Most severe first, in rule order within a severity: the stable sort by severity, as a counting sort (no comparator
 * calls). Findings already in that order (one severity, one finding) come back as they are.
 */
function bySeverityDescending(findings: Finding[]): Finding[] {
  const count = findings.length;
  if (count < 2) return findings;
  // slotStart[s + 1] counts findings in slot s (slot 0 = critical); prefix sums then give where each slot starts.
  const slotStart = [0, 0, 0, 0, 0, 0];
  let sorted = true;
  let previous = TOP_RANK;
  for (const finding of findings) {
    const rank = SEVERITY_RANK[finding.severity];
    if (rank > previous) sorted = false;
    previous = rank;
    (slotStart[TOP_RANK - rank + 1] as number) += 1;
  }
  if (sorted) return findings;
  for (let slot = 1; slot < slotStart.length; slot += 1) (slotStart[slot] as number) += slotStart[slot - 1] as number;
  const result = new Array<Finding>(count);
  for (const finding of findings) {
    const slot = TOP_RANK - SEVERITY_RANK[finding.severity];
    result[slotStart[slot] as number] = finding;
    (slotStart[slot] as number) += 1;
  }
  return result;
}

/** Pure and synchronous: configuration and context in, assessment out. Rules run in registry order. */
export function assessBucket(input: AssessInput, rules: readonly RuleDefinition[] = RULES): Assessment {
  const context = ruleContextOf(input.config);
  const found: Finding[] = [];
  for (const rule of rules) {
    const reports = rule.check(context);
    if (reports.length > 0) pushFindings(found, rule, reports, input.config, input.exposure);
  }
  const all = bySeverityDescending(found);
  const suppressions = input.suppressions ?? [];
  if (suppressions.length === 0) {
    const score = scoreOfFindings(all);
    return { score, grade: gradeOf(score), findings: all, suppressed: [], expiredSuppressions: [] };
  }
  const { active, suppressed, expired } = applySuppressions(all, suppressions, input.target ?? {}, input.now ?? new Date());
  const score = scoreOfFindings(active);
  return { score, grade: gradeOf(score), findings: active, suppressed, expiredSuppressions: expired };
}

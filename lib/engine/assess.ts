// Runs every rule over one bucket's configuration and turns reports into scored, suppressed, bounded findings.
import type { CorsConfiguration, SourceLocation } from '../cors/types';
import { ruleContextOf, type RuleDefinition, type RuleReport } from '../rules/define-rule';
import { RULES } from '../rules/index';
import { boundEvidence, fillTemplate } from './messages';
import { gradeOf, scoreOf } from './score';
import { MAX_FINDINGS_PER_RULE } from './scoring-model';
import { contextualSeverity, type ContextualSeverity } from './severity';
import { applySuppressions, type SuppressionOutcome } from './suppressions';
import { SEVERITIES, type AssessInput, type Assessment, type BucketExposure, type Finding, type Severity } from './types';

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

const NO_SUPPRESSIONS: SuppressionOutcome = { active: [], suppressed: [], expired: [] };

/** Most severe first, in rule order within a severity: the stable sort by severity, as buckets (no comparator calls). */
function bySeverityDescending(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  const buckets: Finding[][] = SEVERITIES.map(() => []);
  for (const finding of findings) (buckets[SEVERITY_RANK[finding.severity]] as Finding[]).push(finding);
  const sorted: Finding[] = [];
  for (let rank = buckets.length - 1; rank >= 0; rank -= 1) for (const finding of buckets[rank] as Finding[]) sorted.push(finding);
  return sorted;
}

const SEVERITY_RANK = Object.fromEntries(SEVERITIES.map((severity, index) => [severity, index])) as Record<Severity, number>;

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
  const { active, suppressed, expired } =
    suppressions.length === 0 ? { ...NO_SUPPRESSIONS, active: all } : applySuppressions(all, suppressions, input.target ?? {}, input.now ?? new Date());
  const score = scoreOf(active.map((finding) => finding.severity));
  return { score, grade: gradeOf(score), findings: active, suppressed, expiredSuppressions: expired };
}

// Runs every rule over one bucket's configuration and turns reports into scored, suppressed, bounded findings.
import type { CorsConfiguration, SourceLocation } from '../cors/types';
import { ruleContextOf, type RuleDefinition, type RuleReport } from '../rules/define-rule';
import { RULES } from '../rules/index';
import { boundEvidence, fillTemplate } from './messages';
import { gradeOf, scoreOf } from './score';
import { MAX_FINDINGS_PER_RULE } from './scoring-model';
import { contextualSeverity } from './severity';
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

function findingOf(rule: RuleDefinition, report: RuleReport, config: CorsConfiguration, exposure: BucketExposure | undefined): Finding {
  const { severity, reason } = contextualSeverity(rule.severity, rule.exposure, exposure);
  const template = rule.messages[report.messageId] ?? report.messageId;
  const finding: Finding = {
    ruleId: rule.id,
    title: rule.title,
    severity,
    baseSeverity: rule.severity,
    message: fillTemplate(template, report.data),
    ruleIndex: report.ruleIndex,
    evidence: boundEvidence(report.evidence),
    location: locationOf(config, report.ruleIndex),
  };
  if (reason !== undefined) finding.severityReason = reason;
  return finding;
}

/**
 * Keeps MAX_FINDINGS_PER_RULE findings of one rule and folds the rest into one "and N more" finding. All findings of
 * a rule share its severity (severity depends on the rule and the bucket only), so the summary carries it too.
 */
function findingsOf(rule: RuleDefinition, reports: readonly RuleReport[], config: CorsConfiguration, exposure: BucketExposure | undefined): Finding[] {
  const kept = reports.slice(0, MAX_FINDINGS_PER_RULE).map((report) => findingOf(rule, report, config, exposure));
  const omitted = reports.length - kept.length;
  if (omitted <= 0) return kept;
  const first = findingOf(rule, reports[MAX_FINDINGS_PER_RULE] as RuleReport, config, exposure);
  const summary: Finding = {
    ...first,
    message: `…and ${omitted} more finding(s) of ${rule.id} in this configuration.`,
    ruleIndex: null,
    evidence: { omittedFindings: omitted },
    location: locationOf(config, null),
  };
  return [...kept, summary];
}

const RANK = Object.fromEntries(SEVERITIES.map((severity, index) => [severity, index])) as Record<Severity, number>;
const bySeverityDescending = (a: Finding, b: Finding): number => RANK[b.severity] - RANK[a.severity];
const NO_SUPPRESSIONS: SuppressionOutcome = { active: [], suppressed: [], expired: [] };

/** Pure and synchronous: configuration and context in, assessment out. Rules run in registry order. */
export function assessBucket(input: AssessInput, rules: readonly RuleDefinition[] = RULES): Assessment {
  const context = ruleContextOf(input.config);
  let all: Finding[] = [];
  for (const rule of rules) {
    const reports = rule.check(context);
    if (reports.length === 0) continue;
    all = all.concat(findingsOf(rule, reports, input.config, input.exposure));
  }
  all.sort(bySeverityDescending);
  const suppressions = input.suppressions ?? [];
  const { active, suppressed, expired } =
    suppressions.length === 0 ? { ...NO_SUPPRESSIONS, active: all } : applySuppressions(all, suppressions, input.target ?? {}, input.now ?? new Date());
  const score = scoreOf(active.map((finding) => finding.severity));
  return { score, grade: gradeOf(score), findings: active, suppressed, expiredSuppressions: expired };
}

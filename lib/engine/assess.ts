// Runs every rule over one bucket's configuration and turns reports into scored, suppressed, bounded findings.
import type { CorsConfiguration, SourceLocation } from '../cors/types';
import { ruleContextOf, type RuleDefinition, type RuleReport } from '../rules/define-rule';
import { RULES } from '../rules/index';
import { boundEvidence, compileTemplate, fillCompiled, type CompiledTemplate } from './messages';
import { gradeOf, scoreOfCounts, scoreOfFindings } from './score';
import { MAX_FINDINGS_PER_RULE } from './scoring-model';
import { SeverityContext } from './severity';
import { applySuppressions } from './suppressions';
import { SEVERITIES, SEVERITY_RANK, type AssessInput, type Assessment, type BucketExposure, type Finding } from './types';

/** A rule's message templates, compiled on first use: parallel lists (a rule has one to three messages). */
interface RuleTemplates {
  readonly messageIds: string[];
  readonly parts: CompiledTemplate[];
}

const templatesByRule = new WeakMap<RuleDefinition, RuleTemplates>();

function templatesOf(rule: RuleDefinition): RuleTemplates {
  let templates = templatesByRule.get(rule);
  if (!templates) {
    templates = { messageIds: [], parts: [] };
    templatesByRule.set(rule, templates);
  }
  return templates;
}

function templateOf(rule: RuleDefinition, templates: RuleTemplates, messageId: string): CompiledTemplate {
  const known = templates.messageIds.indexOf(messageId);
  if (known >= 0) return templates.parts[known] as CompiledTemplate;
  const parts = compileTemplate(rule.messages[messageId] ?? messageId);
  templates.messageIds.push(messageId);
  templates.parts.push(parts);
  return parts;
}

const TOP_RANK = SEVERITIES.length - 1;

/**
 * One assessment's findings as the rules report them. Counts findings per severity as they come, so the sort and the
 * score need no pass of their own, and shares what findings of the bucket have in common: one location object per
 * CORS rule (findings are read, never changed) and one contextual severity per (base severity, exposure kind).
 */
class FindingList {
  readonly findings: Finding[] = [];
  /** Findings of each severity, indexed by SEVERITY_RANK. */
  readonly countsByRank = [0, 0, 0, 0, 0];
  /** Most severe first already (then the sort has nothing to do). */
  inOrder = true;
  private lastRank = TOP_RANK;
  /** Each add's rank and how many findings it added, in pairs: the sort moves whole runs. */
  private readonly runs: number[] = [];
  private readonly severities: SeverityContext;
  private ruleLocations: (SourceLocation | undefined)[] | undefined;
  private configurationLocation: SourceLocation | undefined;

  constructor(
    private readonly config: CorsConfiguration,
    exposure: BucketExposure | undefined,
  ) {
    this.severities = new SeverityContext(exposure);
  }

  /**
   * Keeps MAX_FINDINGS_PER_RULE findings of one rule and folds the rest into one "and N more" finding. All findings of
   * a rule share its severity (severity depends on the rule and the bucket only), and the summary carries it too.
   */
  add(rule: RuleDefinition, reports: readonly RuleReport[]): void {
    const context = this.severities.of(rule.severity, rule.exposure);
    const rank = SEVERITY_RANK[context.severity];
    if (rank > this.lastRank) this.inOrder = false;
    this.lastRank = rank;
    const kept = Math.min(reports.length, MAX_FINDINGS_PER_RULE);
    const omitted = reports.length - kept;
    const added = omitted > 0 ? kept + 1 : kept;
    (this.countsByRank[rank] as number) += added;
    this.runs.push(rank, added);
    const templates = templatesOf(rule);
    const findings = this.findings;
    // Read once for the rule's findings (all share them).
    const ruleId = rule.id;
    const title = rule.title;
    const severity = context.severity;
    const baseSeverity = rule.severity;
    const reason = context.reason;
    for (let index = 0; index < kept; index += 1) {
      const report = reports[index] as RuleReport;
      const message = fillCompiled(templateOf(rule, templates, report.messageId), report.data, report.ruleIndex);
      const evidence = boundEvidence(report.evidence);
      const ruleIndex = report.ruleIndex;
      const location = this.locationOf(ruleIndex);
      // One literal per shape, fields in the order findings have always had (severityReason last, only when set).
      findings.push(
        reason === undefined
          ? { ruleId, title, severity, baseSeverity, message, ruleIndex, evidence, location }
          : { ruleId, title, severity, baseSeverity, message, ruleIndex, evidence, location, severityReason: reason },
      );
    }
    if (omitted <= 0) return;
    const summary: Finding = { ruleId, title, severity, baseSeverity, message: `…and ${omitted} more finding(s) of ${rule.id} in this configuration.`, ruleIndex: null, evidence: { omittedFindings: omitted }, location: this.locationOf(null) };
    if (reason !== undefined) summary.severityReason = reason;
    findings.push(summary);
  }

  private locationOf(ruleIndex: number | null): SourceLocation {
    if (ruleIndex === null) {
      this.configurationLocation ??= configurationLocationOf(this.config);
      return this.configurationLocation;
    }
    const own = this.config.rules[ruleIndex]?.location;
    // Parsers record the rule's index in its location: a copy would be the same object, field for field.
    if (own !== undefined && own.ruleIndex === ruleIndex) return own;
    this.ruleLocations ??= new Array<SourceLocation | undefined>(this.config.rules.length);
    let location = this.ruleLocations[ruleIndex];
    if (!location) {
      location = { ...(own ?? {}), ruleIndex };
      this.ruleLocations[ruleIndex] = location;
    }
    return location;
  }

  /**
   * Most severe first, in rule order within a severity: the stable sort by severity, as a counting sort over the
   * counts kept while adding (no comparator calls).
   */
  bySeverityDescending(): Finding[] {
    const findings = this.findings;
    if (this.inOrder) return findings;
    // slotStart[s] is where findings of slot s (slot 0 = critical) go next.
    const slotStart = [0, 0, 0, 0, 0];
    for (let slot = 1; slot < slotStart.length; slot += 1) slotStart[slot] = (slotStart[slot - 1] as number) + (this.countsByRank[TOP_RANK - slot + 1] as number);
    const result = new Array<Finding>(findings.length);
    const runs = this.runs;
    let from = 0;
    for (let run = 0; run < runs.length; run += 2) {
      const slot = TOP_RANK - (runs[run] as number);
      let to = slotStart[slot] as number;
      const end = from + (runs[run + 1] as number);
      while (from < end) result[to++] = findings[from++] as Finding;
      slotStart[slot] = to;
    }
    return result;
  }
}

/** Where a configuration-wide finding points: the configuration's file and resource, without a rule. */
function configurationLocationOf(config: CorsConfiguration): SourceLocation {
  const first = config.rules[0]?.location;
  const location: SourceLocation = {};
  if (first?.file !== undefined) location.file = first.file;
  if (first?.resource !== undefined) location.resource = first.resource;
  return location;
}

/** Pure and synchronous: configuration and context in, assessment out. Rules run in registry order. */
export function assessBucket(input: AssessInput, rules: readonly RuleDefinition[] = RULES): Assessment {
  const context = ruleContextOf(input.config);
  const list = new FindingList(input.config, input.exposure);
  for (const rule of rules) {
    const reports = rule.check(context);
    if (reports.length > 0) list.add(rule, reports);
  }
  const all = list.bySeverityDescending();
  const suppressions = input.suppressions;
  if (suppressions === undefined || suppressions.length === 0) {
    const score = scoreOfCounts(list.countsByRank);
    return { score, grade: gradeOf(score), findings: all, suppressed: [], expiredSuppressions: [] };
  }
  const { active, suppressed, expired } = applySuppressions(all, suppressions, input.target ?? {}, input.now ?? new Date());
  const score = scoreOfFindings(active);
  return { score, grade: gradeOf(score), findings: active, suppressed, expiredSuppressions: expired };
}

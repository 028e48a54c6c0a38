// How a rule is declared: metadata beside one pure check (eslint's meta + create, Prowler's metadata file).
import {
  admitsAnySite,
  bypassKind,
  firstCopyIndexes,
  isSubdomainWildcard,
  isReadMethod,
  isWriteMethod,
  unique,
  shadowingOfAll,
  describeOriginPattern,
  developmentOriginReason,
  foreignOriginsAdmitted,
  neverMatchingReason,
  sampleHost,
  type OriginPatternShape,
  ReachabilityFacts,
} from '../cors/analysis';
import type { CorsConfiguration, CorsRule, S3CorsRule } from '../cors/types';
import { validateConfiguration, type ValidationIssue } from '../cors/validate';
import { hostingPlatformOf, type HostingPlatform } from './data/public-hosting-platforms';
import type { EvidenceValue, RuleCategory, Severity } from '../engine/types';

/**
 * Which access a rule's risk widens; the scorer adjusts severity from the bucket's exposure with it
 * (docs/scoring.md): `read` findings matter less on a bucket that is public anyway, `write` ones more.
 */
export type ExposureKind = 'read' | 'write' | 'none';

/** Everything known about one AllowedOrigin pattern, computed once per assessment and shared by rules. */
export interface OriginFacts {
  pattern: string;
  shape: OriginPatternShape;
  anySite: boolean;
  foreignOrigins: string[];
  neverMatching: string | null;
  development: string | null;
  sampleHost: string | null;
  bypass: 'suffix' | 'prefix' | null;
  subdomainWildcard: boolean;
  /** The public hosting platform the pattern's host sits on, and whether that exact origin is shared by every tenant. */
  hostingPlatform: { platform: HostingPlatform; sharedOrigin: boolean } | null;
  /** What each origin check answers for this pattern (only those that select it), asked once per pattern. */
  selections: readonly OriginSelection[];
}

/** Message data an origin check gives for a pattern it selects. */
export type OriginData = Record<string, string | number>;

interface OriginSelection {
  /** The check's slot in ORIGIN_CHECKS. */
  slot: number;
  data: OriginData;
  /** `{ origin, ...data }`, the evidence of every report of this pattern without a refined rule: frozen, shared. */
  evidence: Readonly<OriginData>;
}

/**
 * Origin checks ask a question about one AllowedOrigin pattern, whatever the rule or bucket. They are registered
 * here and answered together: once per pattern (memoised with its facts), then in one pass over a configuration's
 * origins that builds every origin check's reports, so a check that selects nothing costs nothing.
 */
interface OriginCheck {
  messageId: string;
  select: (facts: OriginFacts) => OriginData | null;
  /** A further condition on the CORS rule holding the pattern (e.g. it allows writes), adding message data. */
  refine: ((context: RuleContext, ruleIndex: number) => OriginData | null) | undefined;
}

const ORIGIN_CHECKS: OriginCheck[] = [];

/** Pure answers about a pattern, shared across assessments: a nightly scan sees the same origins in many buckets. */
const factsMemo = new Map<string, OriginFacts>();
const FACTS_MEMO_ENTRIES = 10_000;
const FACTS_MEMO_MAX_PATTERN = 512;

/**
 * Patterns seen once, not yet remembered: most origins are one bucket's own and never come back, and remembering
 * their facts (objects kept until the memo fills) costs more collector work than answering them again.
 */
const seenOnce = new Set<string>();

export function originFactsOf(pattern: string): OriginFacts {
  const known = factsMemo.get(pattern);
  if (known) return known;
  const facts = computeOriginFacts(pattern);
  if (pattern.length > FACTS_MEMO_MAX_PATTERN) return facts;
  if (!seenOnce.has(pattern)) {
    if (seenOnce.size >= FACTS_MEMO_ENTRIES) seenOnce.clear();
    seenOnce.add(pattern);
    return facts;
  }
  if (factsMemo.size >= FACTS_MEMO_ENTRIES) factsMemo.clear();
  factsMemo.set(pattern, facts);
  return facts;
}

function computeOriginFacts(pattern: string): OriginFacts {
  const shape = describeOriginPattern(pattern);
  const host = sampleHost(pattern, shape);
  // Searched once and handed to every question that needs it (long patterns are not memoised by the search).
  const foreignOrigins = foreignOriginsAdmitted(pattern, shape);
  const facts: OriginFacts = {
    pattern,
    shape,
    anySite: admitsAnySite(pattern, shape, foreignOrigins),
    foreignOrigins,
    neverMatching: neverMatchingReason(pattern, shape),
    development: developmentOriginReason(pattern, shape),
    sampleHost: host,
    bypass: bypassKind(pattern, shape, foreignOrigins),
    subdomainWildcard: isSubdomainWildcard(pattern, shape, foreignOrigins),
    hostingPlatform: host === null ? null : hostingPlatformOf(host),
    selections: [],
  };
  const selections: OriginSelection[] = [];
  for (let slot = 0; slot < ORIGIN_CHECKS.length; slot += 1) {
    const data = (ORIGIN_CHECKS[slot] as OriginCheck).select(facts);
    if (data) selections.push({ slot, data, evidence: Object.freeze({ origin: pattern, ...data }) });
  }
  facts.selections = selections;
  return facts;
}

/** A CORS rule's methods as the checks ask about them. Shared between rules: copy before handing out as evidence. */
export interface RuleMethods {
  /** Distinct PUT, POST, DELETE, in the order written. */
  write: readonly string[];
  /** Distinct GET, HEAD, in the order written. */
  read: readonly string[];
}

export interface RuleContext {
  readonly config: CorsConfiguration;
  readonly rules: readonly CorsRule[];
  /** Memoised per pattern for the whole assessment. */
  origin(pattern: string): OriginFacts;
  /** Facts of each rule's distinct AllowedOrigins, built once per assessment. */
  originsByRule(): readonly (readonly OriginFacts[])[];
  /** The reports of the origin check in `slot` (see originCheck), all origin checks built in one pass. */
  originReports(slot: number): RuleReport[];
  /** Does any rule list `*` among its AllowedOrigins? (Checks about `*` skip the rest of their work when none does.) */
  someRuleAllowsAnyOrigin(): boolean;
  /** For each rule, the index of the first rule with identical content (itself when first) (memoised). */
  firstCopies(): readonly number[];
  /** For each rule, the earlier rules that take all its requests, or null when it is reachable (memoised). */
  shadowing(): readonly (number[] | null)[];
  /** Per-rule facts the reachability questions share (memoised). */
  reachability(): ReachabilityFacts;
  /** Method facts of each rule, computed once per assessment (several rules ask the same). */
  methodsByRule(): readonly RuleMethods[];
  /** What PutBucketCors would reject, issues[0] first (memoised). */
  validation(): readonly ValidationIssue[];
}

export interface RuleReport<MessageId extends string = string> {
  ruleIndex: number | null;
  messageId: MessageId;
  /** Values for the message's {{placeholders}}. */
  data: Record<string, string | number>;
  /** Machine-readable evidence (origin, method, header...), kept with the finding. */
  evidence: Record<string, EvidenceValue>;
}

export interface RuleDefinition<MessageId extends string = string> {
  /** Public and stable: suppressions and stored findings refer to it. Deprecate, never rename. */
  id: string;
  /** States the risky condition. */
  title: string;
  severity: Severity;
  category: RuleCategory;
  exposure: ExposureKind;
  /** Why it matters, at most 400 characters. */
  rationale: string;
  remediation: { text: string; example: S3CorsRule[] };
  /** A configuration the rule must flag (the catalogue test runs it). */
  badExample: S3CorsRule[];
  references: string[];
  messages: Record<MessageId, string>;
  check(context: RuleContext): RuleReport<MessageId>[];
}

export function defineRule<MessageId extends string>(rule: RuleDefinition<MessageId>): RuleDefinition<MessageId> {
  return rule;
}

/** A context over a configuration with per-pattern facts memoised (used by the engine and tests). */
export function ruleContextOf(config: CorsConfiguration): RuleContext {
  return new AssessmentContext(config);
}

/**
 * One per assessment, so every answer is computed at most once and only when a rule asks. A class, not an object of
 * closures: a scan builds one per bucket, and the closures cost more than most checks.
 */
class AssessmentContext implements RuleContext {
  readonly rules: readonly CorsRule[];
  /** Facts of patterns too long for the shared memo, kept for this assessment only. */
  private longPatterns: Map<string, OriginFacts> | undefined;
  private byRule: OriginFacts[][] | undefined;
  private reportsBySlot: RuleReport[][] | undefined;
  /** Set with byRule. */
  private anyOrigin: boolean | undefined;
  private methods: RuleMethods[] | undefined;
  private copies: number[] | undefined;
  private shadows: (number[] | null)[] | undefined;
  private reach: ReachabilityFacts | undefined;
  private issues: ValidationIssue[] | undefined;

  constructor(readonly config: CorsConfiguration) {
    this.rules = config.rules;
  }

  origin(pattern: string): OriginFacts {
    if (pattern.length <= FACTS_MEMO_MAX_PATTERN) return originFactsOf(pattern);
    this.longPatterns ??= new Map();
    let known = this.longPatterns.get(pattern);
    if (!known) {
      known = originFactsOf(pattern);
      this.longPatterns.set(pattern, known);
    }
    return known;
  }

  originsByRule(): readonly (readonly OriginFacts[])[] {
    if (this.byRule) return this.byRule;
    const byRule: OriginFacts[][] = [];
    let anyOrigin = false;
    for (const rule of this.rules) {
      const origins = unique(rule.allowedOrigins);
      const facts: OriginFacts[] = [];
      for (const pattern of origins) {
        const known = this.origin(pattern);
        if (known.shape.kind === 'any') anyOrigin = true;
        facts.push(known);
      }
      byRule.push(facts);
    }
    this.byRule = byRule;
    this.anyOrigin = anyOrigin;
    return byRule;
  }

  someRuleAllowsAnyOrigin(): boolean {
    if (this.anyOrigin === undefined) this.originsByRule();
    return this.anyOrigin as boolean;
  }

  originReports(slot: number): RuleReport[] {
    this.reportsBySlot ??= this.buildOriginReports();
    return this.reportsBySlot[slot] ?? NO_REPORTS;
  }

  /** Every origin check's reports in one pass over the origins: in rule order, then origin order, per check. */
  private buildOriginReports(): RuleReport[][] {
    const bySlot: RuleReport[][] = [];
    const byRule = this.originsByRule();
    for (let ruleIndex = 0; ruleIndex < byRule.length; ruleIndex += 1) {
      for (const facts of byRule[ruleIndex] as OriginFacts[]) {
        for (const selection of facts.selections) {
          const slot = selection.slot;
          const check = ORIGIN_CHECKS[slot] as OriginCheck;
          // Properties assigned, not spread: a spread after literal members costs a runtime call per report.
          const data: OriginData = { ruleNumber: ruleIndex + 1, origin: facts.pattern };
          for (const key in selection.data) data[key] = selection.data[key] as string | number;
          let evidence = selection.evidence;
          if (check.refine) {
            const extra = check.refine(this, ruleIndex);
            if (!extra) continue;
            for (const key in extra) data[key] = extra[key] as string | number;
            evidence = { ...evidence, ...extra };
          }
          const report: RuleReport = { ruleIndex, messageId: check.messageId, data, evidence };
          const reports = bySlot[slot];
          if (reports) reports.push(report);
          else bySlot[slot] = [report];
        }
      }
    }
    return bySlot;
  }

  methodsByRule(): readonly RuleMethods[] {
    this.methods ??= this.rules.map(methodsOfRule);
    return this.methods;
  }

  firstCopies(): readonly number[] {
    this.copies ??= firstCopyIndexes(this.rules);
    return this.copies;
  }

  shadowing(): readonly (number[] | null)[] {
    this.shadows ??= shadowingOfAll(this.rules, this.reachability());
    return this.shadows;
  }

  reachability(): ReachabilityFacts {
    this.reach ??= new ReachabilityFacts(this.rules);
    return this.reach;
  }

  validation(): readonly ValidationIssue[] {
    this.issues ??= validateConfiguration(this.config);
    return this.issues;
  }
}

/** A rule's write and read methods in one pass over its methods. */
function methodsOfRule(rule: CorsRule): RuleMethods {
  const write: string[] = [];
  const read: string[] = [];
  for (const method of rule.allowedMethods) {
    if (isWriteMethod(method)) {
      if (!write.includes(method)) write.push(method);
    } else if (isReadMethod(method) && !read.includes(method)) read.push(method);
  }
  return { write, read };
}

/** At most one report per CORS rule, for the rules `report` answers for: the common shape of rule-level checks. */
export function reportRules<MessageId extends string>(
  context: RuleContext,
  report: (rule: CorsRule, ruleIndex: number) => RuleReport<MessageId> | null,
): RuleReport<MessageId>[] {
  const reports: RuleReport<MessageId>[] = [];
  const rules = context.rules;
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
    const found = report(rules[ruleIndex] as CorsRule, ruleIndex);
    if (found) reports.push(found);
  }
  return reports;
}

/** `a, b, c`: a few values joined for a message (join costs more than concatenating a short list). */
export function commaList(values: readonly string[]): string {
  let text = values[0] ?? '';
  for (let at = 1; at < values.length; at += 1) text += `, ${values[at] as string}`;
  return text;
}

/** The methods facts of one rule (see RuleContext.methodsByRule). */
export function methodsOf(context: RuleContext, ruleIndex: number): RuleMethods {
  return context.methodsByRule()[ruleIndex] ?? NO_METHODS;
}

const NO_METHODS: RuleMethods = { write: [], read: [] };

const NO_REPORTS: RuleReport[] = [];

/**
 * The check of an origin rule: one report per (rule, distinct origin) whose pattern `select` answers with message
 * data (and, when given, whose CORS rule `refine` accepts). `select` must depend on the pattern's facts only: it is
 * asked once per pattern and remembered with them. The engine copies reports into findings, so the shared empty
 * answer is never mutated.
 */
export function originCheck<MessageId extends string>(
  messageId: MessageId,
  select: (facts: OriginFacts) => OriginData | null,
  refine?: (context: RuleContext, ruleIndex: number) => OriginData | null,
): (context: RuleContext) => RuleReport<MessageId>[] {
  const slot = ORIGIN_CHECKS.length;
  ORIGIN_CHECKS.push({ messageId, select, refine });
  // Facts remembered before this check existed lack its answer.
  factsMemo.clear();
  return (context) => context.originReports(slot) as RuleReport<MessageId>[];
}

export const REFERENCES = {
  corsGuide: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html',
  corsElements: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html',
  putBucketCors: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html',
  corsRule: 'https://docs.aws.amazon.com/AmazonS3/latest/API/API_CORSRule.html',
  troubleshooting: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors-troubleshooting.html',
  cwe942: 'https://cwe.mitre.org/data/definitions/942.html',
  cwe319: 'https://cwe.mitre.org/data/definitions/319.html',
  cwe200: 'https://cwe.mitre.org/data/definitions/200.html',
  owaspCors: 'https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/11-Client-side_Testing/07-Testing_Cross_Origin_Resource_Sharing',
  portswigger: 'https://portswigger.net/web-security/cors',
  fetchStandard: 'https://fetch.spec.whatwg.org/#http-cors-protocol',
  maxAgeMdn: 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Access-Control-Max-Age',
  mpuEtag: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html',
  objectLock: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html',
  acl: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html',
} as const;

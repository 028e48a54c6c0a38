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
}

/** Pure answers about a pattern, shared across assessments: a nightly scan sees the same origins in many buckets. */
const factsMemo = new Map<string, OriginFacts>();
const FACTS_MEMO_ENTRIES = 10_000;
const FACTS_MEMO_MAX_PATTERN = 512;

export function originFactsOf(pattern: string): OriginFacts {
  const known = factsMemo.get(pattern);
  if (known) return known;
  const facts = computeOriginFacts(pattern);
  if (factsMemo.size >= FACTS_MEMO_ENTRIES) factsMemo.clear();
  if (pattern.length <= FACTS_MEMO_MAX_PATTERN) factsMemo.set(pattern, facts);
  return facts;
}

function computeOriginFacts(pattern: string): OriginFacts {
  const shape = describeOriginPattern(pattern);
  const host = sampleHost(pattern, shape);
  // Searched once and handed to every question that needs it (long patterns are not memoised by the search).
  const foreignOrigins = foreignOriginsAdmitted(pattern, shape);
  return {
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
  };
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
    this.byRule ??= this.rules.map((rule) => unique(rule.allowedOrigins).map((pattern) => this.origin(pattern)));
    return this.byRule;
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

/** The methods facts of one rule (see RuleContext.methodsByRule). */
export function methodsOf(context: RuleContext, ruleIndex: number): RuleMethods {
  return context.methodsByRule()[ruleIndex] ?? NO_METHODS;
}

const NO_METHODS: RuleMethods = { write: [], read: [] };

/** One report per (rule, origin) for the origins a predicate selects: the common shape of origin rules. */
export function reportOrigins<MessageId extends string>(
  context: RuleContext,
  messageId: MessageId,
  select: (facts: OriginFacts, rule: CorsRule, ruleIndex: number) => Record<string, string | number> | null,
): RuleReport<MessageId>[] {
  const reports: RuleReport<MessageId>[] = [];
  const byRule = context.originsByRule();
  const rules = context.rules;
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
    const rule = rules[ruleIndex] as CorsRule;
    for (const facts of byRule[ruleIndex] ?? []) {
      const data = select(facts, rule, ruleIndex);
      if (data) reports.push({ ruleIndex, messageId, data: { ruleNumber: ruleIndex + 1, origin: facts.pattern, ...data }, evidence: { origin: facts.pattern, ...data } });
    }
  }
  return reports;
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

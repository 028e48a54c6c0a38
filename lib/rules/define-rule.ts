// How a rule is declared: metadata beside one pure check (eslint's meta + create, Prowler's metadata file).
import {
  admitsAnySite,
  bypassKind,
  firstCopyIndexes,
  isSubdomainWildcard,
  reachabilityTooCostly,
  shadowingRules,
  describeOriginPattern,
  developmentOriginReason,
  foreignOriginsAdmitted,
  neverMatchingReason,
  sampleHost,
  type OriginPatternShape,
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
  return {
    pattern,
    shape,
    anySite: admitsAnySite(pattern, shape),
    foreignOrigins: foreignOriginsAdmitted(pattern, shape),
    neverMatching: neverMatchingReason(pattern, shape),
    development: developmentOriginReason(pattern, shape),
    sampleHost: host,
    bypass: bypassKind(pattern, shape),
    subdomainWildcard: isSubdomainWildcard(pattern, shape),
    hostingPlatform: host === null ? null : hostingPlatformOf(host),
  };
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
  const facts = new Map<string, OriginFacts>();
  let issues: ValidationIssue[] | undefined;
  let byRule: OriginFacts[][] | undefined;
  let shadows: (number[] | null)[] | undefined;
  let copies: number[] | undefined;
  const origin = (pattern: string): OriginFacts => {
    let known = facts.get(pattern);
    if (!known) {
      known = originFactsOf(pattern);
      facts.set(pattern, known);
    }
    return known;
  };
  return {
    config,
    rules: config.rules,
    origin,
    originsByRule() {
      byRule ??= config.rules.map((rule) => [...new Set(rule.allowedOrigins)].map(origin));
      return byRule;
    },
    firstCopies() {
      copies ??= firstCopyIndexes(config.rules);
      return copies;
    },
    shadowing() {
      shadows ??= reachabilityTooCostly(config.rules) ? config.rules.map(() => null) : config.rules.map((_rule, index) => shadowingRules(config.rules, index));
      return shadows;
    },
    validation() {
      issues ??= validateConfiguration(config);
      return issues;
    },
  };
}

/** One report per (rule, origin) for the origins a predicate selects: the common shape of origin rules. */
export function reportOrigins<MessageId extends string>(
  context: RuleContext,
  messageId: MessageId,
  select: (facts: OriginFacts, rule: CorsRule) => Record<string, string | number> | null,
): RuleReport<MessageId>[] {
  const reports: RuleReport<MessageId>[] = [];
  const byRule = context.originsByRule();
  context.rules.forEach((rule, ruleIndex) => {
    for (const facts of byRule[ruleIndex] ?? []) {
      const data = select(facts, rule);
      if (data) reports.push({ ruleIndex, messageId, data: { ruleNumber: ruleIndex + 1, origin: facts.pattern, ...data }, evidence: { origin: facts.pattern, ...data } });
    }
  });
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

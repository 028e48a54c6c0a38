// How a rule is declared: metadata beside one pure check (eslint's meta + create, Prowler's metadata file).
import {
  admitsAnySite,
  bypassKind,
  firstCopyIndexes,
  isSubdomainWildcard,
  unique,
  describeOriginPattern,
  developmentOriginReason,
  developmentHostReason,
  extensionAdmitted,
  foreignOriginsAdmitted,
  neverMatchingReason,
  sampleHost,
  type OriginPatternShape,
  ReachabilityFacts,
} from '../cors/analysis';
import type { CorsConfiguration, CorsRule, S3CorsRule } from '../cors/types';
import { PUT_BUCKET_CORS_METHODS, s3MethodBit, validateConfiguration, type ValidationIssue } from '../cors/validate';
import { hostingPlatformAdmitted, sharedHostingOrigin, type HostingPlatform } from './data/public-hosting-platforms';
import type { EvidenceValue, RuleCategory, Severity } from '../engine/types';

/**
 * Which access a rule's risk widens; the scorer adjusts severity from the bucket's exposure with it
 * (docs/scoring.md): `read` findings matter less on a bucket that is public anyway, `write` ones more.
 */
export type ExposureKind = 'read' | 'write' | 'none';

/**
 * Everything known about one AllowedOrigin pattern, computed once per assessment and shared by rules. For a pattern no
 * browser origin matches (`neverMatching`), only that is known: the other facts answer as for a harmless pattern.
 */
export interface OriginFacts {
  pattern: string;
  shape: OriginPatternShape;
  anySite: boolean;
  foreignOrigins: string[];
  /** An extension origin of anyone's that the pattern admits (`chrome-extension://*`), or null. */
  anyExtension: string | null;
  neverMatching: string | null;
  development: string | null;
  sampleHost: string | null;
  bypass: 'suffix' | 'prefix' | null;
  subdomainWildcard: boolean;
  /**
   * The public hosting platform on which the pattern admits anyone's site: a wildcard spanning the label tenants name
   * (`*.github.io`, `myorg-*.github.io`), or the origin every tenant shares (`https://s3.amazonaws.com`); else null.
   */
  hostingPlatform: HostingPlatform | null;
}

/** Message data an origin check gives for a pattern it selects. */
export type OriginData = Record<string, string | number>;

/** A message an origin check chooses for a pattern it selects, with its data. */
export interface OriginMessage<MessageId extends string = string> {
  messageId: MessageId;
  data: OriginData;
}

interface OriginSelection {
  /** The check's slot in ORIGIN_CHECKS. */
  slot: number;
  messageId: string;
  /**
   * `{ origin, ...data }`: the message data and the evidence of every report of this pattern whose check refines
   * nothing (frozen, shared; the engine fills `{{ruleNumber}}` from the report's rule).
   */
  data: Readonly<OriginData>;
}

/**
 * Origin checks ask a question about one AllowedOrigin pattern, whatever the rule or bucket. They are registered
 * here and answered together: once per pattern (memoised with its facts), then in one pass over a configuration's
 * origins that builds every origin check's reports, so a check that selects nothing costs nothing.
 */
interface OriginCheck {
  select: (facts: OriginFacts) => OriginMessage | null;
  /** A further condition on the CORS rule holding the pattern (e.g. it allows writes), adding message data. */
  refine: ((context: RuleContext, ruleIndex: number) => OriginData | null) | undefined;
  /**
   * Asked about patterns no browser origin matches, and only about them. Every other check is asked only about patterns
   * that can match: a risk of one that never matches (`https://*.Github.io`, `https://*:443`) is no risk.
   */
  aboutNeverMatching: boolean;
}

const ORIGIN_CHECKS: OriginCheck[] = [];

/**
 * What the origin checks answer for a pattern, shared across assessments: a nightly scan sees the same origins in
 * many buckets. Only the answers are kept (most patterns share the one empty list), not the facts they came from.
 */
const selectionsMemo = new Map<string, readonly OriginSelection[]>();
const MEMO_ENTRIES = 10_000;
const MEMO_MAX_PATTERN = 512;
// Not frozen: V8 walks a frozen array on a slow path (an iterator object per for-of). Typed readonly instead.
const NO_SELECTIONS: readonly OriginSelection[] = [];

/**
 * Patterns seen once, not yet remembered: most origins are one bucket's own and never come back, and remembering
 * their answers (kept until the memo fills) costs more collector work than answering them again.
 */
const seenOnce = new Set<string>();

function originSelectionsOf(pattern: string): readonly OriginSelection[] {
  const known = selectionsMemo.get(pattern);
  if (known) return known;
  const selections = selectionsOf(computeOriginFacts(pattern));
  if (pattern.length > MEMO_MAX_PATTERN) return selections;
  if (!seenOnce.has(pattern)) {
    if (seenOnce.size >= MEMO_ENTRIES) seenOnce.clear();
    seenOnce.add(pattern);
    return selections;
  }
  if (selectionsMemo.size >= MEMO_ENTRIES) selectionsMemo.clear();
  selectionsMemo.set(pattern, selections);
  return selections;
}

function selectionsOf(facts: OriginFacts): readonly OriginSelection[] {
  let selections: OriginSelection[] | undefined;
  const neverMatches = facts.neverMatching !== null;
  for (let slot = 0; slot < ORIGIN_CHECKS.length; slot += 1) {
    const check = ORIGIN_CHECKS[slot] as OriginCheck;
    if (check.aboutNeverMatching !== neverMatches) continue;
    const chosen = check.select(facts);
    if (chosen) (selections ??= []).push({ slot, messageId: chosen.messageId, data: Object.freeze({ origin: facts.pattern, ...chosen.data }) });
  }
  return selections ?? NO_SELECTIONS;
}

function computeOriginFacts(pattern: string): OriginFacts {
  const shape = describeOriginPattern(pattern);
  const neverMatching = neverMatchingReason(pattern, shape);
  // No question but this one is asked about a pattern that never matches (see OriginCheck.aboutNeverMatching).
  if (neverMatching !== null) return { ...HARMLESS_FACTS, pattern, shape, neverMatching, sampleHost: sampleHost(pattern, shape) };
  if (shape.kind === 'exact') {
    // Most patterns: an exact origin admits itself only, so no wildcard question applies (any site, foreign origins,
    // bypass, subdomains). One that can match has a scheme and no uppercase letter (neverMatchingReason), so its host
    // is its sample host as written.
    const host = shape.host;
    return {
      pattern,
      shape,
      anySite: false,
      foreignOrigins: [],
      anyExtension: null,
      neverMatching,
      development: developmentHostReason(host),
      sampleHost: host,
      bypass: null,
      subdomainWildcard: false,
      hostingPlatform: sharedHostingOrigin(host),
    };
  }
  // Searched once and handed to every question that needs it (long patterns are not memoised by the search).
  const foreignOrigins = foreignOriginsAdmitted(pattern, shape);
  const facts: OriginFacts = {
    pattern,
    shape,
    anySite: admitsAnySite(pattern, shape, foreignOrigins),
    foreignOrigins,
    anyExtension: extensionAdmitted(shape),
    neverMatching,
    development: developmentOriginReason(pattern, shape),
    sampleHost: sampleHost(pattern, shape),
    bypass: bypassKind(pattern, shape, foreignOrigins),
    subdomainWildcard: isSubdomainWildcard(pattern, shape, foreignOrigins),
    hostingPlatform: hostingPlatformOfPattern(shape),
  };
  return facts;
}

/** The facts of a pattern no question applies to, but the one its own fields answer. */
const HARMLESS_FACTS: Omit<OriginFacts, 'pattern' | 'shape' | 'neverMatching' | 'sampleHost'> = Object.freeze({
  anySite: false,
  foreignOrigins: [],
  anyExtension: null,
  development: null,
  bypass: null,
  subdomainWildcard: false,
  hostingPlatform: null,
});

/**
 * The platform on which a pattern that can match admits anyone's site (OriginFacts.hostingPlatform). The host is in
 * lowercase: neverMatchingReason answered for any with uppercase.
 */
function hostingPlatformOfPattern(shape: OriginPatternShape): HostingPlatform | null {
  if (shape.kind === 'exact') return sharedHostingOrigin(shape.host);
  if (shape.kind !== 'wildcard') return null;
  switch (shape.position) {
    case 'host-start':
    case 'host-middle':
    case 'scheme-and-host':
      return hostingPlatformAdmitted(shape.hostPrefix, shape.hostSuffix);
    // `*://s3.amazonaws.com` still names the one host.
    case 'scheme':
      return sharedHostingOrigin(shape.hostSuffix);
    // A `*` ending the host admits other domains first (S3CORS-ORIGIN-PREFIX-BYPASS); one in the port or path no platform.
    default:
      return null;
  }
}

/**
 * A CORS rule's methods as the checks ask about them: interned per method sequence (a handful of sets cover every
 * rule) and read-only, so checks hand the lists out as evidence and the texts into messages without copying.
 */
export interface RuleMethods {
  /** Distinct PUT, POST, DELETE, in the order written. */
  readonly write: readonly string[];
  /** Distinct GET, HEAD, in the order written. */
  readonly read: readonly string[];
  /** The write methods that upload (PUT, POST), in the order written. */
  readonly uploads: readonly string[];
  /** `write` and `read` as messages list them (`PUT, POST`). */
  readonly writeText: string;
  readonly readText: string;
}

export interface RuleContext {
  readonly config: CorsConfiguration;
  readonly rules: readonly CorsRule[];
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
  /** Values for the message's {{placeholders}}; `{{ruleNumber}}` is ruleIndex + 1 unless given here. */
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
  /** Answers for patterns too long for the shared memo, kept for this assessment only. */
  private longPatterns: Map<string, readonly OriginSelection[]> | undefined;
  private reportsBySlot: RuleReport[][] | undefined;
  private anyOrigin: boolean | undefined;
  private methods: RuleMethods[] | undefined;
  private copies: number[] | undefined;
  private reach: ReachabilityFacts | undefined;
  private issues: ValidationIssue[] | undefined;

  constructor(readonly config: CorsConfiguration) {
    this.rules = config.rules;
  }

  private selectionsOf(pattern: string): readonly OriginSelection[] {
    if (pattern.length <= MEMO_MAX_PATTERN) return originSelectionsOf(pattern);
    this.longPatterns ??= new Map();
    let known = this.longPatterns.get(pattern);
    if (!known) {
      known = originSelectionsOf(pattern);
      this.longPatterns.set(pattern, known);
    }
    return known;
  }

  someRuleAllowsAnyOrigin(): boolean {
    this.anyOrigin ??= this.rules.some((rule) => rule.allowedOrigins.includes('*'));
    return this.anyOrigin;
  }

  originReports(slot: number): RuleReport[] {
    this.reportsBySlot ??= this.buildOriginReports();
    return this.reportsBySlot[slot] ?? NO_REPORTS;
  }

  /** Every origin check's reports in one pass over the origins: in rule order, then origin order, per check. */
  private buildOriginReports(): RuleReport[][] {
    // Sized up front: indexing past the end of an empty list reserves 16 entries more than the index.
    const bySlot = new Array<RuleReport[]>(ORIGIN_CHECKS.length);
    const rules = this.rules;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const patterns = unique((rules[ruleIndex] as CorsRule).allowedOrigins);
      // Indexed loops: for-of here kept an iterator object per list in the optimised code.
      for (let at = 0; at < patterns.length; at += 1) {
        const selections = this.selectionsOf(patterns[at] as string);
        for (let chosen = 0; chosen < selections.length; chosen += 1) {
          const selection = selections[chosen] as OriginSelection;
          const slot = selection.slot;
          const check = ORIGIN_CHECKS[slot] as OriginCheck;
          let data = selection.data;
          if (check.refine) {
            const extra = check.refine(this, ruleIndex);
            if (!extra) continue;
            data = { ...data, ...extra };
          }
          const report: RuleReport = { ruleIndex, messageId: selection.messageId, data, evidence: data };
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
    // Answered by the facts, in the same pass as their misorderings() (no predicate passed between modules).
    return this.reachability().shadowing();
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

const WRITE_BITS = 2 | 4 | 8;
const UPLOAD_BITS = 2 | 4;

/**
 * Interned RuleMethods by the sequence of distinct S3 methods written (base-6 digits, each 1 + the method's index in
 * PUT_BUCKET_CORS_METHODS, which is its s3MethodBit's).
 */
const methodsBySequence: RuleMethods[] = [];

/** A rule's method facts: one pass over its methods, then the interned answer (nothing allocated once seen). */
function methodsOfRule(rule: CorsRule): RuleMethods {
  let seen = 0;
  let sequence = 0;
  for (const method of rule.allowedMethods) {
    const bit = s3MethodBit(method);
    if (bit === 0 || (seen & bit) !== 0) continue;
    seen |= bit;
    sequence = sequence * 6 + 32 - Math.clz32(bit);
  }
  return (methodsBySequence[sequence] ??= internMethods(sequence));
}

function internMethods(sequence: number): RuleMethods {
  const ordered: string[] = [];
  const bits: number[] = [];
  for (let rest = sequence; rest > 0; rest = Math.floor(rest / 6)) {
    const index = (rest % 6) - 1;
    ordered.unshift(PUT_BUCKET_CORS_METHODS[index] as string);
    bits.unshift(1 << index);
  }
  // The lists are typed readonly, not frozen: V8 walks a frozen array on a slow path.
  const having = (mask: number): readonly string[] => ordered.filter((_, at) => ((bits[at] as number) & mask) !== 0);
  const write = having(WRITE_BITS);
  const read = having(~WRITE_BITS);
  const uploads = having(UPLOAD_BITS);
  return Object.freeze({ write, read, uploads, writeText: commaList(write), readText: commaList(read) });
}

/** At most one report per CORS rule, for the rules `report` answers for: the common shape of rule-level checks. */
export function reportRules<MessageId extends string>(
  context: RuleContext,
  report: (rule: CorsRule, ruleIndex: number) => RuleReport<MessageId> | null,
): RuleReport<MessageId>[] {
  let reports: RuleReport<MessageId>[] | undefined;
  const rules = context.rules;
  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
    const found = report(rules[ruleIndex] as CorsRule, ruleIndex);
    if (found) reports = withReport(reports, found);
  }
  return reports ?? [];
}

/**
 * A check's reports with one more. The first makes a one-entry list: a list grown from empty reserves room for 17
 * entries, and most checks report once or not at all (end with `reports ?? []`).
 */
export function withReport<MessageId extends string>(reports: RuleReport<MessageId>[] | undefined, report: RuleReport<MessageId>): RuleReport<MessageId>[] {
  if (reports === undefined) return [report];
  reports.push(report);
  return reports;
}

/** `a, b, c`: a few values joined for a message. */
export function commaList(values: readonly string[]): string {
  return joinedFew(values, ', ');
}

/** values.join(separator) for a few values (join costs more than concatenating a short list). */
export function joinedFew(values: readonly string[], separator: string): string {
  let text = values[0] ?? '';
  for (let at = 1; at < values.length; at += 1) text += separator + (values[at] as string);
  return text;
}

/** The methods facts of one rule (see RuleContext.methodsByRule). */
export function methodsOf(context: RuleContext, ruleIndex: number): RuleMethods {
  return context.methodsByRule()[ruleIndex] ?? NO_METHODS;
}

const NO_METHODS: RuleMethods = internMethods(0);

const NO_REPORTS: RuleReport[] = [];

/** Message data or evidence with nothing to add (`{{ruleNumber}}` comes from the report): one frozen object for all. */
export const NOTHING: Readonly<Record<string, never>> = Object.freeze({});

/**
 * The check of an origin rule: one report per (rule, distinct origin) whose pattern `select` answers with message
 * data (and, when given, whose CORS rule `refine` accepts). `select` must depend on the pattern's facts only: it is
 * asked once per pattern and remembered with them, and only about patterns some browser origin can match (see
 * neverMatchingOriginCheck). The engine copies reports into findings, so the shared empty answer is never mutated.
 */
export function originCheck<MessageId extends string>(
  messageId: MessageId,
  select: (facts: OriginFacts) => OriginData | null,
  refine?: (context: RuleContext, ruleIndex: number) => OriginData | null,
): (context: RuleContext) => RuleReport<MessageId>[] {
  return registerOriginCheck(withMessage(messageId, select), refine, false);
}

/** originCheck for a rule with several messages: `select` answers with the message to give and its data. */
export function originMessagesCheck<MessageId extends string>(
  select: (facts: OriginFacts) => OriginMessage<MessageId> | null,
  refine?: (context: RuleContext, ruleIndex: number) => OriginData | null,
): (context: RuleContext) => RuleReport<MessageId>[] {
  return registerOriginCheck(select, refine, false);
}

/** originCheck asked only about patterns no browser origin matches (facts.neverMatching is set), as no other is. */
export function neverMatchingOriginCheck<MessageId extends string>(
  messageId: MessageId,
  select: (facts: OriginFacts) => OriginData | null,
): (context: RuleContext) => RuleReport<MessageId>[] {
  return registerOriginCheck(withMessage(messageId, select), undefined, true);
}

function withMessage<MessageId extends string>(messageId: MessageId, select: (facts: OriginFacts) => OriginData | null): (facts: OriginFacts) => OriginMessage<MessageId> | null {
  return (facts) => {
    const data = select(facts);
    return data ? { messageId, data } : null;
  };
}

function registerOriginCheck<MessageId extends string>(
  select: (facts: OriginFacts) => OriginMessage<MessageId> | null,
  refine: ((context: RuleContext, ruleIndex: number) => OriginData | null) | undefined,
  aboutNeverMatching: boolean,
): (context: RuleContext) => RuleReport<MessageId>[] {
  const slot = ORIGIN_CHECKS.length;
  ORIGIN_CHECKS.push({ select, refine, aboutNeverMatching });
  // Answers remembered before this check existed lack its own.
  selectionsMemo.clear();
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

// The questions rules ask about origins and rules (does this pattern admit an attacker's site? is rule 2
// reachable after rules 0 and 1?), answered with the matcher's own semantics (spec §3) so evidence is real.
import { headerMatches, originMatches, splitWildcard } from './match';
import type { CorsRule } from './types';

export type WildcardPosition = 'scheme' | 'scheme-and-host' | 'host-start' | 'host-middle' | 'host-end' | 'port' | 'path';

export type OriginPatternShape =
  | { kind: 'any' }
  | { kind: 'null-origin' }
  | { kind: 'malformed'; reason: string }
  | { kind: 'exact'; scheme: string | null; host: string; port: string | null }
  | {
      kind: 'wildcard';
      position: WildcardPosition;
      scheme: string | null;
      /** Literal host text before and after the `*` (only for host positions). */
      hostPrefix: string;
      hostSuffix: string;
      port: string | null;
    };

const SCHEME_SEPARATOR = '://';
const WRITE_METHODS: ReadonlySet<string> = new Set(['PUT', 'POST', 'DELETE']);
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);
export const S3_METHODS: readonly string[] = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

// Module-level patterns: compiled once, never in a hot path.
const WHITESPACE = /\s/;
const UPPERCASE = /[A-Z]/;
const NON_ASCII = /[^\x20-\x7e]/;
const PORT_DIGITS = /^\d{1,5}$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const OCTET = /^\d{1,3}$/;

/** Splits `host[:port]` (IPv6 in brackets) into host and port. */
function splitHostPort(authority: string): { host: string; port: string | null } {
  if (authority.startsWith('[')) {
    const close = authority.indexOf(']');
    if (close >= 0) {
      const rest = authority.slice(close + 1);
      return { host: authority.slice(0, close + 1), port: rest.startsWith(':') ? rest.slice(1) : null };
    }
  }
  const colon = authority.lastIndexOf(':');
  return colon < 0 ? { host: authority, port: null } : { host: authority.slice(0, colon), port: authority.slice(colon + 1) };
}

/** What an AllowedOrigin pattern is, by where its `*` sits (S3 allows one, spec §1). */
export function describeOriginPattern(pattern: string): OriginPatternShape {
  if (pattern === '*') return { kind: 'any' };
  if (pattern === 'null') return { kind: 'null-origin' };
  const parts = splitWildcard(pattern);
  if (parts && parts.suffix.includes('*')) return { kind: 'malformed', reason: 'more than one wildcard' };
  if (!parts) {
    const sep = pattern.indexOf(SCHEME_SEPARATOR);
    const authority = sep < 0 ? pattern : pattern.slice(sep + SCHEME_SEPARATOR.length);
    const { host, port } = splitHostPort(authority);
    return { kind: 'exact', scheme: sep < 0 ? null : pattern.slice(0, sep), host, port };
  }
  const { prefix, suffix } = parts;
  const sep = prefix.indexOf(SCHEME_SEPARATOR);
  if (sep < 0) {
    const position: WildcardPosition = suffix.includes(SCHEME_SEPARATOR) ? 'scheme' : 'scheme-and-host';
    const afterScheme = position === 'scheme' ? suffix.slice(suffix.indexOf(SCHEME_SEPARATOR) + 3) : suffix;
    const { host, port } = splitHostPort(afterScheme);
    return { kind: 'wildcard', position, scheme: null, hostPrefix: '', hostSuffix: host, port };
  }
  const scheme = prefix.slice(0, sep);
  const hostPrefix = prefix.slice(sep + SCHEME_SEPARATOR.length);
  if (hostPrefix.includes('/')) return { kind: 'wildcard', position: 'path', scheme, hostPrefix, hostSuffix: '', port: null };
  if (hostPrefix.includes(':') && !hostPrefix.startsWith('[')) {
    return { kind: 'wildcard', position: 'port', scheme, hostPrefix: hostPrefix.slice(0, hostPrefix.indexOf(':')), hostSuffix: '', port: '*' };
  }
  const { host: hostSuffix, port } = splitHostPort(suffix);
  const position: WildcardPosition = hostPrefix === '' ? 'host-start' : hostSuffix === '' ? 'host-end' : 'host-middle';
  return { kind: 'wildcard', position, scheme, hostPrefix, hostSuffix, port };
}

/** Is this a syntactically valid serialised browser origin (scheme://host[:port], lowercase, no path)? */
export function isBrowserOrigin(origin: string): boolean {
  if (origin === 'null') return true;
  const sep = origin.indexOf(SCHEME_SEPARATOR);
  if (sep <= 0 || !SCHEME.test(origin.slice(0, sep))) return false;
  const { host, port } = splitHostPort(origin.slice(sep + SCHEME_SEPARATOR.length));
  if (port !== null && !PORT_DIGITS.test(port)) return false;
  if (host.startsWith('[')) return host.endsWith(']') && host.length > 2 && !UPPERCASE.test(host);
  return host.length > 0 && host.length <= 253 && host.split('.').every((label) => DNS_LABEL.test(label));
}

// Two-label public suffixes common enough to matter (co.uk, com.au...): a full list is not needed to
// tell "the attacker picks the registrable name" from "the name is the owner's".
const SECOND_LEVEL_SUFFIX_LABELS: ReadonlySet<string> = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go']);

/** The registrable domain (eTLD+1, approximated) of a DNS host, or null for IPs and single labels. */
export function registrableDomain(host: string): string | null {
  if (host.startsWith('[') || IPV4.test(host)) return null;
  const labels = host.split('.');
  if (labels.length < 2) return null;
  const tld = labels[labels.length - 1] ?? '';
  const second = labels[labels.length - 2] ?? '';
  const suffixLabels = tld.length === 2 && SECOND_LEVEL_SUFFIX_LABELS.has(second) ? 2 : 1;
  if (labels.length <= suffixLabels) return null;
  return labels.slice(-(suffixLabels + 1)).join('.');
}

/** Is `text` (e.g. `.com`, `co.uk`) nothing but a public suffix, so it names no owner? */
function isOnlyPublicSuffix(text: string): boolean {
  const trimmed = text.startsWith('.') ? text.slice(1) : text;
  if (trimmed === '') return true;
  return registrableDomain(`x.${trimmed}`) === `x.${trimmed}`;
}

function hostOfOrigin(origin: string): string | null {
  const sep = origin.indexOf(SCHEME_SEPARATOR);
  if (sep < 0) return null;
  return splitHostPort(origin.slice(sep + SCHEME_SEPARATOR.length)).host;
}

const ATTACKER_TOKEN = 'evil';
// Text an attacker could put where the `*` is; each yields a candidate origin that is then checked.
const ATTACKER_FILLS: readonly string[] = [
  ATTACKER_TOKEN,
  `.${ATTACKER_TOKEN}.net`,
  `${ATTACKER_TOKEN}.net`,
  `com.${ATTACKER_TOKEN}.net`,
  `https://${ATTACKER_TOKEN}`,
  `https://${ATTACKER_TOKEN}.net`,
  `s://${ATTACKER_TOKEN}.net`,
  `://${ATTACKER_TOKEN}.net`,
];

/**
 * Concrete attacker-registrable origins this pattern admits outside the domain it appears to name
 * (`https://*example.com` → `https://evilexample.com`). Every one is checked with originMatches.
 */
export function foreignOriginsAdmitted(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): string[] {
  if (shape.kind === 'any') return [`https://${ATTACKER_TOKEN}.net`];
  if (shape.kind !== 'wildcard') return [];
  const known = foreignMemo.get(pattern);
  if (known) return [...known];
  const found = searchForeignOrigins(pattern);
  // Several questions (any site? bypass? subdomain?) need this answer for the same pattern: keep a bounded memo.
  if (foreignMemo.size >= FOREIGN_MEMO_ENTRIES) foreignMemo.clear();
  if (pattern.length <= FOREIGN_MEMO_MAX_PATTERN) foreignMemo.set(pattern, found);
  return [...found];
}

const FOREIGN_MEMO_ENTRIES = 4096;
const FOREIGN_MEMO_MAX_PATTERN = 512;
const foreignMemo = new Map<string, readonly string[]>();

function searchForeignOrigins(pattern: string): string[] {
  const parts = splitWildcard(pattern);
  if (!parts) return [];
  const found: string[] = [];
  for (const fill of ATTACKER_FILLS) {
    const origin = `${parts.prefix}${fill}${parts.suffix}`;
    if (found.includes(origin) || !isBrowserOrigin(origin) || !originMatches(pattern, origin)) continue;
    const host = hostOfOrigin(origin) ?? '';
    const domain = registrableDomain(host);
    // The attacker's text must land in a registrable label, not in a top-level domain nobody can register.
    const tld = host.slice(host.lastIndexOf('.') + 1);
    if (domain !== null && domain.includes(ATTACKER_TOKEN) && !tld.includes(ATTACKER_TOKEN)) found.push(origin);
  }
  return found;
}

/** Does the pattern admit an attacker's origin under a domain name of the attacker's choosing (`*`, `https://*`, `*.com`)? */
export function admitsAnySite(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): boolean {
  if (shape.kind === 'any') return true;
  if (shape.kind !== 'wildcard') return false;
  if (shape.position !== 'host-start' && shape.position !== 'scheme-and-host') return false;
  return isOnlyPublicSuffix(shape.hostSuffix) && foreignOriginsAdmitted(pattern, shape).length > 0;
}

/** A wildcard inside the host under the owner's domain (`https://*.example.com`, `https://app-*.example.com`): many subdomains match. */
export function isSubdomainWildcard(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): boolean {
  if (shape.kind !== 'wildcard' || !(shape.position === 'host-start' || shape.position === 'host-middle' || shape.position === 'scheme-and-host')) return false;
  // The literal host text after the `*` must pin a registrable domain (`.example.com`, `-app.example.com`).
  const dot = shape.hostSuffix.indexOf('.');
  return dot >= 0 && !isOnlyPublicSuffix(shape.hostSuffix.slice(dot)) && foreignOriginsAdmitted(pattern, shape).length === 0;
}

/** Where a wildcard could put an attacker's text in the registrable name: before the owner's text (suffix bypass) or after it (prefix bypass). */
export function bypassKind(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): 'suffix' | 'prefix' | null {
  if (shape.kind !== 'wildcard' || admitsAnySite(pattern, shape) || foreignOriginsAdmitted(pattern, shape).length === 0) return null;
  return shape.position === 'host-start' || shape.position === 'scheme-and-host' || shape.position === 'scheme' ? 'suffix' : 'prefix';
}

/** Why a browser's Origin header (lowercase scheme and host, default port omitted, no path) can never equal this pattern; null when it can. */
export function neverMatchingReason(pattern: string, knownShape?: OriginPatternShape): string | null {
  if (pattern === '') return 'is empty';
  if (pattern === '*' || pattern === 'null') return null;
  if (WHITESPACE.test(pattern)) return 'contains whitespace';
  if (NON_ASCII.test(pattern)) return 'contains non-ASCII or control characters (browsers send hosts in punycode)';
  const parts = splitWildcard(pattern);
  const literal = parts ? `${parts.prefix}${parts.suffix}` : pattern;
  if (UPPERCASE.test(literal)) return 'has uppercase letters (browsers send the scheme and host in lowercase)';
  const shape = knownShape ?? describeOriginPattern(pattern);
  const hasScheme = pattern.includes(SCHEME_SEPARATOR);
  if (!hasScheme && !(parts && (parts.prefix === '' || 'https://'.startsWith(parts.prefix)))) {
    return 'has no scheme (browsers send https://host)';
  }
  if (shape.kind === 'wildcard' && shape.position === 'path') return 'has a path (browsers send no path)';
  if (hasScheme) {
    const rest = pattern.slice(pattern.indexOf(SCHEME_SEPARATOR) + SCHEME_SEPARATOR.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) return slash === rest.length - 1 ? 'ends with a slash (browsers send no trailing slash)' : 'has a path (browsers send no path)';
  }
  const scheme = shape.kind === 'exact' || shape.kind === 'wildcard' ? shape.scheme : null;
  const port = shape.kind === 'exact' || shape.kind === 'wildcard' ? shape.port : null;
  if ((scheme === 'https' && port === '443') || (scheme === 'http' && port === '80')) {
    return `names the default port :${port} (browsers omit it)`;
  }
  return null;
}

// ---------------------------------------------------------------- development and private origins

function ipv4Octets(host: string): number[] | null {
  const match = IPV4.exec(host);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

function privateIpv4Reason(octets: readonly number[]): string | null {
  const [a, b] = octets;
  if (a === 127) return 'loopback 127.0.0.0/8';
  if (a === 0) return 'unspecified 0.0.0.0';
  if (a === 10) return 'private 10.0.0.0/8';
  if (a === 172 && b !== undefined && b >= 16 && b <= 31) return 'private 172.16.0.0/12';
  if (a === 192 && b === 168) return 'private 192.168.0.0/16';
  return null;
}

/** Leading IPv4 octets fixed by a host text: all of them for an address, the complete ones before a `*`. */
function knownOctets(host: string, wildcardFollows: boolean): number[] | null {
  if (!wildcardFollows) return ipv4Octets(host);
  const labels = host.split('.').slice(0, -1);
  if (labels.length === 0 || labels.length > 3 || !labels.every((label) => OCTET.test(label))) return null;
  return labels.map(Number);
}

const DEV_NAME_SUFFIXES: readonly (readonly [string, string])[] = [
  ['localhost', 'localhost'],
  ['local', 'mDNS .local name'],
  ['internal', '.internal name'],
];

/** Why an origin pattern points at a developer machine or a private network, or null. */
export function developmentOriginReason(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): string | null {
  if (shape.kind !== 'exact' && shape.kind !== 'wildcard') return null;
  const endsHost = shape.kind === 'exact' ? shape.host : shape.hostSuffix;
  const lower = endsHost.toLowerCase();
  if (lower === '[::1]') return 'IPv6 loopback';
  for (const [name, reason] of DEV_NAME_SUFFIXES) {
    if (lower === name || lower.endsWith(`.${name}`)) return reason;
  }
  const octets = shape.kind === 'exact' ? knownOctets(lower, false) : shape.position === 'host-end' ? knownOctets(shape.hostPrefix, true) : null;
  return octets ? privateIpv4Reason(octets) : null;
}

/** The scheme an origin pattern pins (null when the `*` covers it or none is written). */
export function originScheme(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): string | null {
  return shape.kind === 'exact' || shape.kind === 'wildcard' ? shape.scheme : null;
}

/**
 * A host this pattern admits, for asking "whose site is this?": the exact host, or for a wildcard
 * at the start of the host the suffix with a sample label (`https://*.github.io` → `x.github.io`).
 */
export function sampleHost(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): string | null {
  if (shape.kind === 'exact') return shape.scheme === null ? null : shape.host.toLowerCase();
  if (shape.kind !== 'wildcard') return null;
  if (shape.position !== 'host-start' && shape.position !== 'scheme-and-host' && shape.position !== 'scheme') return null;
  const suffix = shape.hostSuffix.toLowerCase();
  return suffix.startsWith('.') ? `x${suffix}` : suffix === '' ? null : `x.${suffix}`;
}

// ---------------------------------------------------------------- methods and headers

export function isWriteMethod(method: string): boolean {
  return WRITE_METHODS.has(method);
}
export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method);
}
export function writeMethodsOf(rule: CorsRule): string[] {
  return unique(rule.allowedMethods.filter(isWriteMethod));
}
export function readMethodsOf(rule: CorsRule): string[] {
  return unique(rule.allowedMethods.filter(isReadMethod));
}

function unique(values: string[]): string[] {
  return values.length < 2 ? values : [...new Set(values)];
}

/** The given (lowercase) header names the rule admits, each with the pattern that admits it (patterns lowercased once). */
export function admittedHeaders(rule: CorsRule, headers: readonly string[]): { header: string; pattern: string }[] {
  if (rule.allowedHeaders.length === 0) return [];
  const lowered = rule.allowedHeaders.map((pattern) => pattern.toLowerCase());
  const found: { header: string; pattern: string }[] = [];
  for (const header of headers) {
    const at = lowered.findIndex((pattern) => originMatches(pattern, header));
    if (at >= 0) found.push({ header, pattern: rule.allowedHeaders[at] as string });
  }
  return found;
}

/** Values that appear more than once in a list, as written (exact duplicates), or case-folded when asked. */
export function duplicateValues(values: readonly string[], foldCase = false): string[] {
  if (values.length < 2) return [];
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const value of values) {
    const key = foldCase ? value.toLowerCase() : value;
    if (seen.has(key)) dupes.add(value);
    seen.add(key);
  }
  return [...dupes];
}

// ---------------------------------------------------------------- rule matching and reachability

export interface CorsRequestShape {
  origin: string;
  method: string;
  headers?: readonly string[];
}

/** Does this rule match the request? The same three conditions the simulator applies (spec §3, §8). */
export function ruleAdmits(rule: CorsRule, request: CorsRequestShape): boolean {
  // Method first: the cheapest of the three conditions (all three must hold, so the order changes no answer).
  if (!rule.allowedMethods.includes(request.method)) return false;
  if (!rule.allowedOrigins.some((pattern) => originMatches(pattern, request.origin))) return false;
  return (request.headers ?? []).every((header) => rule.allowedHeaders.some((pattern) => headerMatches(pattern, header)));
}

/** Index of the first rule that matches the request (first match wins, spec §3), or null. */
export function firstMatchingRule(rules: readonly CorsRule[], request: CorsRequestShape): number | null {
  const index = rules.findIndex((rule) => ruleAdmits(rule, request));
  return index < 0 ? null : index;
}

type Split = { prefix: string; suffix: string } | null;
const splitMemo = new Map<string, Split>();
const SPLIT_MEMO_ENTRIES = 10_000;

/** splitWildcard, remembered: reachability compares the same patterns thousands of times per configuration. */
function splitOnce(pattern: string): Split {
  let parts = splitMemo.get(pattern);
  if (parts === undefined) {
    parts = splitWildcard(pattern);
    if (splitMemo.size >= SPLIT_MEMO_ENTRIES) splitMemo.clear();
    // Long (hostile) patterns are not kept: the memo stays a few megabytes at most.
    if (pattern.length <= FOREIGN_MEMO_MAX_PATTERN) splitMemo.set(pattern, parts);
  }
  return parts;
}

/** Is every string `inner` admits also admitted by `outer`? Exact for one-`*` patterns. */
export function patternContains(outer: string, inner: string, foldCase = false): boolean {
  const o = foldCase ? outer.toLowerCase() : outer;
  const i = foldCase ? inner.toLowerCase() : inner;
  const outerParts = splitOnce(o);
  const innerParts = splitOnce(i);
  if (!outerParts) return innerParts === null && o === i;
  if (!innerParts) return i.length >= o.length - 1 && i.startsWith(outerParts.prefix) && i.endsWith(outerParts.suffix);
  // prefix·X·suffix ⊆ P·*·S for every X exactly when P is a prefix of prefix and S a suffix of suffix.
  return innerParts.prefix.startsWith(outerParts.prefix) && innerParts.suffix.endsWith(outerParts.suffix);
}

function admitsAnyRequest(rule: CorsRule): boolean {
  return rule.allowedOrigins.length > 0 && rule.allowedMethods.length > 0;
}

/** Does `earlier` match every request `later` matches for this origin pattern and method? */
function someContains(patterns: readonly string[], inner: string, foldCase = false): boolean {
  for (const pattern of patterns) if (patternContains(pattern, inner, foldCase)) return true;
  return false;
}

function coversChunk(earlier: CorsRule, later: CorsRule, origin: string, method: string): boolean {
  if (!earlier.allowedMethods.includes(method) || !someContains(earlier.allowedOrigins, origin)) return false;
  // Requests carry any subset of headers later admits; each must be admitted by earlier too.
  for (const header of later.allowedHeaders) if (!someContains(earlier.allowedHeaders, header, true)) return false;
  return true;
}

/** Pattern comparisons the pairwise reachability questions may cost before they give up (answering "reachable"). */
export const REACHABILITY_BUDGET = 2_000_000;

/**
 * Would comparing every rule's origins with every earlier rule's exceed the budget? A hostile lint file can
 * hold 100 000 origins; the analysis then reports nothing rather than run for hours (it only ever claims what it proves).
 */
export function reachabilityTooCostly(rules: readonly CorsRule[]): boolean {
  let earlierOrigins = 0;
  let comparisons = 0;
  for (const rule of rules) {
    comparisons += rule.allowedOrigins.length * Math.max(1, rule.allowedMethods.length) * earlierOrigins;
    if (comparisons > REACHABILITY_BUDGET) return true;
    earlierOrigins += rule.allowedOrigins.length;
  }
  return false;
}

/**
 * The earlier rules that together take every request rule `index` would match, or null when some
 * request still reaches it. Conservative: each (origin pattern × method) slice must be covered by
 * one earlier rule, so a reachable rule is never reported.
 */
export function shadowingRules(rules: readonly CorsRule[], index: number): number[] | null {
  const rule = rules[index];
  if (!rule || !admitsAnyRequest(rule)) return null;
  if (index === 0) return null;
  const by = new Set<number>();
  const methods = unique(rule.allowedMethods);
  for (const origin of rule.allowedOrigins) {
    for (const method of methods) {
      let coverer = -1;
      for (let earlier = 0; earlier < index && coverer < 0; earlier += 1) {
        if (coversChunk(rules[earlier] as CorsRule, rule, origin, method)) coverer = earlier;
      }
      if (coverer < 0) return null;
      by.add(coverer);
    }
  }
  return [...by].sort((a, b) => a - b);
}

export function isShadowed(rules: readonly CorsRule[], index: number): boolean {
  return shadowingRules(rules, index) !== null;
}

/** The first earlier rule that shadows rule `index` (the one to name in a message), or null. */
export function shadowingRule(rules: readonly CorsRule[], index: number): number | null {
  return shadowingRules(rules, index)?.[0] ?? null;
}

/** Concrete origins a pattern admits, for building witness requests. */
export function sampleOrigins(pattern: string): string[] {
  const parts = splitWildcard(pattern);
  if (!parts) return [pattern];
  return [`${parts.prefix}app${parts.suffix}`, `${parts.prefix}${parts.suffix}`];
}

export interface Misordering {
  /** The later, narrower rule whose requests are taken. */
  index: number;
  /** The earlier rule that answers them instead. */
  takenBy: number;
  origin: string;
  method: string;
  /** What the browser sees differently: credentials, expose-headers, max-age. */
  differences: string[];
}

function responseDifferences(taker: CorsRule, meant: CorsRule): string[] {
  const differences: string[] = [];
  const takerAny = taker.allowedOrigins.includes('*');
  if (takerAny !== meant.allowedOrigins.includes('*')) differences.push(takerAny ? 'credentials refused (Allow-Origin: *)' : 'credentials allowed');
  if (taker.exposeHeaders.join(',') !== meant.exposeHeaders.join(',')) differences.push('different Expose-Headers');
  if (taker.maxAgeSeconds !== meant.maxAgeSeconds) differences.push('different Max-Age');
  return differences;
}

/**
 * Rules that are reachable but lose some of their requests to an earlier, broader rule that answers
 * differently (a `*` GET rule before `https://app.example.com` GET,PUT: the app's GETs get `*` and no credentials).
 * Each report carries a witness request checked with firstMatchingRule.
 */
export function misorderedRules(rules: readonly CorsRule[], shadowed: (index: number) => boolean = (index) => isShadowed(rules, index)): Misordering[] {
  const found: Misordering[] = [];
  if (reachabilityTooCostly(rules)) return found;
  rules.forEach((rule, index) => {
    if (index === 0 || !admitsAnyRequest(rule) || shadowed(index)) return;
    const methods = unique(rule.allowedMethods);
    for (const pattern of rule.allowedOrigins) {
      // Only an earlier rule at least as broad as this pattern, answering differently, can take its requests
      // "by mistake": look for one before building witness requests.
      const broaderAndDifferent = (earlier: CorsRule) => someContains(earlier.allowedOrigins, pattern) && responseDifferences(earlier, rule).length > 0;
      let candidate = false;
      for (let earlier = 0; earlier < index && !candidate; earlier += 1) candidate = broaderAndDifferent(rules[earlier] as CorsRule);
      if (!candidate) continue;
      for (const origin of sampleOrigins(pattern)) {
        for (const method of methods) {
          const request = { origin, method };
          if (!ruleAdmits(rule, request)) continue;
          const taker = firstMatchingRule(rules, request);
          if (taker === null || taker >= index) continue;
          // Specific-before-broad is the intended order: only a taker at least as broad as this origin counts.
          const takerRule = rules[taker] as CorsRule;
          if (!broaderAndDifferent(takerRule)) continue;
          found.push({ index, takenBy: taker, origin, method, differences: responseDifferences(takerRule, rule) });
          return;
        }
      }
    }
  });
  return found;
}

function setKey(values: readonly string[], foldCase: boolean): string {
  return [...new Set(foldCase ? values.map((value) => value.toLowerCase()) : values)].sort().join('\n');
}

/** A key equal for two rules exactly when they allow and answer the same (order and repeats aside; header names case-insensitive). */
export function ruleContentKey(rule: CorsRule): string {
  return [setKey(rule.allowedOrigins, false), setKey(rule.allowedMethods, false), setKey(rule.allowedHeaders, true), rule.exposeHeaders.join('\n'), String(rule.maxAgeSeconds)].join('\u0000');
}

export function sameRuleContent(a: CorsRule, b: CorsRule): boolean {
  return ruleContentKey(a) === ruleContentKey(b);
}

/** For each rule, the index of the first rule with the same content (itself when it is the first). */
export function firstCopyIndexes(rules: readonly CorsRule[]): number[] {
  const identity = rules.map((_rule, index) => index);
  if (rules.length < 2) return identity;
  // A cheap signature first: full keys (sorting every list) only for rules that could be copies.
  const signature = (rule: CorsRule) => `${rule.allowedOrigins.length}|${rule.allowedMethods.length}|${rule.allowedHeaders.length}|${rule.exposeHeaders.length}|${rule.maxAgeSeconds}`;
  const signatures = rules.map(signature);
  if (new Set(signatures).size === rules.length) return identity;
  const firstByKey = new Map<string, number>();
  return rules.map((rule, index) => {
    const key = ruleContentKey(rule);
    const first = firstByKey.get(key);
    if (first !== undefined) return first;
    firstByKey.set(key, index);
    return index;
  });
}

// The questions rules ask about origins and rules (does this pattern admit an attacker's site? is rule 2
// reachable after rules 0 and 1?), answered with the matcher's own semantics (spec §3) so evidence is real.
import { answeredMaxAge, headerMatches, headerNeverMatches, originMatches, originMatchesAt, splitWildcard } from './match';
import { s3MethodBit } from './validate';
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

// Module-level patterns: compiled once, never in a hot path.
const WHITESPACE = /\s/;
const UPPERCASE = /[A-Z]/;
const NON_ASCII = /[^\x20-\x7e]/;
/** Anything but printable ASCII without space and uppercase: whitespace, control, non-ASCII or an uppercase letter. */
const UNUSUAL_CHARACTER = /[^\x21-\x40\x5b-\x7e]/;
const PORT_DIGITS = /^\d{1,5}$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const OCTET = /^\d{1,3}$/;
/**
 * Printable characters the URL standard forbids in an http(s) host ("forbidden domain code points" other than the
 * `:`, `/`, `[`, `]` the checks above read as port, path and IPv6): a page there cannot exist, so no browser sends it.
 */
const FORBIDDEN_HOST_CHARACTER = /[#%<>?@\\^|]/;

/** Splits `host[:port]` (IPv6 in brackets) into host and port, where hostEnd says the host ends. */
function splitHostPort(authority: string): { host: string; port: string | null } {
  const end = hostEnd(authority, 0);
  return { host: authority.slice(0, end), port: authority.charCodeAt(end) === 0x3a /* : */ ? authority.slice(end + 1) : null };
}

/** What an AllowedOrigin pattern is, by where its `*` sits (S3 allows one, spec §1). */
export function describeOriginPattern(pattern: string): OriginPatternShape {
  if (pattern === '*') return { kind: 'any' };
  if (pattern === 'null') return { kind: 'null-origin' };
  const star = pattern.indexOf('*');
  // Most patterns are exact origins: read in place, without the wildcard's split.
  if (star < 0) return exactShapeOf(pattern);
  if (pattern.indexOf('*', star + 1) >= 0) return { kind: 'malformed', reason: 'more than one wildcard' };
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
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
  if (hostPrefix.includes(':')) {
    // The host ends at the first colon, or for an IPv6 address at its `]` (`http://[::1]:*`).
    const hostLength = hostPrefix.startsWith('[') ? hostPrefix.indexOf(']:') + 1 || -1 : hostPrefix.indexOf(':');
    if (hostLength >= 0) return { kind: 'wildcard', position: 'port', scheme, hostPrefix: hostPrefix.slice(0, hostLength), hostSuffix: '', port: '*' };
  }
  const { host: hostSuffix, port } = splitHostPort(suffix);
  const position: WildcardPosition = hostPrefix === '' ? 'host-start' : hostSuffix === '' ? 'host-end' : 'host-middle';
  return { kind: 'wildcard', position, scheme, hostPrefix, hostSuffix, port };
}

/** `pattern.slice(0, sep)`, without a new string for the two schemes nearly every origin has. */
function schemeText(pattern: string, sep: number): string {
  if (sep === 5 && pattern.startsWith('https')) return 'https';
  if (sep === 4 && pattern.startsWith('http')) return 'http';
  return pattern.slice(0, sep);
}

/** The shape of a pattern without `*`: splitHostPort of the text after `://`, read from the pattern itself. */
function exactShapeOf(pattern: string): OriginPatternShape {
  const sep = pattern.indexOf(SCHEME_SEPARATOR);
  const scheme = sep < 0 ? null : schemeText(pattern, sep);
  const start = sep < 0 ? 0 : sep + SCHEME_SEPARATOR.length;
  const end = hostEnd(pattern, start);
  const port = pattern.charCodeAt(end) === 0x3a /* : */ ? pattern.slice(end + 1) : null;
  return { kind: 'exact', scheme, host: pattern.slice(start, end), port };
}

/**
 * Where the host that starts at `start` ends: after the `]` of a bracketed IPv6 address, else at the last colon (its
 * port follows) or the end of the text.
 */
function hostEnd(text: string, start: number): number {
  if (text.charCodeAt(start) === 0x5b /* [ */) {
    const close = text.indexOf(']', start);
    if (close >= 0) return close + 1;
  }
  // Most origins name no port: one look for a colon after the start rules it out.
  return text.indexOf(':', start) < 0 ? text.length : text.lastIndexOf(':');
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
// (Two or three letters each: registrableDomain looks a label up only when its length fits.)
const SECOND_LEVEL_SUFFIX_LABELS: ReadonlySet<string> = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go']);

/**
 * Other two-label public suffixes where anyone registers a name (publicsuffix.org), by top-level domain: registries'
 * own second levels (ltd.uk, id.au) and shared ones sold like domains (eu.org, us.com) or given away (duckdns.org).
 */
const PUBLIC_SECOND_LEVELS_BY_TLD: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    uk: ['ltd', 'plc', 'me'],
    au: ['id', 'asn'],
    nz: ['govt', 'gen', 'school', 'kiwi', 'geek', 'maori', 'iwi'],
    in: ['firm', 'gen', 'ind', 'res'],
    jp: ['ad', 'ed', 'gr', 'lg'],
    kr: ['pe', 're'],
    es: ['gob', 'nom'],
    mx: ['gob'],
    ar: ['gob'],
    at: ['gv'],
    tw: ['idv'],
    hk: ['idv'],
    org: ['eu', 'us', 'za', 'duckdns', 'dyndns', 'hopto', 'zapto'],
    com: ['us', 'uk', 'eu', 'de', 'cn', 'br', 'jpn', 'ru', 'sa', 'za'],
    net: ['gb', 'uk', 'za', 'se', 'hu', 'ddns', 'sytes'],
    // RFC 8375: each home network names its own hosts there.
    arpa: ['home'],
  }).map(([tld, labels]) => [tld, new Set(labels)]),
);

/** The registrable domain (eTLD+1, approximated) of a DNS host, or null for IPs and single labels. */
export function registrableDomain(host: string): string | null {
  if (host.startsWith('[') || (mayBeIpv4(host) && IPV4.test(host))) return null;
  // The last labels read back from the end, not split: every candidate origin of every wildcard search asks.
  const last = dotBefore(host, host.length);
  if (last < 0) return null;
  const second = dotBefore(host, last);
  const secondLength = last - second - 1;
  const tldLength = host.length - last - 1;
  const twoLabelSuffix =
    (tldLength === 2 && secondLength >= 2 && secondLength <= 3 && SECOND_LEVEL_SUFFIX_LABELS.has(host.slice(second + 1, last))) ||
    (tldLength <= 4 && secondLength >= 2 && PUBLIC_SECOND_LEVELS_BY_TLD.get(host.slice(last + 1))?.has(host.slice(second + 1, last)) === true);
  if (!twoLabelSuffix) return host.slice(second + 1);
  return second < 0 ? null : host.slice(dotBefore(host, second) + 1);
}

/** Index of the last `.` before `end`, or -1 (the native search: a hostile label can be thousands of characters). */
function dotBefore(text: string, end: number): number {
  return end > 0 ? text.lastIndexOf('.', end - 1) : -1;
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
  const start = sep + SCHEME_SEPARATOR.length;
  return origin.slice(start, hostEnd(origin, start));
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
  // An extension's host is its id, not a domain anyone registers (see extensionAdmitted).
  if (shape.kind !== 'wildcard' || (shape.scheme !== null && EXTENSION_ORIGIN_SAMPLES.has(shape.scheme))) return [];
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
    if (found.includes(origin)) continue;
    const host = hostOfOrigin(origin) ?? '';
    const domain = registrableDomain(host);
    // The attacker's text must land in a registrable label, not in a top-level domain nobody can register.
    const tld = host.slice(host.lastIndexOf('.') + 1);
    if (domain === null || !domain.includes(ATTACKER_TOKEN) || tld.includes(ATTACKER_TOKEN) || RESERVED_TLDS.has(tld)) continue;
    // The costlier syntax check last: most fills fail the domain test above.
    if (isBrowserOrigin(origin) && originMatches(pattern, origin)) found.push(origin);
  }
  return found;
}

/**
 * Special-use top-level names nobody registers (RFC 6761, RFC 8375 home.arpa, RFC 6762 .local, ICANN's .internal):
 * only a local resolver answers them, so they are no attacker's site (developmentOriginReason names them).
 */
const RESERVED_TLDS: ReadonlySet<string> = new Set(['localhost', 'test', 'example', 'invalid', 'local', 'internal', 'arpa']);

/**
 * Browser-extension schemes, each with an origin of the form its extensions get (Chrome's 32-letter id, Firefox's
 * per-install UUID): a page's Origin, but of an extension, not of a site.
 */
const EXTENSION_ORIGIN_SAMPLES: ReadonlyMap<string, string> = new Map([
  ['chrome-extension', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
  ['moz-extension', 'moz-extension://0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'],
  ['safari-web-extension', 'safari-web-extension://0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D'],
  ['ms-browser-extension', 'ms-browser-extension://abcdefghijklmnopabcdefghijklmnop'],
]);

/**
 * An extension origin the pattern admits when its `*` stands for the whole extension id (`chrome-extension://*`): any
 * extension the visitor installs, anyone's, may then read with their credentials. Null for any other pattern.
 */
export function extensionAdmitted(shape: OriginPatternShape): string | null {
  if (shape.kind !== 'wildcard' || shape.scheme === null || shape.hostSuffix !== '' || shape.port !== null) return null;
  if (shape.position === 'host-start') return EXTENSION_ORIGIN_SAMPLES.get(shape.scheme) ?? null;
  // Chrome and Edge ids derive from the publisher's key: a few letters of prefix are found by trying keys.
  const chosenIdPrefix = shape.position === 'host-end' && shape.hostPrefix.length < CHOSEN_ID_PREFIX_LENGTH && KEY_DERIVED_ID_SCHEMES.has(shape.scheme);
  return chosenIdPrefix ? (EXTENSION_ORIGIN_SAMPLES.get(shape.scheme) ?? null) : null;
}

/** Extension schemes whose ids come from the publisher's key (Firefox and Safari ids are random per install). */
const KEY_DERIVED_ID_SCHEMES: ReadonlySet<string> = new Set(['chrome-extension', 'ms-browser-extension']);
/** Id prefixes shorter than this are found in hours by generating keys (16 letters a-p each: 4 bits a letter). */
const CHOSEN_ID_PREFIX_LENGTH = 8;

/** Does the pattern admit an attacker's origin under a domain name of the attacker's choosing (`*`, `https://*`, `*.com`)? */
export function admitsAnySite(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern), foreign?: readonly string[]): boolean {
  if (shape.kind === 'any') return true;
  if (shape.kind !== 'wildcard') return false;
  if (shape.position !== 'host-start' && shape.position !== 'scheme-and-host') return false;
  return isOnlyPublicSuffix(shape.hostSuffix) && (foreign ?? foreignOriginsAdmitted(pattern, shape)).length > 0;
}

/** A wildcard inside the host under the owner's domain (`https://*.example.com`, `https://app-*.example.com`): many subdomains match. */
export function isSubdomainWildcard(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern), foreign?: readonly string[]): boolean {
  if (shape.kind !== 'wildcard' || !(shape.position === 'host-start' || shape.position === 'host-middle' || shape.position === 'scheme-and-host')) return false;
  // The literal host text after the `*` must pin a registrable domain (`.example.com`, `-app.example.com`).
  const dot = shape.hostSuffix.indexOf('.');
  return dot >= 0 && !isOnlyPublicSuffix(shape.hostSuffix.slice(dot)) && (foreign ?? foreignOriginsAdmitted(pattern, shape)).length === 0;
}

/** Where a wildcard could put an attacker's text in the registrable name: before the owner's text (suffix bypass) or after it (prefix bypass). */
export function bypassKind(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern), foreign?: readonly string[]): 'suffix' | 'prefix' | null {
  if (shape.kind !== 'wildcard' || admitsAnySite(pattern, shape, foreign) || (foreign ?? foreignOriginsAdmitted(pattern, shape)).length === 0) return null;
  return shape.position === 'host-start' || shape.position === 'scheme-and-host' || shape.position === 'scheme' ? 'suffix' : 'prefix';
}

/** Why a browser's Origin header (lowercase scheme and host, default port omitted, no path) can never equal this pattern; null when it can. */
export function neverMatchingReason(pattern: string, knownShape?: OriginPatternShape): string | null {
  if (pattern === '') return 'is empty';
  if (pattern === '*' || pattern === 'null') return null;
  // One test for what is rare (a space, a control or non-ASCII character, an uppercase letter); the tests that tell
  // which run only when it finds one. Testing the whole pattern for uppercase is testing it without its `*`.
  if (UNUSUAL_CHARACTER.test(pattern)) {
    if (WHITESPACE.test(pattern)) return 'contains whitespace';
    if (NON_ASCII.test(pattern)) return 'contains non-ASCII or control characters (browsers send hosts in punycode)';
    return 'has uppercase letters (browsers send the scheme and host in lowercase)';
  }
  const shape = knownShape ?? describeOriginPattern(pattern);
  const sep = pattern.indexOf(SCHEME_SEPARATOR);
  if (sep < 0) {
    const star = pattern.indexOf('*');
    if (!(star >= 0 && (star === 0 || 'https://'.startsWith(pattern.slice(0, star))))) return 'has no scheme (browsers send https://host)';
  }
  if (shape.kind === 'wildcard' && shape.position === 'path') return 'has a path (browsers send no path)';
  if (sep >= 0) {
    const slash = pattern.indexOf('/', sep + SCHEME_SEPARATOR.length);
    if (slash >= 0) return slash === pattern.length - 1 ? 'ends with a slash (browsers send no trailing slash)' : 'has a path (browsers send no path)';
  }
  const scheme = shape.kind === 'exact' || shape.kind === 'wildcard' ? shape.scheme : null;
  const port = shape.kind === 'exact' || shape.kind === 'wildcard' ? shape.port : null;
  if ((scheme === 'https' && port === '443') || (scheme === 'http' && port === '80')) {
    return `names the default port :${port} (browsers omit it)`;
  }
  const host = shape.kind === 'exact' ? shape.host : shape.kind === 'wildcard' ? `${shape.hostPrefix}${shape.hostSuffix}` : '';
  const forbidden = FORBIDDEN_HOST_CHARACTER.exec(host);
  if (forbidden) return `has "${forbidden[0]}" in its host (no host can hold it, so no browser sends such an origin)`;
  if (shape.kind === 'exact' && (scheme === 'http' || scheme === 'https') && mayBeRewritten(shape.host, port)) return serialisationReason(pattern);
  return null;
}

/**
 * Could the URL parser write this host or port otherwise? It rewrites IP addresses (`127.1`, `0x7f.1`, `[0:0::1]`),
 * reads a name ending in a number as one (or rejects it) and drops a port's leading zeros (`:0443`) or an empty port;
 * a lowercase ASCII name it keeps as written, so most origins are decided without parsing.
 */
function mayBeRewritten(host: string, port: string | null): boolean {
  const first = host.charCodeAt(0);
  if (first === 0x5b /* [ */ || (first >= 0x30 && first <= 0x39)) return true;
  // A colon or bracket left in an unbracketed host (`example.com:8080:9090`, `a]b.com`): the parser refuses it.
  if (host.includes(':') || host.includes(']')) return true;
  const lastLabel = host.charCodeAt(host.lastIndexOf('.') + 1);
  if (lastLabel >= 0x30 && lastLabel <= 0x39) return true;
  return port !== null && !(CANONICAL_PORT.test(port) && Number(port) <= 65_535);
}

const CANONICAL_PORT = /^[1-9]\d{0,4}$/;

/**
 * Why an http(s) origin differs from its WHATWG serialisation, the text a browser sends (`http://127.1` is sent as
 * `http://127.0.0.1`), or that the URL parser rejects it (`http://256.0.0.1`); null when they agree.
 */
function serialisationReason(pattern: string): string | null {
  if (!URL.canParse(pattern)) return 'is not a valid URL origin (a browser can load no page there)';
  const serialised = new URL(pattern).origin;
  return serialised === pattern ? null : `is not written as browsers send it (they send ${serialised})`;
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
  if (a === 169 && b === 254) return 'link-local 169.254.0.0/16';
  // RFC 6598: an ISP's carrier-grade NAT, and the address space of Tailscale networks.
  if (a === 100 && b !== undefined && b >= 64 && b <= 127) return 'shared address space 100.64.0.0/10';
  return null;
}

/** Leading IPv4 octets fixed by a host text: all of them for an address, the complete ones before a `*`. */
function knownOctets(host: string, wildcardFollows: boolean): number[] | null {
  if (!wildcardFollows) return ipv4Octets(host);
  const labels = host.split('.').slice(0, -1);
  if (labels.length === 0 || labels.length > 3 || !labels.every((label) => OCTET.test(label))) return null;
  return labels.map(Number);
}

const HEXTET = /^[0-9a-f]{1,4}$/;

/** The eight 16-bit groups of an IPv6 address written without brackets (`::` and a dotted IPv4 tail allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const head = hextetsOf(halves[0] as string);
  const tail = halves.length === 2 ? hextetsOf(halves[1] as string) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing < 1 ? null : [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function hextetsOf(text: string): number[] | null {
  if (text === '') return [];
  const pieces = text.split(':');
  const groups: number[] = [];
  for (let at = 0; at < pieces.length; at += 1) {
    const piece = pieces[at] as string;
    const octets = at === pieces.length - 1 && piece.includes('.') ? ipv4Octets(piece) : null;
    if (octets) groups.push(((octets[0] as number) << 8) | (octets[1] as number), ((octets[2] as number) << 8) | (octets[3] as number));
    else if (HEXTET.test(piece)) groups.push(parseInt(piece, 16));
    else return null;
  }
  return groups;
}

/** Why a bracketed IPv6 host is loopback, private or link-local (an IPv4-mapped one as its IPv4 address), or null. */
function privateIpv6Reason(bracketed: string): string | null {
  if (!bracketed.endsWith(']')) return null;
  const groups = ipv6Groups(bracketed.slice(1, -1));
  if (!groups) return null;
  const first = groups[0] as number;
  const zerosBefore = (end: number) => groups.slice(0, end).every((group) => group === 0);
  if (zerosBefore(7)) return groups[7] === 1 ? 'IPv6 loopback' : groups[7] === 0 ? 'unspecified ::' : null;
  if (zerosBefore(5) && groups[5] === 0xffff) {
    const [high, low] = [groups[6] as number, groups[7] as number];
    const reason = privateIpv4Reason([high >> 8, high & 0xff, low >> 8, low & 0xff]);
    return reason === null ? null : `IPv4-mapped ${reason}`;
  }
  return privateIpv6PrefixReason(first);
}

/** The private IPv6 ranges, told by the first 16-bit group: RFC 4193 unique local fc00::/7, link-local fe80::/10. */
function privateIpv6PrefixReason(first: number): string | null {
  if ((first & 0xfe00) === 0xfc00) return 'private IPv6 fc00::/7';
  if ((first & 0xffc0) === 0xfe80) return 'link-local IPv6 fe80::/10';
  return null;
}

// Each name with its `.name` tail written out once: every origin of every bucket is compared with them.
const DEV_NAME_SUFFIXES: readonly { name: string; tail: string; reason: string }[] = [
  { name: 'localhost', tail: '.localhost', reason: 'localhost' },
  { name: 'local', tail: '.local', reason: 'mDNS .local name' },
  { name: 'internal', tail: '.internal', reason: '.internal name' },
  // Reserved for testing (RFC 6761), and home networks (RFC 8375): only a local resolver answers them.
  { name: 'test', tail: '.test', reason: 'reserved .test name' },
  { name: 'home.arpa', tail: '.home.arpa', reason: 'home network .home.arpa name' },
];

/** The last characters of the development names: a host ending otherwise (`.com`) is none of them. */
const DEV_NAME_LAST_CHARACTERS: ReadonlySet<number> = new Set(DEV_NAME_SUFFIXES.map(({ name }) => name.charCodeAt(name.length - 1)));

/** Could this host text be an IPv4 address? (IPV4 wants a digit at both ends: most hosts fail here, before the regex.) */
function mayBeIpv4(host: string): boolean {
  const first = host.charCodeAt(0);
  const last = host.charCodeAt(host.length - 1);
  return first >= 0x30 && first <= 0x39 && last >= 0x30 && last <= 0x39;
}

/** Why an origin pattern points at a developer machine or a private network, or null. */
export function developmentOriginReason(pattern: string, shape: OriginPatternShape = describeOriginPattern(pattern)): string | null {
  if (shape.kind === 'exact') return developmentHostReason(shape.host.toLowerCase());
  if (shape.kind !== 'wildcard') return null;
  // A wildcard port or scheme leaves the host whole: `http://localhost:*`, `*://127.0.0.1`.
  if (shape.position === 'port') return developmentHostReason(shape.hostPrefix.toLowerCase());
  if (shape.position === 'scheme') return developmentHostReason(shape.hostSuffix.toLowerCase());
  const lower = shape.hostSuffix.toLowerCase();
  if (lower.charCodeAt(0) === 0x5b /* [ */) return privateIpv6Reason(lower);
  const named = developmentNameReason(lower);
  if (named !== null) return named;
  if (shape.hostPrefix.startsWith('[')) return privateIpv6PrefixOf(shape.hostPrefix.toLowerCase());
  const octets = shape.position === 'host-end' ? knownOctets(shape.hostPrefix, true) : null;
  return octets ? privateIpv4Reason(octets) : null;
}

/** The range of an IPv6 address whose first group is written out before a `*` (`http://[fd00:*]`), or null. */
function privateIpv6PrefixOf(lowerPrefix: string): string | null {
  const colon = lowerPrefix.indexOf(':');
  const first = lowerPrefix.slice(1, colon);
  return colon > 1 && HEXTET.test(first) ? privateIpv6PrefixReason(parseInt(first, 16)) : null;
}

/**
 * developmentOriginReason of an exact origin, given its host in lowercase (as sampleHost answers it): callers that
 * have both need not lowercase the host twice.
 */
export function developmentHostReason(lowerHost: string): string | null {
  if (lowerHost.charCodeAt(0) === 0x5b /* [ */) return privateIpv6Reason(lowerHost);
  const named = developmentNameReason(lowerHost);
  if (named !== null) return named;
  const octets = mayBeIpv4(lowerHost) ? knownOctets(lowerHost, false) : null;
  return octets ? privateIpv4Reason(octets) : null;
}

/** A development name (`localhost`, `*.local`...) ending a lowercase host text, or null. */
function developmentNameReason(lower: string): string | null {
  if (!DEV_NAME_LAST_CHARACTERS.has(lower.charCodeAt(lower.length - 1))) return null;
  for (let at = 0; at < DEV_NAME_SUFFIXES.length; at += 1) {
    const { name, tail, reason } = DEV_NAME_SUFFIXES[at] as (typeof DEV_NAME_SUFFIXES)[number];
    if (lower === name || lower.endsWith(tail)) return reason;
  }
  return null;
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

/** Values without repeats, first occurrence first: the list itself when it has none (callers only read the answer). */
export function unique(values: string[]): string[] {
  if (values.length < 2) return values;
  if (values.length > SHORT_LIST) return [...new Set(values)];
  // A rule's few origins or methods: comparing them costs less than a Set, and most lists have no repeat to drop.
  let repeats = false;
  for (let at = 1; at < values.length && !repeats; at += 1) repeats = values.lastIndexOf(values[at] as string, at - 1) >= 0;
  if (!repeats) return values;
  const kept: string[] = [];
  for (const value of values) if (!kept.includes(value)) kept.push(value);
  return kept;
}

const SHORT_LIST = 8;

/** Read-only: the answer of every list without repeats. */
const NO_DUPLICATES: readonly string[] = [];

/** duplicateValues for a few values (every list of every rule is asked): pairwise, nothing allocated unless a value repeats. */
function shortListDuplicates(values: readonly string[], foldCase: boolean): readonly string[] {
  let dupes: string[] | undefined;
  for (let index = 1; index < values.length; index += 1) {
    const value = values[index] as string;
    if (!repeatsEarlier(values, index, foldCase) || dupes?.includes(value)) continue;
    (dupes ??= []).push(value);
  }
  return dupes ?? NO_DUPLICATES;
}

function repeatsEarlier(values: readonly string[], index: number, foldCase: boolean): boolean {
  const value = values[index] as string;
  for (let earlier = 0; earlier < index; earlier += 1) {
    const other = values[earlier] as string;
    if (value === other || (foldCase && sameIgnoringCase(value, other))) return true;
  }
  return false;
}

/**
 * a.toLowerCase() === b.toLowerCase() (header names compare case-insensitively) without lowering while both are ASCII,
 * as header names nearly always are: an ASCII character lowercases to one character whatever surrounds it, so the
 * first difference decides; and no character lowercases to nothing, so a longer string with an equal ASCII prefix
 * differs too.
 */
export function sameIgnoringCase(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  for (let at = 0; at < shorter; at += 1) {
    const x = a.charCodeAt(at);
    const y = b.charCodeAt(at);
    if ((x | y) >= 128) return a.toLowerCase() === b.toLowerCase();
    if (x !== y && !(isAsciiLetter(x) && (x | 32) === (y | 32))) return false;
  }
  return a.length === b.length;
}

function isAsciiLetter(code: number): boolean {
  const lower = code | 32;
  return lower >= 97 && lower <= 122;
}

/**
 * The values that repeat an earlier value of the list (exactly, or case-folded when asked), as written, each text
 * once. Read-only: lists without repeats share one empty answer.
 */
export function duplicateValues(values: readonly string[], foldCase = false): readonly string[] {
  if (values.length < 2) return NO_DUPLICATES;
  if (values.length <= SHORT_LIST) return shortListDuplicates(values, foldCase);
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
  if (!someMatches(rule.allowedOrigins, request.origin)) return false;
  const headers = request.headers;
  if (headers === undefined) return true;
  return headers.every((header) => rule.allowedHeaders.some((pattern) => headerMatches(pattern, header)));
}

function someMatches(patterns: readonly string[], origin: string): boolean {
  for (const pattern of patterns) if (originMatches(pattern, origin)) return true;
  return false;
}

/** Index of the first rule that matches the request (first match wins, spec §3), or null. */
export function firstMatchingRule(rules: readonly CorsRule[], request: CorsRequestShape): number | null {
  for (let index = 0; index < rules.length; index += 1) if (ruleAdmits(rules[index] as CorsRule, request)) return index;
  return null;
}

/** Are `length` characters of `a` from `aStart` those of `b` from `bStart`? (No slices: containment runs pairwise.) */
function sameRegion(a: string, aStart: number, b: string, bStart: number, length: number): boolean {
  for (let offset = 0; offset < length; offset += 1) if (a.charCodeAt(aStart + offset) !== b.charCodeAt(bStart + offset)) return false;
  return true;
}

/** containsPattern with both patterns' first `*` already found (-1: none). */
function containsAt(outer: string, outerStar: number, inner: string, innerStar: number): boolean {
  if (outerStar < 0) return innerStar < 0 && outer === inner;
  // A literal inner: exactly what the matcher admits.
  if (innerStar < 0) return originMatchesAt(outer, outerStar, inner);
  // prefix·X·suffix ⊆ P·*·S for every X exactly when P is a prefix of prefix and S a suffix of suffix.
  const outerSuffix = outer.length - outerStar - 1;
  const innerSuffix = inner.length - innerStar - 1;
  return (
    innerStar >= outerStar &&
    innerSuffix >= outerSuffix &&
    sameRegion(inner, 0, outer, 0, outerStar) &&
    sameRegion(inner, inner.length - outerSuffix, outer, outerStar + 1, outerSuffix)
  );
}

/** patternContains on patterns already folded as needed. */
function containsPattern(outer: string, inner: string): boolean {
  return containsAt(outer, outer.indexOf('*'), inner, inner.indexOf('*'));
}

/** Is every string `inner` admits also admitted by `outer`? Exact for one-`*` patterns. */
export function patternContains(outer: string, inner: string, foldCase = false): boolean {
  return foldCase ? containsPattern(outer.toLowerCase(), inner.toLowerCase()) : containsPattern(outer, inner);
}

function admitsAnyRequest(rule: CorsRule): boolean {
  return rule.allowedOrigins.length > 0 && rule.allowedMethods.length > 0;
}

function someContains(patterns: readonly string[], inner: string): boolean {
  for (const pattern of patterns) if (containsPattern(pattern, inner)) return true;
  return false;
}

// Other method texts (a lint file may hold anything) get the bits after S3's five, per configuration.
const FIRST_OTHER_METHOD_BIT = 5;
const OTHER_METHOD_BITS = 31 - FIRST_OTHER_METHOD_BIT;

/** How a rule's AllowedOrigins contain other patterns (ReachabilityFacts.originKinds). */
const EXACT_ORIGINS = 0; // no `*` anywhere: the rule contains exactly its own origin texts
const SOME_WILDCARD = 1; // some origin holds a `*`: containment is tested pattern by pattern
const ANY_ORIGIN = 2; // lists `*`: contains every origin pattern, and S3 answers Allow-Origin `*`

/** Do two ExposeHeaders lists join (with commas) to the same text? Without joining unless the lists differ but could. */
function sameExposeText(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    let index = 0;
    while (index < a.length && a[index] === b[index]) index += 1;
    if (index === a.length) return true;
  }
  // Different lists can still join alike (`a,b` and `a`, `b`; no entry and one empty one): compare lengths, then text.
  return joinedLength(a) === joinedLength(b) && a.join(',') === b.join(',');
}

function joinedLength(values: readonly string[]): number {
  let length = Math.max(0, values.length - 1);
  for (const value of values) length += value.length;
  return length;
}

/** Pattern comparisons the pairwise reachability questions may cost before they give up (answering "reachable"). */
export const REACHABILITY_BUDGET = 2_000_000;

/**
 * Would comparing every rule's origins with every earlier rule's exceed the budget? A hostile lint file can
 * hold 100 000 origins; the analysis then reports nothing rather than run for hours (it only ever claims what it proves).
 */
export function reachabilityTooCostly(rules: readonly CorsRule[]): boolean {
  return rules.length >= 2 && !new ReachabilityFacts(rules).analysable();
}

/**
 * What the pairwise reachability questions compare, one entry per rule, derived once per configuration on first use
 * and shared by shadowing and misordering, so comparisons are bit and number tests rather than list and text scans.
 * Plain lists on one object: a table object of its own and per-rule closures cost more than the questions.
 */
export class ReachabilityFacts {
  /** AllowedMethods as bits, or null when the configuration names more distinct methods than the bits hold. */
  methods: number[] | null = null;
  /** EXACT_ORIGINS, SOME_WILDCARD or ANY_ORIGIN per rule. */
  originKinds: number[] = NO_NUMBERS;
  /** Each AllowedOrigin's first `*` (-1: none), rule after rule: found once, not at every comparison. */
  stars: number[] = NO_NUMBERS;
  /** Where each rule's origins begin in `stars`. */
  firstStars: number[] = NO_NUMBERS;
  /** Methods other than S3's five, by bit (1 << (FIRST_OTHER_METHOD_BIT + slot)); undefined when none. */
  private otherMethods: string[] | undefined;
  private built = false;
  private costly: boolean | undefined;
  private loweredHeaders: (string[] | undefined)[] | undefined;
  private shadows: (number[] | null)[] | undefined;
  private misordered: Misordering[] | undefined;

  constructor(readonly rules: readonly CorsRule[]) {}

  /** The per-rule numbers above, built on first use. */
  prepared(): this {
    if (!this.built) this.build(false);
    return this;
  }

  /**
   * Are there rule pairs to compare within the budget (two rules or more, reachabilityTooCostly false)? The budget is
   * counted in the same pass that builds the numbers: one walk over the rules, not two.
   */
  analysable(): boolean {
    if (this.rules.length < 2) return false;
    if (this.costly === undefined) this.build(true);
    return !this.costly;
  }

  /** The bit of a method some rule of the configuration allows (only asked when `methods` is not null). */
  methodBit(method: string): number {
    const bit = s3MethodBit(method);
    if (bit !== 0) return bit;
    return 1 << (FIRST_OTHER_METHOD_BIT + (this.otherMethods as string[]).indexOf(method));
  }

  /** shadowingOfAll(rules), answered once (both reachability rules ask). */
  shadowing(): readonly (number[] | null)[] {
    if (this.shadows === undefined) this.analyse();
    return this.shadows as (number[] | null)[];
  }

  /** misorderedRules(rules) with these shadowing answers, found in the same pass. */
  misorderings(): readonly Misordering[] {
    if (this.misordered === undefined) this.analyse();
    return this.misordered as Misordering[];
  }

  /**
   * Both questions in one pass over the later rules: a rule is mis-ordered only when reachable, so each rule's
   * shadowing answer is at hand when its misordering is looked for (no second walk, no predicate between modules).
   */
  private analyse(): void {
    const rules = this.rules;
    const shadows = noneShadowed(rules.length);
    let found: Misordering[] | undefined;
    if (this.analysable()) {
      const masks = this.methods;
      // The methods of the rules before `index`, gathered as the loop goes (shadowingRules gathers them per rule).
      let earlierMethods = masks === null ? 0 : (masks[0] as number);
      for (let index = 1; index < rules.length; index += 1) {
        const admits = admitsAnyRequest(rules[index] as CorsRule);
        let by: number[] | null = null;
        if (masks === null) by = shadowingRules(rules, index, this);
        else {
          const methods = masks[index] as number;
          // A method no earlier rule allows reaches this rule: one test on the bits spares the origin comparisons.
          if ((methods & ~earlierMethods) === 0 && admits) by = takersOf(this, masks, index);
          earlierMethods |= methods;
        }
        shadows[index] = by;
        if (!admits || by !== null || !someCouldTake(this, index)) continue;
        const misordering = firstMisordering(this, index);
        // Made on the first find: a list grown from empty reserves room for 17 entries, and most configurations have none.
        if (misordering) {
          if (found) found.push(misordering);
          else found = [misordering];
        }
      }
    }
    this.shadows = shadows;
    this.misordered = found ?? NO_MISORDERINGS;
  }

  /**
   * Rule `index`'s AllowedHeaders that can match a requested name, lowercased (header names compare
   * case-insensitively), made on first use. One that never matches admits nothing, so it covers nothing either.
   */
  headersOf(index: number): readonly string[] {
    this.loweredHeaders ??= new Array<string[] | undefined>(this.rules.length);
    return (this.loweredHeaders[index] ??= matchableHeaders((this.rules[index] as CorsRule).allowedHeaders));
  }

  /**
   * Fills the numbers and counts the comparisons they would cost against REACHABILITY_BUDGET; when `stopWhenCostly`,
   * stops there (built stays false): the pairs will not be compared.
   */
  private build(stopWhenCostly: boolean): void {
    const rules = this.rules;
    let earlierOrigins = 0;
    let comparisons = 0;
    let costly = false;
    // Sized up front: a list grown from empty reserves room for 17 entries, for the few rules of most buckets.
    const originKinds = new Array<number>(rules.length);
    const firstStars = new Array<number>(rules.length);
    const stars: number[] = [];
    let masks: number[] | null = new Array<number>(rules.length);
    let others: string[] | undefined;
    for (let index = 0; index < rules.length; index += 1) {
      const rule = rules[index] as CorsRule;
      if (!costly) {
        // Each origin of this rule against each earlier origin, per method.
        comparisons += rule.allowedOrigins.length * Math.max(1, rule.allowedMethods.length) * earlierOrigins;
        costly = comparisons > REACHABILITY_BUDGET;
        if (costly && stopWhenCostly) {
          this.costly = true;
          return;
        }
        earlierOrigins += rule.allowedOrigins.length;
      }
      const origins = rule.allowedOrigins;
      firstStars[index] = stars.length;
      let kind = EXACT_ORIGINS;
      for (let at = 0; at < origins.length; at += 1) {
        const origin = origins[at] as string;
        const star = origin.indexOf('*');
        stars.push(star);
        if (origin === '*') kind = ANY_ORIGIN;
        else if (star >= 0 && kind === EXACT_ORIGINS) kind = SOME_WILDCARD;
      }
      originKinds[index] = kind;
      if (masks === null) continue;
      let mask = 0;
      const methods = rule.allowedMethods;
      for (let at = 0; at < methods.length; at += 1) {
        const method = methods[at] as string;
        let bit = s3MethodBit(method);
        if (bit === 0) {
          others ??= [];
          let slot = others.indexOf(method);
          if (slot < 0) {
            if (others.length === OTHER_METHOD_BITS) {
              masks = null;
              break;
            }
            slot = others.push(method) - 1;
          }
          bit = 1 << (FIRST_OTHER_METHOD_BIT + slot);
        }
        mask |= bit;
      }
      if (masks !== null) masks[index] = mask;
    }
    this.originKinds = originKinds;
    this.stars = stars;
    this.firstStars = firstStars;
    this.methods = masks;
    this.otherMethods = others;
    this.built = true;
    this.costly = costly;
  }
}

const NO_NUMBERS: number[] = [];

/**
 * Do two rules answer a request differently (credentials, Expose-Headers, Max-Age)? Asked pair by pair, only where a
 * rule could take another's requests: cheaper than numbering every rule's answer up front. A Max-Age that is not a
 * number sends none, as the simulator answers.
 */
function answersDiffer(facts: ReachabilityFacts, a: number, b: number): boolean {
  const first = facts.rules[a] as CorsRule;
  const second = facts.rules[b] as CorsRule;
  return (
    answeredMaxAge(first) !== answeredMaxAge(second) ||
    (facts.originKinds[a] === ANY_ORIGIN) !== (facts.originKinds[b] === ANY_ORIGIN) ||
    !sameExposeText(first.exposeHeaders, second.exposeHeaders)
  );
}

/** Does some AllowedOrigin of rule `outer` contain `pattern` (whose first `*` is at `star`)? A `*` contains every one. */
function ruleContains(facts: ReachabilityFacts, outer: number, pattern: string, star: number): boolean {
  const kind = facts.originKinds[outer];
  if (kind === ANY_ORIGIN) return true;
  const candidates = (facts.rules[outer] as CorsRule).allowedOrigins;
  // Exact candidates contain exactly their own text (containsAt without a `*` on either side).
  if (kind === EXACT_ORIGINS) return star < 0 && candidates.includes(pattern);
  const stars = facts.stars;
  const from = facts.firstStars[outer] as number;
  for (let at = 0; at < candidates.length; at += 1) if (containsAt(candidates[at] as string, stars[from + at] as number, pattern, star)) return true;
  return false;
}

function matchableHeaders(patterns: readonly string[]): string[] {
  const lowered: string[] = [];
  for (const pattern of patterns) if (headerNeverMatches(pattern) === null) lowered.push(pattern.toLowerCase());
  return lowered;
}

/** Does rule `earlier` admit every header set rule `later` admits? Requests carry any subset of later's headers. */
function coversHeaders(facts: ReachabilityFacts, earlier: number, later: number): boolean {
  // No headers: only requests without Access-Control-Request-Headers, which every rule admits.
  if ((facts.rules[later] as CorsRule).allowedHeaders.length === 0) return true;
  // `*` contains every header pattern, in any case: no list lowered.
  if ((facts.rules[earlier] as CorsRule).allowedHeaders.includes('*')) return true;
  const earlierHeaders = facts.headersOf(earlier);
  for (const header of facts.headersOf(later)) if (!someContains(earlierHeaders, header)) return false;
  return true;
}

/**
 * Is every (origin pattern × method) slice of rule `index` taken by an earlier rule: the first one that allows the
 * method, contains the pattern and admits every header set rule `index` admits? Adds the takers to `takers` when
 * given. Each earlier rule takes all the slice's methods it allows at once, so no method list is walked.
 */
function everySliceTaken(facts: ReachabilityFacts, masks: readonly number[], index: number, takers: number[] | null): boolean {
  const origins = (facts.rules[index] as CorsRule).allowedOrigins;
  // Whether earlier rule i admits all of this rule's headers: the same answer for every origin, asked once.
  let headersCovered: (boolean | undefined)[] | undefined;
  const from = facts.firstStars[index] as number;
  for (let position = 0; position < origins.length; position += 1) {
    const origin = origins[position] as string;
    const star = facts.stars[from + position] as number;
    let untaken = masks[index] as number;
    for (let earlier = 0; earlier < index && untaken !== 0; earlier += 1) {
      const taken = (masks[earlier] as number) & untaken;
      if (taken === 0 || !ruleContains(facts, earlier, origin, star)) continue;
      headersCovered ??= new Array<boolean | undefined>(index);
      if (!(headersCovered[earlier] ??= coversHeaders(facts, earlier, index))) continue;
      untaken &= ~taken;
      if (takers !== null) addInOrder(takers, earlier);
    }
    if (untaken !== 0) return false;
  }
  return true;
}

/** The takers of rule `index` whose methods every earlier rule together allows (masks given), or null when some request reaches it. */
function takersOf(facts: ReachabilityFacts, masks: readonly number[], index: number): number[] | null {
  // Most rules are reachable: prove it without building a list, and list the takers only for a shadowed rule.
  if (!everySliceTaken(facts, masks, index, null)) return null;
  const by: number[] = [];
  everySliceTaken(facts, masks, index, by);
  return by;
}

/**
 * The earlier rules that together take every request rule `index` would match, or null when some
 * request still reaches it. Conservative: each (origin pattern × method) slice must be covered by
 * one earlier rule, so a reachable rule is never reported.
 */
export function shadowingRules(rules: readonly CorsRule[], index: number, facts: ReachabilityFacts = new ReachabilityFacts(rules)): number[] | null {
  const rule = rules[index];
  if (!rule || !admitsAnyRequest(rule)) return null;
  if (index === 0) return null;
  const masks = facts.prepared().methods;
  if (masks === null) return shadowingRulesByMethod(facts, index);
  // A method no earlier rule allows reaches this rule: one test on the bits spares the origin comparisons.
  let earlierMethods = 0;
  for (let earlier = 0; earlier < index; earlier += 1) earlierMethods |= masks[earlier] as number;
  if (((masks[index] as number) & ~earlierMethods) !== 0) return null;
  return takersOf(facts, masks, index);
}

/** Adds a rule index to an ascending list without repeats (a few entries: cheaper than sorting afterwards). */
function addInOrder(indexes: number[], added: number): void {
  if (indexes.includes(added)) return;
  let at = indexes.push(added) - 1;
  for (; at > 0 && (indexes[at - 1] as number) > added; at -= 1) indexes[at] = indexes[at - 1] as number;
  indexes[at] = added;
}

/** shadowingRules one method at a time, for configurations naming more distinct methods than the bit sets hold. */
function shadowingRulesByMethod(facts: ReachabilityFacts, index: number): number[] | null {
  const rules = facts.rules;
  const rule = rules[index] as CorsRule;
  const by: number[] = [];
  const methods = unique(rule.allowedMethods);
  let headersCovered: (boolean | undefined)[] | undefined;
  for (const origin of rule.allowedOrigins) {
    for (const method of methods) {
      let coverer = -1;
      for (let earlier = 0; earlier < index && coverer < 0; earlier += 1) {
        const candidate = rules[earlier] as CorsRule;
        if (!candidate.allowedMethods.includes(method) || !someContains(candidate.allowedOrigins, origin)) continue;
        headersCovered ??= new Array<boolean | undefined>(index);
        if ((headersCovered[earlier] ??= coversHeaders(facts, earlier, index))) coverer = earlier;
      }
      if (coverer < 0) return null;
      if (!by.includes(coverer)) by.push(coverer);
    }
  }
  return by.sort((a, b) => a - b);
}

/** shadowingRules for every rule, sharing one ReachabilityFacts; all null when too costly (or fewer than two rules). */
export function shadowingOfAll(rules: readonly CorsRule[], facts: ReachabilityFacts = new ReachabilityFacts(rules)): (number[] | null)[] {
  return facts.shadowing().slice();
}

/** A null per rule (sized up front: a list grown from empty reserves room for 17 entries). */
function noneShadowed(count: number): (number[] | null)[] {
  const all = new Array<number[] | null>(count);
  for (let index = 0; index < count; index += 1) all[index] = null;
  return all;
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

function responseDifferences(facts: ReachabilityFacts, taker: number, meant: number): string[] {
  const takerAny = facts.originKinds[taker] === ANY_ORIGIN;
  const takerRule = facts.rules[taker] as CorsRule;
  const meantRule = facts.rules[meant] as CorsRule;
  const credentials = takerAny === (facts.originKinds[meant] === ANY_ORIGIN) ? null : takerAny ? 'credentials refused (Allow-Origin: *)' : 'credentials allowed';
  const expose = sameExposeText(takerRule.exposeHeaders, meantRule.exposeHeaders) ? null : 'different Expose-Headers';
  const maxAge = answeredMaxAge(takerRule) === answeredMaxAge(meantRule) ? null : 'different Max-Age';
  // Sized to fit: a list grown from empty reserves room for 17 entries, for the one to three found.
  const differences = new Array<string>((credentials ? 1 : 0) + (expose ? 1 : 0) + (maxAge ? 1 : 0));
  let at = 0;
  if (credentials) differences[at++] = credentials;
  if (expose) differences[at++] = expose;
  if (maxAge) differences[at] = maxAge;
  return differences;
}

/**
 * Rules that are reachable but lose some of their requests to an earlier, broader rule that answers
 * differently (a `*` GET rule before `https://app.example.com` GET,PUT: the app's GETs get `*` and no credentials).
 * Each report carries a witness request checked with firstMatchingRule. (ReachabilityFacts.misorderings, as a list
 * of one's own.)
 */
export function misorderedRules(rules: readonly CorsRule[], facts: ReachabilityFacts = new ReachabilityFacts(rules)): Misordering[] {
  return facts.misorderings().slice();
}

// Read-only (ReachabilityFacts.misorderings), not frozen: V8 walks a frozen array on a slow path.
const NO_MISORDERINGS: Misordering[] = [];

/**
 * Could some earlier rule answer, differently, a request rule `index` admits? Only such a rule can take its requests
 * "by mistake": many configurations have none (and 100 rules answering alike skip every origin comparison).
 */
function someCouldTake(facts: ReachabilityFacts, index: number): boolean {
  for (let earlier = 0; earlier < index; earlier += 1) if (couldTake(facts, earlier, index)) return true;
  return false;
}

/** Could rule `earlier` answer, differently, a request rule `later` admits (a method in common, another answer)? */
function couldTake(facts: ReachabilityFacts, earlier: number, later: number): boolean {
  const masks = facts.methods;
  return (masks === null || ((masks[earlier] as number) & (masks[later] as number)) !== 0) && answersDiffer(facts, earlier, later);
}

/** firstMatchBefore with the request's method as its bit in the rules' method bits. */
function firstMatchByBit(facts: ReachabilityFacts, masks: readonly number[], end: number, origin: string, bit: number): number {
  for (let index = 0; index < end; index += 1) if (((masks[index] as number) & bit) !== 0 && someMatchesAt(facts, index, origin)) return index;
  return -1;
}

/** someMatches over rule `index`'s origins, their `*` already found. */
function someMatchesAt(facts: ReachabilityFacts, index: number, origin: string): boolean {
  const patterns = (facts.rules[index] as CorsRule).allowedOrigins;
  const from = facts.firstStars[index] as number;
  for (let at = 0; at < patterns.length; at += 1) if (originMatchesAt(patterns[at] as string, facts.stars[from + at] as number, origin)) return true;
  return false;
}

/** Index of the first rule before `end` that matches the request, or -1 (firstMatchingRule, stopping early). */
function firstMatchBefore(rules: readonly CorsRule[], end: number, origin: string, method: string): number {
  for (let index = 0; index < end; index += 1) {
    if ((rules[index] as CorsRule).allowedMethods.includes(method) && someMatches((rules[index] as CorsRule).allowedOrigins, origin)) return index;
  }
  return -1;
}

function firstMisordering(facts: ReachabilityFacts, index: number): Misordering | null {
  const rule = facts.rules[index] as CorsRule;
  const origins = rule.allowedOrigins;
  const from = facts.firstStars[index] as number;
  for (let position = 0; position < origins.length; position += 1) {
    const pattern = origins[position] as string;
    const star = facts.stars[from + position] as number;
    // Only an earlier rule at least as broad as this pattern, sharing a method and answering differently, can take
    // its requests "by mistake": look for one before building witness requests.
    let candidate = false;
    for (let earlier = 0; earlier < index && !candidate; earlier += 1) candidate = couldTake(facts, earlier, index) && ruleContains(facts, earlier, pattern, star);
    if (!candidate) continue;
    // sampleOrigins(pattern), built one at a time: the first usually serves as the witness.
    const samples = star < 0 ? 1 : 2;
    for (let sample = 0; sample < samples; sample += 1) {
      const origin = star < 0 ? pattern : `${pattern.slice(0, star)}${sample === 0 ? 'app' : ''}${pattern.slice(star + 1)}`;
      const found = witnessFor(facts, index, pattern, star, origin);
      if (found) return found;
    }
  }
  return null;
}

/** Does rule `outer` admit every request rule `inner` admits: each of its origins, methods and header sets? */
function admitsAllOf(facts: ReachabilityFacts, outer: number, inner: number): boolean {
  const masks = facts.methods;
  const innerRule = facts.rules[inner] as CorsRule;
  if (masks !== null) {
    if (((masks[inner] as number) & ~(masks[outer] as number)) !== 0) return false;
  } else {
    const outerMethods = (facts.rules[outer] as CorsRule).allowedMethods;
    if (!innerRule.allowedMethods.every((method) => outerMethods.includes(method))) return false;
  }
  const origins = innerRule.allowedOrigins;
  const from = facts.firstStars[inner] as number;
  for (let at = 0; at < origins.length; at += 1) if (!ruleContains(facts, outer, origins[at] as string, facts.stars[from + at] as number)) return false;
  return coversHeaders(facts, outer, inner);
}

/** A request from `origin` (a sample of `pattern`, of rule `index`) that an earlier, broader, differently answering rule takes. */
function witnessFor(facts: ReachabilityFacts, index: number, pattern: string, star: number, origin: string): Misordering | null {
  // Samples of the rule's own pattern with its own methods: the rule admits every one of these requests.
  const methods = (facts.rules[index] as CorsRule).allowedMethods;
  const masks = facts.methods;
  // With method bits, repeats are skipped and earlier rules' methods tested by bit rather than by text.
  let seen = 0;
  for (let slot = 0; slot < methods.length; slot += 1) {
    const method = methods[slot] as string;
    let taker: number;
    if (masks === null) {
      if (methods.indexOf(method) < slot) continue;
      taker = firstMatchBefore(facts.rules, index, origin, method);
    } else {
      const bit = facts.methodBit(method);
      if ((seen & bit) !== 0) continue;
      seen |= bit;
      taker = firstMatchByBit(facts, masks, index, origin, bit);
    }
    // Specific-before-broad is the intended order: only a taker at least as broad as this origin counts, and not one
    // this rule admits entirely (moved after this rule, it would be shadowed: it is the narrower one).
    if (taker < 0 || !answersDiffer(facts, taker, index) || !ruleContains(facts, taker, pattern, star) || admitsAllOf(facts, index, taker)) continue;
    return { index, takenBy: taker, origin, method, differences: responseDifferences(facts, taker, index) };
  }
  return null;
}

function setKey(values: readonly string[], foldCase: boolean): string {
  return [...new Set(foldCase ? values.map((value) => value.toLowerCase()) : values)].sort().join('\n');
}

/** A key equal for two rules exactly when they allow and answer the same (order and repeats aside; header names case-insensitive). */
export function ruleContentKey(rule: CorsRule): string {
  return [setKey(rule.allowedOrigins, false), setKey(rule.allowedMethods, false), setKey(rule.allowedHeaders, true), rule.exposeHeaders.join('\n'), String(rule.maxAgeSeconds)].join('\u0000');
}

/** List sizes and max-age equal (max-age as text, as a key would hold it): the rules could be copies. */
function sameSignature(a: CorsRule, b: CorsRule): boolean {
  return (
    a.allowedOrigins.length === b.allowedOrigins.length &&
    a.allowedMethods.length === b.allowedMethods.length &&
    a.allowedHeaders.length === b.allowedHeaders.length &&
    a.exposeHeaders.length === b.exposeHeaders.length &&
    (a.maxAgeSeconds === b.maxAgeSeconds || String(a.maxAgeSeconds) === String(b.maxAgeSeconds))
  );
}

const PAIRWISE_SIGNATURES_UP_TO = 16;

function someSameSignature(rules: readonly CorsRule[]): boolean {
  if (rules.length > PAIRWISE_SIGNATURES_UP_TO) {
    const signature = (rule: CorsRule) => `${rule.allowedOrigins.length}|${rule.allowedMethods.length}|${rule.allowedHeaders.length}|${rule.exposeHeaders.length}|${rule.maxAgeSeconds}`;
    return new Set(rules.map(signature)).size !== rules.length;
  }
  // Few rules (the usual case): compare pairs without building strings.
  for (let a = 1; a < rules.length; a += 1) for (let b = 0; b < a; b += 1) if (sameSignature(rules[a] as CorsRule, rules[b] as CorsRule)) return true;
  return false;
}

/**
 * Must this rule be compared by content key? When a list is long (pairwise set tests would cost more than sorting), or
 * when keys could be equal without the lists being equal as sets: through a value holding a key separator (newline,
 * NUL) or an empty value (no entry and one empty entry join alike).
 */
function needsContentKey(rule: CorsRule): boolean {
  return keyUnsafe(rule.allowedOrigins) || keyUnsafe(rule.allowedMethods) || keyUnsafe(rule.allowedHeaders) || keyUnsafe(rule.exposeHeaders);
}

function keyUnsafe(values: readonly string[]): boolean {
  if (values.length > SHORT_LIST) return true;
  for (const value of values) if (value === '' || value.includes('\n') || value.includes('\u0000')) return true;
  return false;
}

/** Every value of `a` is in `b`, and every value of `b` in `a` (order and repeats aside). */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  for (const value of a) if (!b.includes(value)) return false;
  for (const value of b) if (!a.includes(value)) return false;
  return true;
}

function sameFoldedSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return a.length === b.length;
  return sameSet(a.map((value) => value.toLowerCase()), b.map((value) => value.toLowerCase()));
}

/** ruleContentKey(a) === ruleContentKey(b) for rules that need no content key (see needsContentKey), comparing lists instead of building keys. */
function sameContentWithoutKeys(a: CorsRule, b: CorsRule): boolean {
  return (
    (a.maxAgeSeconds === b.maxAgeSeconds || String(a.maxAgeSeconds) === String(b.maxAgeSeconds)) &&
    a.exposeHeaders.length === b.exposeHeaders.length &&
    a.exposeHeaders.every((value, index) => value === b.exposeHeaders[index]) &&
    sameSet(a.allowedMethods, b.allowedMethods) &&
    sameSet(a.allowedOrigins, b.allowedOrigins) &&
    sameFoldedSet(a.allowedHeaders, b.allowedHeaders)
  );
}

/** For each rule, the index of the first rule with the same content (itself when it is the first). */
export function firstCopyIndexes(rules: readonly CorsRule[]): number[] {
  const firsts = new Array<number>(rules.length);
  for (let index = 0; index < rules.length; index += 1) firsts[index] = index;
  // A cheap signature first: content is compared only when some rules could be copies.
  if (rules.length < 2 || !someSameSignature(rules)) return firsts;
  if (rules.length <= PAIRWISE_SIGNATURES_UP_TO && !rules.some(needsContentKey)) {
    // Few rules (the usual case): compare each with the earlier first copies, without building keys.
    for (let later = 1; later < rules.length; later += 1) {
      for (let earlier = 0; earlier < later; earlier += 1) {
        if (firsts[earlier] === earlier && sameContentWithoutKeys(rules[earlier] as CorsRule, rules[later] as CorsRule)) {
          firsts[later] = earlier;
          break;
        }
      }
    }
    return firsts;
  }
  const firstByKey = new Map<string, number>();
  return rules.map((rule, index) => {
    const key = ruleContentKey(rule);
    const first = firstByKey.get(key);
    if (first !== undefined) return first;
    firstByKey.set(key, index);
    return index;
  });
}

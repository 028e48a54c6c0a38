import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  admitsAnySite,
  bypassKind,
  describeOriginPattern,
  developmentHostReason,
  developmentOriginReason,
  extensionAdmitted,
  firstCopyIndexes,
  firstMatchingRule,
  foreignOriginsAdmitted,
  isShadowed,
  misorderedRules,
  neverMatchingReason,
  patternContains,
  registrableDomain,
  sampleHost,
  reachabilityTooCostly,
  ruleAdmits,
  ruleContentKey,
  sampleOrigins,
  shadowingOfAll,
  shadowingRule,
  shadowingRules,
  ReachabilityFacts,
} from '../../../lib/cors/analysis';
import { originMatches } from '../../../lib/cors/match';
import { fromS3Rules } from '../../../lib/cors/serialize';
import { firstMatch } from '../../../lib/cors/simulate';
import type { S3CorsRule } from '../../../lib/cors/types';

const rulesOf = (rules: S3CorsRule[]) => fromS3Rules(rules).rules;

describe('describeOriginPattern', () => {
  it.each([
    ['*', { kind: 'any' }],
    ['null', { kind: 'null-origin' }],
    ['https://app.example.com:8443', { kind: 'exact', scheme: 'https', host: 'app.example.com', port: '8443' }],
    ['https://*.example.com', { kind: 'wildcard', position: 'host-start', scheme: 'https', hostSuffix: '.example.com' }],
    ['https://app-*.example.com', { kind: 'wildcard', position: 'host-middle', hostPrefix: 'app-', hostSuffix: '.example.com' }],
    ['https://example.*', { kind: 'wildcard', position: 'host-end', hostPrefix: 'example.' }],
    ['https://example.com:*', { kind: 'wildcard', position: 'port' }],
    // The port of a bracketed IPv6 host follows its `]`.
    ['http://[::1]:*', { kind: 'wildcard', position: 'port', hostPrefix: '[::1]', port: '*' }],
    ['http://[fd00::*]', { kind: 'wildcard', position: 'host-middle', hostPrefix: '[fd00::', hostSuffix: ']' }],
    ['*://example.com', { kind: 'wildcard', position: 'scheme', hostSuffix: 'example.com' }],
    ['*.example.com', { kind: 'wildcard', position: 'scheme-and-host', hostSuffix: '.example.com' }],
    ['https://example.com/*', { kind: 'wildcard', position: 'path' }],
    ['https://*.*.com', { kind: 'malformed' }],
  ])('%s', (pattern, shape) => {
    expect(describeOriginPattern(pattern)).toMatchObject(shape);
  });
  it.each([
    ['https://App.Example.com', { kind: 'exact', scheme: 'https', host: 'App.Example.com', port: null }],
    ['HTTP://app.example.com', { kind: 'exact', scheme: 'HTTP', host: 'app.example.com', port: null }],
    ['https://app.example.com.', { kind: 'exact', scheme: 'https', host: 'app.example.com.', port: null }],
    ['https://app.example.com:', { kind: 'exact', scheme: 'https', host: 'app.example.com', port: '' }],
    ['https://app.example.com:443/x:1', { kind: 'exact', scheme: 'https', host: 'app.example.com:443/x', port: '1' }],
    ['http://[::1]:3000', { kind: 'exact', scheme: 'http', host: '[::1]', port: '3000' }],
    ['http://[::1]', { kind: 'exact', scheme: 'http', host: '[::1]', port: null }],
    ['http://[::1', { kind: 'exact', scheme: 'http', host: '[:', port: '1' }],
    ['app.example.com:8080', { kind: 'exact', scheme: null, host: 'app.example.com', port: '8080' }],
    ['ftp://x', { kind: 'exact', scheme: 'ftp', host: 'x', port: null }],
    ['https://', { kind: 'exact', scheme: 'https', host: '', port: null }],
    [' https://a.example.com', { kind: 'exact', scheme: ' https', host: 'a.example.com', port: null }],
  ])('exact %j', (pattern, shape) => {
    expect(describeOriginPattern(pattern)).toEqual(shape);
  });
});

describe('admitsAnySite and foreign origins', () => {
  it.each(['*', 'https://*', 'http://*', '*.com', 'https://*.com', 'https://*.co.uk', '*com'])('%s admits any site', (pattern) => {
    expect(admitsAnySite(pattern)).toBe(true);
  });
  it.each(['https://*.example.com', 'https://*example.com', 'https://example.*', 'https://app.example.com', 'null', 'https://example.com:*'])('%s does not admit any site', (pattern) => {
    expect(admitsAnySite(pattern)).toBe(false);
  });
  // Multi-label public suffixes: anyone registers a name under them.
  it.each(['https://*.eu.org', 'https://*.ltd.uk', 'https://*.me.uk', 'https://*.id.au', 'https://*.us.com', 'https://*.duckdns.org', 'https://*.onion'])('%s admits any site', (pattern) => {
    expect(admitsAnySite(pattern)).toBe(true);
  });
  // Special-use names nobody registers (RFC 6761, RFC 8375), and extension ids, which are no domain names.
  it.each(['http://*.localhost', 'https://*.test', 'https://*.internal', 'https://*.example', 'https://*.invalid', 'https://*.local', 'https://*.home.arpa', '*.localhost', 'chrome-extension://*', 'moz-extension://*', 'chrome-extension://abc*'])(
    '%s admits no attacker-registered site',
    (pattern) => {
      expect(admitsAnySite(pattern)).toBe(false);
      expect(foreignOriginsAdmitted(pattern)).toEqual([]);
      expect(bypassKind(pattern)).toBeNull();
    },
  );
  it.each([
    ['https://*example.com', 'https://evilexample.com', 'suffix'],
    ['https://example.*', 'https://example.evil.net', 'prefix'],
    ['https://example.com*', 'https://example.com.evil.net', 'prefix'],
    ['https://app-*', 'https://app-evil.net', 'prefix'],
  ])('%s admits %s (%s bypass)', (pattern, attacker, kind) => {
    expect(foreignOriginsAdmitted(pattern)).toContain(attacker);
    expect(bypassKind(pattern)).toBe(kind);
  });
  it.each(['https://*.example.com', 'https://app-*.example.com', 'https://example.com:*', 'https://app.example.com', '*://app.example.com'])('%s admits no foreign origin', (pattern) => {
    expect(foreignOriginsAdmitted(pattern)).toEqual([]);
    expect(bypassKind(pattern)).toBeNull();
  });
  it('only ever reports origins the matcher admits', () => {
    const piece = fc.constantFrom('https://', 'http://', '', 'a', '.', 'example', '.com', 'co.uk', ':8080', '-', 'net');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 4 }), fc.array(piece, { maxLength: 4 }), (before, after) => {
        const pattern = `${before.join('')}*${after.join('')}`;
        for (const origin of foreignOriginsAdmitted(pattern)) expect(originMatches(pattern, origin)).toBe(true);
      }),
    );
  });
});

describe('extensionAdmitted', () => {
  it.each([
    ['chrome-extension://*', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
    ['moz-extension://*', 'moz-extension://0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d'],
    ['safari-web-extension://*', 'safari-web-extension://0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D'],
    // A `*` for the whole id, or after a prefix short enough to find by generating keys (Chrome and Edge ids derive
    // from the publisher's key; Firefox's are random per install).
    ['chrome-extension://abc*', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'],
    ['ms-browser-extension://abcdefg*', 'ms-browser-extension://abcdefghijklmnopabcdefghijklmnop'],
    ['chrome-extension://abcdefgh*', null],
    ['moz-extension://0b1c*', null],
    ['chrome-extension://abcdefghijklmnopabcdefghijklmnop', null],
    ['https://*', null],
    ['ftp://*', null],
    ['*', null],
  ])('%s: %s', (pattern, origin) => {
    expect(extensionAdmitted(describeOriginPattern(pattern))).toBe(origin);
  });
});

describe('registrableDomain', () => {
  // Two-letter top-level domains under a common second level (co.uk, com.au) keep three labels; addresses have none.
  it.each([
    ['app.example.com', 'example.com'],
    ['example.com', 'example.com'],
    ['com', null],
    ['', null],
    ['a.b.example.co.uk', 'example.co.uk'],
    ['example.co.uk', 'example.co.uk'],
    ['co.uk', null],
    ['.co.uk', '.co.uk'],
    ['x.com.au', 'x.com.au'],
    ['evil.net', 'evil.net'],
    ['a.co', 'a.co'],
    ['example.com.', 'com.'],
    ['x..com', '.com'],
    ['1.2.3.4', null],
    ['1.2.3.4.5', '4.5'],
    ['256.1.1.1', null],
    ['[::1]', null],
    ['a.b.c.org.uk', 'c.org.uk'],
    ['x.go.jp', 'x.go.jp'],
    ['x.gov.uk', 'x.gov.uk'],
    ['x.comm.uk', 'comm.uk'],
    ['x.c.uk', 'c.uk'],
    // Public suffixes beyond a two-letter country's `co`/`com`: registries' own and shared registrations.
    ['app.example.eu.org', 'example.eu.org'],
    ['eu.org', null],
    ['a.b.ltd.uk', 'b.ltd.uk'],
    ['x.me.uk', 'x.me.uk'],
    ['shop.us.com', 'shop.us.com'],
    ['me.duckdns.org', 'me.duckdns.org'],
    ['x.home.arpa', 'x.home.arpa'],
    // The same labels elsewhere are ordinary names: web.de, eu.com.example, me.com.
    ['mail.web.de', 'web.de'],
    ['a.me.com', 'me.com'],
    ['a.eu.net', 'eu.net'],
  ])('%j: %j', (host, domain) => {
    expect(registrableDomain(host)).toBe(domain);
  });
});

describe('neverMatchingReason', () => {
  it.each([
    ['', /empty/],
    ['https://app.example.com/', /trailing slash/],
    ['https://app.example.com/x', /path/],
    ['https://App.example.com', /uppercase/],
    ['https://app.example.com:443', /:443/],
    ['http://app.example.com:80', /:80/],
    ['https://app.example.com ', /whitespace/],
    ['app.example.com', /no scheme/],
    ['https://bücher.example', /punycode/],
    // Whitespace is named before non-ASCII, and both before uppercase, wherever each sits.
    ['https://bücher.example ', /whitespace/],
    ['https://Bücher.example', /punycode/],
    ['https://a\u00a0.example.com', /whitespace/],
    ['https://a\u2028.example.com', /whitespace/],
    ['https://a\u0000.example.com', /punycode/],
    ['https://a\u007f.example.com', /punycode/],
    ['\thttps://a.example.com', /whitespace/],
    ['HTTPS://A.EXAMPLE.COM', /uppercase/],
    ['https://*.Example.com', /uppercase/],
    ['https://x.github.io/', /trailing slash/],
    ['https://app.example.com:443/x', /path/],
    // Characters the URL standard forbids in a host: Slack markup and pipes from hostile configurations.
    ['https://<!channel>.example.com', /has "<" in its host/],
    ['https://pipe|injected.example.com', /has "\|" in its host/],
    ['https://*.ex^ample.com', /has "\^" in its host/],
    ['https://user@example.com', /has "@" in its host/],
    ['https://app.example.com?x', /has "\?" in its host/],
    ['https://a%41.example.com', /has "%" in its host/],
    ['https://a\\b.example.com', /has "\\" in its host/],
    // A colon or bracket left in the host: no URL parser reads it.
    ['https://example.com:8080:9090', /is not a valid URL origin/],
    ['https://a]b.example.com', /is not a valid URL origin/],
    // Hosts and ports the URL parser writes otherwise: the browser sends its serialisation, never this text.
    ['http://127.1', /they send http:\/\/127\.0\.0\.1\)/],
    ['http://0x7f.1', /they send http:\/\/127\.0\.0\.1\)/],
    ['http://2130706433', /they send http:\/\/127\.0\.0\.1\)/],
    ['http://0177.0.0.1', /they send http:\/\/127\.0\.0\.1\)/],
    ['http://192.168.001.010', /they send http:\/\/192\.168\.1\.8\)/],
    ['http://127.0.0.1.', /they send http:\/\/127\.0\.0\.1\)/],
    ['http://[0:0:0:0:0:0:0:1]', /they send http:\/\/\[::1\]\)/],
    ['http://[::ffff:127.0.0.1]', /they send http:\/\/\[::ffff:7f00:1\]\)/],
    ['https://app.example.com:0443', /they send https:\/\/app\.example\.com\)/],
    ['https://app.example.com:08443', /they send https:\/\/app\.example\.com:8443\)/],
    ['https://a.example.com:', /they send https:\/\/a\.example\.com\)/],
    ['https://app.example.123', /not a valid URL origin/],
    ['http://256.0.0.1', /not a valid URL origin/],
    ['http://[::1', /not a valid URL origin/],
    ['https://app.example.com:65536', /not a valid URL origin/],
  ])('%j never matches', (pattern, reason) => {
    expect(neverMatchingReason(pattern)).toMatch(reason);
  });
  it.each(['*', 'null', 'https://app.example.com', 'https://*.example.com', '*.example.com', 'http://app.example.com:443', 'https://*', 'h*.example.com', 'https://app.example.com.', 'http://[::1]:3000', 'http://127.0.0.1:8080', 'https://app.example.com:8443', 'https://app.example.com:65535', 'http://[fd00::1]', 'http://[::ffff:7f00:1]', 'https://1password.com', 'https://x.1e100.net'])('%j can match', (pattern) => {
    expect(neverMatchingReason(pattern)).toBeNull();
  });
});

describe('developmentOriginReason', () => {
  it.each([
    ['http://localhost:3000', 'localhost'],
    ['http://app.localhost', 'localhost'],
    ['http://127.1.2.3', 'loopback 127.0.0.0/8'],
    ['http://172.31.255.1', 'private 172.16.0.0/12'],
    ['http://10.*', 'private 10.0.0.0/8'],
    // A wildcard port or scheme leaves the host whole.
    ['http://localhost:*', 'localhost'],
    ['https://localhost:*', 'localhost'],
    ['http://127.0.0.1:*', 'loopback 127.0.0.0/8'],
    ['http://[::1]:*', 'IPv6 loopback'],
    ['*://127.0.0.1', 'loopback 127.0.0.0/8'],
    ['*://[fd00::1]:8080', 'private IPv6 fc00::/7'],
    ['http://169.254.*', 'link-local 169.254.0.0/16'],
    ['http://100.100.*', 'shared address space 100.64.0.0/10'],
    ['http://[fd12:*]', 'private IPv6 fc00::/7'],
    ['http://[fe80::*]', 'link-local IPv6 fe80::/10'],
    ['*[::1]', 'IPv6 loopback'],
    ['http://*.localhost', 'localhost'],
    ['https://*.test', 'reserved .test name'],
    ['https://*.home.arpa', 'home network .home.arpa name'],
  ])('%s is %s', (pattern, reason) => {
    expect(developmentOriginReason(pattern)).toBe(reason);
  });
  it.each(['http://172.15.0.1', 'https://app.example.com', 'https://localhost.example.com', 'https://*', 'http://100.*', 'http://100.128.0.1', 'http://169.255.0.1', 'http://[::*]', 'http://[2001:db8::*]', 'https://example.com:*', 'https://*.example', 'https://test.example.com'])('%s is not a development origin', (pattern) => {
    expect(developmentOriginReason(pattern)).toBeNull();
  });
  it.each([
    ['HTTP://LOCALHOST:3000', 'localhost'],
    ['http://[::1]:3000', 'IPv6 loopback'],
    ['http://[::1]', 'IPv6 loopback'],
    ['https://Dev.Local', 'mDNS .local name'],
    ['https://x.INTERNAL', '.internal name'],
    ['http://192.168.1.5:8080', 'private 192.168.0.0/16'],
    ['http://0.0.0.0', 'unspecified 0.0.0.0'],
    ['localhost:3000', 'localhost'],
    ['http://localhost.', null],
    ['http://[::1', null],
    ['http://256.0.0.1', null],
    ['http://1O.0.0.1', null],
    ['http://127.0.0.1.', null],
    ['http://127.0.0', null],
  ])('exact %j: %s', (pattern, reason) => {
    expect(developmentOriginReason(pattern)).toBe(reason);
  });
});

describe('developmentHostReason', () => {
  it.each([
    ['localhost', 'localhost'],
    ['app.localhost', 'localhost'],
    ['[::1]', 'IPv6 loopback'],
    ['127.0.0.1', 'loopback 127.0.0.0/8'],
    ['10.0.0.1', 'private 10.0.0.0/8'],
    ['dev.local', 'mDNS .local name'],
    ['api.internal', '.internal name'],
    ['app.test', 'reserved .test name'],
    ['nas.home.arpa', 'home network .home.arpa name'],
    ['169.254.169.254', 'link-local 169.254.0.0/16'],
    ['100.64.0.1', 'shared address space 100.64.0.0/10'],
    ['100.127.255.254', 'shared address space 100.64.0.0/10'],
    ['100.63.0.1', null],
    ['100.128.0.1', null],
    ['[::]', 'unspecified ::'],
    ['[0:0:0:0:0:0:0:1]', 'IPv6 loopback'],
    ['[fd00::1]', 'private IPv6 fc00::/7'],
    ['[fc00:1:2:3:4:5:6:7]', 'private IPv6 fc00::/7'],
    ['[fe80::1]', 'link-local IPv6 fe80::/10'],
    ['[febf::1]', 'link-local IPv6 fe80::/10'],
    ['[fec0::1]', null],
    ['[::ffff:7f00:1]', 'IPv4-mapped loopback 127.0.0.0/8'],
    ['[::ffff:192.168.0.1]', 'IPv4-mapped private 192.168.0.0/16'],
    ['[::ffff:808:808]', null],
    ['[2001:db8::1]', null],
    ['[::1::1]', null],
    ['[1:2:3:4:5:6:7:8:9]', null],
    ['[fd00::1', null],
    ['app.example.com', null],
    ['172.32.0.1', null],
    ['', null],
  ])('%j: %s', (host, reason) => {
    expect(developmentHostReason(host)).toBe(reason);
  });
  it('answers as developmentOriginReason for every exact origin, given its sample host', () => {
    const piece = fc.constantFrom('https://', 'http://', 'HTTP://', '[::1]', '[', ']', ':', ':3000', '.', 'localhost', 'LocalHost', 'local', 'internal', '127', '10', '0', '172', '16', '192', '168', '256', 'app', 'é', ' ', '/');
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 8 }), (pieces) => {
        const pattern = pieces.join('');
        const host = sampleHost(pattern);
        if (describeOriginPattern(pattern).kind !== 'exact' || host === null) return;
        expect(developmentHostReason(host)).toBe(developmentOriginReason(pattern));
      }),
    );
  });
});

describe('patternContains', () => {
  it.each([
    ['*', 'https://*.example.com', true],
    ['https://*.example.com', 'https://a.example.com', true],
    ['https://*.example.com', 'https://a-*.example.com', true],
    ['https://a-*.example.com', 'https://*.example.com', false],
    ['https://*.example.com', 'https://*.a.example.com', true],
    ['https://a.example.com', 'https://*.example.com', false],
    ['x-amz-*', 'X-AMZ-ACL', true],
  ])('%s ⊇ %s is %s', (outer, inner, expected) => {
    expect(patternContains(outer, inner, true)).toBe(expected);
  });
  it('agrees with the matcher on every sample of the inner pattern', () => {
    const text = fc.stringMatching(/^[ab.*]{0,5}$/).filter((value) => value.split('*').length <= 2);
    fc.assert(
      fc.property(text, text, fc.stringMatching(/^[ab.]{0,4}$/), (outer, inner, fill) => {
        if (!patternContains(outer, inner)) return;
        const star = inner.indexOf('*');
        const sample = star < 0 ? inner : `${inner.slice(0, star)}${fill}${inner.slice(star + 1)}`;
        expect(originMatches(outer, sample)).toBe(true);
      }),
    );
  });
});

describe('ruleAdmits and first match', () => {
  const [rule] = rulesOf([{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['x-amz-*'] }]);
  it.each([
    [{ origin: 'https://a.example.com', method: 'GET' }, true],
    [{ origin: 'https://a.example.com', method: 'GET', headers: ['X-Amz-Date'] }, true],
    [{ origin: 'https://a.example.com', method: 'GET', headers: ['range'] }, false],
    [{ origin: 'https://a.example.com', method: 'PUT' }, false],
    [{ origin: 'https://a.example.org', method: 'GET' }, false],
  ])('%j → %s', (request, expected) => {
    expect(ruleAdmits(rule!, request)).toBe(expected);
  });
});

describe('shadowing', () => {
  it('names the earlier rule that takes every request', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'] },
      { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] },
    ]);
    expect(shadowingRule(rules, 1)).toBe(0);
    expect(isShadowed(rules, 0)).toBe(false);
  });
  it('keeps a rule reachable when an origin it lists is not covered', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] },
      { AllowedOrigins: ['https://a.example.com', 'https://a.example.org'], AllowedMethods: ['GET'] },
    ]);
    expect(isShadowed(rules, 1)).toBe(false);
  });
  it('counts an AllowedHeader no requested name can match as admitting nothing: the rule is shadowed', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] },
      { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['Content-Type, Authorization', ' x-amz-date'] },
    ]);
    expect(shadowingRule(rules, 1)).toBe(0);
  });
  it('treats two MaxAgeSeconds that are not numbers alike, as the simulator sends neither', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: Number.NaN },
      { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], MaxAgeSeconds: Number.NaN },
    ]);
    expect(misorderedRules(rules)).toEqual([]);
  });
  it('reports a mis-ordered rule with a witness request the earlier rule answers', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
      { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'] },
    ]);
    const [found] = misorderedRules(rules);
    expect(found).toMatchObject({ index: 1, takenBy: 0, origin: 'https://app.example.com', method: 'GET' });
    expect(firstMatchingRule(rules, { origin: found!.origin, method: found!.method })).toBe(0);
  });

  // A small alphabet makes overlaps between patterns and requests frequent.
  const originPattern = fc.oneof(
    fc.constantFrom('*', 'https://a.example.com', 'https://b.example.com', 'https://*.example.com', 'https://*', 'https://a.*', 'https://*a.example.com', 'http://a.example.com'),
    fc.tuple(fc.stringMatching(/^[ab.:/]{0,4}$/), fc.boolean(), fc.stringMatching(/^[ab.:/]{0,4}$/)).map(([p, star, s]) => (star ? `${p}*${s}` : `${p}${s}`)),
  );
  const requestOrigin = fc.oneof(
    fc.constantFrom('https://a.example.com', 'https://b.example.com', 'https://x.example.com', 'https://a.evil.net', 'https://.example.com', 'http://a.example.com', 'https://aa.example.com'),
    fc.stringMatching(/^[ab.:/]{0,6}$/),
  );
  const method = fc.constantFrom('GET', 'PUT', 'HEAD');
  // 'content-type, range' and ' x-amz-date' never match: a requested name holds no comma and no edge whitespace.
  const headerPattern = fc.constantFrom('*', 'x-amz-*', 'content-type', 'x-amz-date', 'Range', 'x-*-date', 'content-type, range', ' x-amz-date');
  const corsRule = fc.record({
    AllowedOrigins: fc.array(originPattern, { minLength: 1, maxLength: 3 }),
    AllowedMethods: fc.array(method, { minLength: 1, maxLength: 2 }),
    AllowedHeaders: fc.array(headerPattern, { maxLength: 2 }),
  });
  const request = fc.record({ origin: requestOrigin, method, headers: fc.array(fc.constantFrom('x-amz-date', 'content-type', 'range', 'X-Amz-Acl'), { maxLength: 2 }) });

  it('never reports a rule shadowed when some request reaches it (property)', () => {
    fc.assert(
      fc.property(fc.array(corsRule, { minLength: 1, maxLength: 4 }), fc.array(request, { minLength: 1, maxLength: 8 }), (s3Rules, requests) => {
        const rules = rulesOf(s3Rules);
        const probes = [...requests, ...rules.flatMap((rule) => rule.allowedOrigins.flatMap(sampleOrigins).flatMap((origin) => rule.allowedMethods.map((m) => ({ origin, method: m, headers: [] }))))];
        for (const probe of probes) {
          const reached = firstMatchingRule(rules, probe);
          if (reached !== null) expect(isShadowed(rules, reached)).toBe(false);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('backs every mis-ordering with a real witness request (property)', () => {
    fc.assert(
      fc.property(fc.array(corsRule, { minLength: 2, maxLength: 4 }), (s3Rules) => {
        const rules = rulesOf(s3Rules);
        for (const found of misorderedRules(rules)) {
          const witness = { origin: found.origin, method: found.method };
          expect(firstMatchingRule(rules, witness)).toBe(found.takenBy);
          expect(ruleAdmits(rules[found.index]!, witness)).toBe(true);
          expect(isShadowed(rules, found.index)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('selects the same rule as the simulator (property)', () => {
    fc.assert(
      fc.property(fc.array(corsRule, { minLength: 1, maxLength: 4 }), request, (s3Rules, probe) => {
        const rules = rulesOf(s3Rules);
        const acrh = probe.headers.length > 0 ? probe.headers.join(', ') : null;
        expect(firstMatchingRule(rules, probe)).toBe(firstMatch(rules, probe.origin, probe.method, acrh)?.index ?? null);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reachability budget', () => {
  it('gives up (claims nothing) when pairwise comparison would be too costly', () => {
    const origins = Array.from({ length: 3000 }, (_, index) => `https://h${index}.example.com`);
    const rules = rulesOf([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, { AllowedOrigins: origins, AllowedMethods: ['GET'] }, { AllowedOrigins: origins, AllowedMethods: ['GET', 'PUT'] }]);
    expect(reachabilityTooCostly(rules)).toBe(true);
    expect(misorderedRules(rules)).toEqual([]);
    expect(reachabilityTooCostly(rules.slice(0, 2))).toBe(false);
    expect(isShadowed(rules.slice(0, 2), 1)).toBe(true);
  });
});

describe('methods in the reachability questions', () => {
  it('treats methods as case-sensitive text: a `get` rule does not take GET requests', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['*'], AllowedMethods: ['get'] },
      { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] },
    ]);
    expect(isShadowed(rules, 1)).toBe(false);
  });
  it('answers alike when a configuration names more distinct methods than fit in a bit set', () => {
    const many = Array.from({ length: 30 }, (_, index) => `M${index}`);
    const rules = rulesOf([
      { AllowedOrigins: ['*'], AllowedMethods: ['GET', ...many] },
      { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET', 'M29'] },
      { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT', 'M29'] },
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['M7'], MaxAgeSeconds: 5 },
    ]);
    expect(shadowingOfAll(rules)).toEqual([null, [0], null, [0]]);
    expect(misorderedRules(rules)).toMatchObject([{ index: 2, takenBy: 0, method: 'M29' }]);
  });
  it('finds a witness with a method outside S3\'s five, each method asked once', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['*'], AllowedMethods: ['get', 'GET'] },
      { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT', 'get', 'get'], ExposeHeaders: ['ETag'] },
    ]);
    expect(shadowingOfAll(rules)).toEqual([null, null]);
    expect(misorderedRules(rules)).toEqual([{ index: 1, takenBy: 0, origin: 'https://a.example.com', method: 'get', differences: ['credentials refused (Allow-Origin: *)', 'different Expose-Headers'] }]);
  });
});

describe('ReachabilityFacts', () => {
  it('answers shadowing and misordering alike whichever question is asked first', () => {
    const rules = rulesOf([
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] },
      { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] },
      { AllowedOrigins: ['https://b.example.com'], AllowedMethods: ['GET', 'PUT'], MaxAgeSeconds: 60 },
    ]);
    const asked = new ReachabilityFacts(rules);
    expect(shadowingRules(rules, 1, asked)).toEqual([0]);
    expect(asked.shadowing()).toEqual([null, [0], null]);
    expect(asked.misorderings()).toMatchObject([{ index: 2, takenBy: 0, method: 'GET', differences: ['different Max-Age'] }]);
    const fresh = new ReachabilityFacts(rules);
    expect(fresh.misorderings()).toEqual(asked.misorderings());
    expect(fresh.shadowing()).toEqual(shadowingOfAll(rules));
  });
});

describe('firstCopyIndexes', () => {
  it.each<[string, S3CorsRule[], number[]]>([
    ['order, repeats and header case aside', [{ AllowedOrigins: ['https://a.example.com', 'https://b.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['X-Amz-Date'] }, { AllowedOrigins: ['https://b.example.com', 'https://a.example.com'], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['x-amz-date'] }], [0, 0]],
    ['ExposeHeaders in another order', [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag', 'x-amz-version-id'] }, { AllowedOrigins: ['*'], AllowedMethods: ['GET'], ExposeHeaders: ['x-amz-version-id', 'ETag'] }], [0, 1]],
    ['another Max-Age', [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 5 }, { AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 6 }], [0, 1]],
    ['origins in another case', [{ AllowedOrigins: ['https://A.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }], [0, 1]],
  ])('%s', (_name, s3Rules, expected) => {
    expect(firstCopyIndexes(rulesOf(s3Rules))).toEqual(expected);
  });

  it.each([
    ['plain values', ['a', 'b', 'A', 'GET']],
    ['empty and newline values', ['a', 'b', 'A', '', 'a\nb']],
  ])('groups rules by content key whenever some rules could be copies, with %s (property)', (_name, values) => {
    // Fixed list lengths give every rule the same signature, so the content comparison always runs; empty and
    // newline values are where comparing lists and comparing keys could part.
    const value = fc.constantFrom(...values);
    const corsRule = fc.record({
      AllowedOrigins: fc.array(value, { minLength: 2, maxLength: 2 }),
      AllowedMethods: fc.array(value, { minLength: 1, maxLength: 1 }),
      AllowedHeaders: fc.array(value, { minLength: 2, maxLength: 2 }),
      ExposeHeaders: fc.array(value, { minLength: 1, maxLength: 1 }),
      MaxAgeSeconds: fc.constantFrom(1, 2),
    });
    fc.assert(
      fc.property(fc.array(corsRule, { minLength: 2, maxLength: 6 }), (s3Rules) => {
        const rules = rulesOf(s3Rules);
        const keys = rules.map(ruleContentKey);
        expect(firstCopyIndexes(rules)).toEqual(keys.map((key) => keys.indexOf(key)));
      }),
      { numRuns: 300 },
    );
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { configHash } from '../../../lib/cors';
import type { S3CorsRule } from '../../../lib/cors/types';
import { ruleCatalogue } from '../../../lib/engine';
import { REPORT_CSP, renderHtmlReport } from '../../../lib/report/html';
import type { BucketState, ReportSnapshot } from '../../../lib/report/model';
import { finding, HOSTILE, hostileSnapshot, sampleSnapshot } from './sample-snapshot';

const ALLOWED_TAGS = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'main', 'section', 'h1', 'h2', 'h3', 'h4', 'p', 'div', 'span', 'strong', 'br', 'ul', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'button', 'label', 'input', 'select', 'option', 'pre', 'code', 'dl', 'dt', 'dd', 'a', 'svg', 'g', 'rect', 'line', 'text', 'script']);

/** Every tag in the document (outside the one script and style, which hold no data). */
function tagsOf(html: string): string[] {
  const withoutCode = html.replace(/<script>[\s\S]*?<\/script>/, '<script></script>').replace(/<style>[\s\S]*?<\/style>/, '<style></style>');
  return withoutCode.match(/<\/?[!a-zA-Z][^>]*>/g) ?? [];
}

function expectOnlyOurMarkup(html: string) {
  for (const tag of tagsOf(html)) {
    const name = /^<\/?([!a-zA-Z][a-zA-Z0-9]*)/.exec(tag)?.[1]?.toLowerCase() ?? '';
    expect(ALLOWED_TAGS, `unexpected tag ${tag.slice(0, 80)}`).toContain(name);
    // Attribute values are quoted and cannot hold a raw quote, so what is left outside quotes is markup.
    const markup = tag.replace(/"[^"]*"/g, '""');
    expect(markup, 'event handler attribute').not.toMatch(/\son[a-z]+\s*=/i);
    expect(markup, 'unquoted attribute').not.toMatch(/=[^"\s>]/);
    expect(tag, 'javascript: URL').not.toMatch(/javascript:/i);
  }
  expect(html.match(/<script\b/g)).toHaveLength(1);
  expect(html.match(/<\/script>/g)).toHaveLength(1);
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(sampleSnapshot());

  it('is one self-contained document with a strict CSP admitting only its own script by hash', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(script).digest('base64');
    expect(REPORT_CSP).toBe(`default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src 'none'; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`);
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'));
    expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=|@import|url\(/i);
    expectOnlyOurMarkup(html);
  });

  it('summarises by severity and by account', () => {
    expect(html).toMatch(/<div class="card critical" data-severity="critical"><span class="count">1<\/span>critical<\/div>/);
    expect(html).toContain('<span class="count" id="total-findings">5</span>');
    expect(html).toMatch(/<tr><td class="nowrap">222222222222<\/td><td>marketing<\/td><td class="num">3<\/td><td class="num">2<\/td><td class="num">1<\/td>/);
  });

  it('draws one stacked bar per scan, oldest first, without repeating the latest scan', () => {
    expect(html.match(/<g class="scan">/g)).toHaveLength(4);
    const snapshot = sampleSnapshot();
    snapshot.history.push(snapshot.latestScan);
    expect(renderHtmlReport(snapshot).match(/<g class="scan">/g)).toHaveLength(4);
    const titles = [...html.matchAll(/<g class="scan"><title>(.+?): \d+ finding/g)].map((match) => match[1]);
    expect(titles).toEqual(['scan-2026-11-20', 'scan-2026-11-21', 'scan-2026-11-22', 'scan-2026-11-23T02:00:00Z']);
  });

  it('lists every bucket, worst score first, unscored last, with sort and filter data', () => {
    const buckets = [...html.matchAll(/<tbody class="bucket" data-account="(\d+)" data-bucket="([^"]+)"[^>]*data-score="(\d*)"[^>]*data-severity="(-?\d)"/g)].map((match) => [match[2], match[3], match[4]]);
    expect(buckets).toEqual([
      ['prod-uploads', '30', '4'],
      ['marketing-site', '89', '2'],
      ['prod-assets', '97', '1'],
      ['marketing-static', '100', '-1'],
      ['legal-hold', '', '-1'],
      ['prod-logs', '', '-1'],
    ]);
    expect(html).toContain('Showing <strong id="shown-count">6</strong> of 6 buckets');
  });

  it('shows each finding with the remediation snippet from the rule catalogue and compliance references', () => {
    const rule = ruleCatalogue().find((entry) => entry.id === 'S3CORS-ANY-ORIGIN-WRITE');
    expect(rule).toBeDefined();
    const example = `[\n${rule?.remediation.example.map((entry) => `  ${JSON.stringify(entry)}`).join(',\n')}\n]`;
    expect(html).toContain(`<pre><code>${example.replace(/"/g, '&quot;')}</code></pre>`);
    expect(JSON.parse(example)).toEqual(rule?.remediation.example);
    expect(html).toContain('NIST SP 800-53: AC-4, SC-7');
    // The catalogue's `code` spans render as <code>; the audited account's backticks never do (escaped as &#96;).
    expect(html).toMatch(/<p class="muted">[^<]*<code>\*<\/code>/);
    expect(html).toContain('href="https://cwe.mitre.org/data/definitions/942.html"');
  });

  it('says when a stored finding refers to a rule this version does not know', () => {
    const snapshot = sampleSnapshot();
    snapshot.buckets[0]!.findings.push(finding({ bucket: 'prod-uploads', ruleId: 'S3CORS-RETIRED', severity: 'low' }));
    expect(renderHtmlReport(snapshot)).toContain("Rule S3CORS-RETIRED is not in this version's catalogue.");
  });

  it('shows the CORS rules, coverage and scan errors', () => {
    expect(html).toContain('CORS rules (2)');
    expect(html).toContain('<li>Account 333333333333: assume-role failed (AccessDenied)</li>');
    expect(html).toContain('1 bucket(s) unreadable: not assessed, neither pass nor fail');
    expect(html).toMatch(/<tr><td class="nowrap">222222222222<\/td><td>legal-hold<\/td><td class="nowrap">us-east-1<\/td><td>AccessDenied<\/td><td>Access Denied<\/td><\/tr>/);
  });

  describe('with hostile data', () => {
    const hostile = renderHtmlReport(hostileSnapshot());

    it('emits only its own markup: no tag, attribute or script from the data', () => {
      expectOnlyOurMarkup(hostile);
    });

    it.each([
      ['script origin', HOSTILE.scriptOrigin, 'https://&lt;script&gt;window.__pwned=1&lt;/script&gt;.example'],
      ['attribute break', HOSTILE.attributeBreak, '&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;'],
      ['script close', HOSTILE.scriptClose, '&lt;/script&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;'],
    ])('shows the %s as escaped text', (_name, raw, escaped) => {
      expect(hostile).not.toContain(raw);
      expect(hostile).toContain(escaped);
    });

    it('truncates the 60 KB values with a visible marker and stays small', () => {
      expect(hostile).toMatch(/J{100,}… \[\+\d+ chars\]/);
      expect(hostile).not.toContain('J'.repeat(2_000));
      expect(hostile.length).toBeLessThan(60_000);
    });

    it('neutralises bidi overrides', () => {
      expect(hostile).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    });
  });

  // Render time is measured in bench/, not here; the generous timeout only catches a runaway render.
  it('renders a thousand buckets, one row group each', () => {
    const snapshot: ReportSnapshot = sampleSnapshot();
    const template = snapshot.buckets[0]!;
    snapshot.buckets = Array.from({ length: 1_000 }, (_, index): BucketState => ({ ...template, bucket: `bucket-${index}`, score: index % 100 }));
    const big = renderHtmlReport(snapshot);
    expect(big.match(/<tbody class="bucket"/g)).toHaveLength(1_000);
    expect(big).toContain('data-bucket="bucket-999"');
  }, 60_000);

  describe('fleet section', () => {
    const SHARED: S3CorsRule[] = [{ AllowedOrigins: [HOSTILE.scriptOrigin, HOSTILE.attributeBreak, ...Array.from({ length: 8 }, (_, index) => `https://o${index}.example`)], AllowedMethods: ['GET', HOSTILE.scriptClose] }, { AllowedOrigins: ['https://b.example'], AllowedMethods: ['GET'] }];
    const WRITE: S3CorsRule[] = [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }];
    const state = (accountId: string, bucket: string, rules: S3CorsRule[], score: number): BucketState => ({
      accountId, bucket, region: 'eu-west-1', status: 'evaluated', corsRules: rules, configHash: configHash(rules), score, grade: score > 50 ? 'D' : 'F',
      findings: [finding({ accountId, bucket, ruleId: 'S3CORS-ORIGIN-CLEARTEXT', severity: 'high' })], lastScanId: 'scan-1', lastScannedAt: '2026-11-23T02:10:00.000Z',
    });
    const fleetSnapshot = (): ReportSnapshot => {
      const snapshot = sampleSnapshot();
      snapshot.buckets.push(
        state('111111111111', 'site-1', SHARED, 55), state('222222222222', 'site-2', SHARED, 60), state('222222222222', 'site-3', SHARED, 70),
        state('333333333333', 'site-4', WRITE, 12),
        ...[1, 2, 3].map((index) => state('111111111111', `${HOSTILE.attributeBreak}-${index}`, WRITE, 12)),
        state('111111111111', `${HOSTILE.attributeBreak}-4`, SHARED, 55),
      );
      return snapshot;
    };
    const fleetHtml = renderHtmlReport(fleetSnapshot());
    const section = /<section id="fleet">([\s\S]*?)<\/section>/.exec(fleetHtml)?.[1] ?? '';
    const rows = (tableId: string, from = section) => {
      const body = new RegExp(`<table id="${tableId}">[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>`).exec(from)?.[1] ?? '';
      return body.split('<tr>').slice(1);
    };

    it('says so when nothing recurs or drifted', () => {
      const plain = /<section id="fleet">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
      expect(plain).toContain('<h2>Fleet</h2>');
      expect(plain).toContain('No CORS configuration is shared by two or more buckets.');
      expect(plain).toContain('No bucket differs from the configuration most of its peers share.');
      expect(rows('fleet-recurring', plain)).toEqual([]);
    });

    it('lists recurring configurations, most widespread first, with counts, worst score, findings and a bounded preview', () => {
      // Both configurations are on 4 buckets: the one with the worst score comes first.
      const [write, shared] = rows('fleet-recurring');
      expect(shared).toContain('<td class="num">4</td><td class="num">2</td>');
      expect(shared).toContain('<td class="num">55 <span class="grade">D</span></td>');
      expect(shared).toContain('<code>S3CORS-ORIGIN-CLEARTEXT</code>');
      expect(shared).toContain(`<code title="${configHash(SHARED)}">${configHash(SHARED).slice(0, 12)}</code>`);
      expect(shared).toContain('+5 more</span> <span class="muted">(rule 1 of 2)</span>');
      expect(shared).toContain('<code>111111111111/site-1</code>');
      expect(write).toContain('<td class="num">4</td><td class="num">2</td>\n<td class="num">12 <span class="grade">F</span></td>');
      expect(write).toContain('<code>PUT</code> from <code>*</code></td>');
    });

    it('lists drifted buckets with their family, both configurations, peers and score against peers', () => {
      const drift = rows('fleet-drift');
      expect(drift).toHaveLength(2);
      const site = drift.find((row) => row.includes('>site-4<')) ?? '';
      expect(site).toContain('<td class="nowrap">333333333333</td><td class="bucket-name">site-4</td><td>site-{n}</td>');
      expect(site).toContain(`<td class="nowrap"><code title="${configHash(SHARED)}">${configHash(SHARED).slice(0, 12)}</code></td><td class="nowrap"><code title="${configHash(WRITE)}">`);
      expect(site).toContain('<td class="num">3 of 4</td><td class="num score-delta">-48</td>');
      const hostileRow = drift.find((row) => row !== site) ?? '';
      expect(hostileRow).toContain('<td class="num score-delta">+43</td>');
    });

    it('escapes hostile origins, methods and bucket names', () => {
      expectOnlyOurMarkup(fleetHtml);
      expect(section).not.toContain(HOSTILE.scriptOrigin);
      expect(section).not.toContain(HOSTILE.attributeBreak);
      expect(section).not.toContain(HOSTILE.scriptClose);
      expect(section).toContain('<code>https://&lt;script&gt;window.__pwned=1&lt;/script&gt;.example</code>');
      expect(section).toContain('&lt;/script&gt;&lt;script&gt;window.__pwned=3&lt;/script&gt;');
      expect(section).toContain('<td class="bucket-name">&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;-4</td>');
    });

    it('shows a bounded number of rows and says how many more exist', () => {
      const snapshot = sampleSnapshot();
      const rules = (index: number): S3CorsRule[] => [{ AllowedOrigins: [`https://o${index}.example`], AllowedMethods: ['GET'] }];
      // Family names from letters (digits would make all of them one family).
      const letters = (index: number) => [...index.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
      snapshot.buckets = Array.from({ length: 300 }, (_, family) => [0, 1, 2, 3].map((member) => state('111111111111', `fam-x${letters(family)}-${member}`, rules(member === 3 ? 1_000 + family : family), 80))).flat();
      const big = renderHtmlReport(snapshot);
      expect(rows('fleet-recurring', big)).toHaveLength(20);
      expect(big).toContain('… and 280 more configurations');
      expect(rows('fleet-drift', big)).toHaveLength(100);
      expect(big).toContain('… and 200 more drifted buckets');
    });
  });
});

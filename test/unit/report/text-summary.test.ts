import { describe, expect, it } from 'vitest';
import { renderTextSummary } from '../../../lib/report/text-summary';
import { HOSTILE, hostileSnapshot, sampleSnapshot, scanSummary } from './sample-snapshot';

const lines = (text: string) => text.split('\n');
const sectionOf = (text: string, title: string) => {
  const all = lines(text);
  const start = all.findIndex((line) => line.startsWith(title));
  const end = all.findIndex((line, index) => index > start && line === '');
  return all.slice(start, end < 0 ? undefined : end);
};

describe('renderTextSummary', () => {
  const text = renderTextSummary(sampleSnapshot());

  it.each([
    ['scan id and status', /scan scan-2026-11-23T02:00:00Z \(schedule, complete\)/],
    ['coverage counts', /Accounts {2}3 total: 2 scanned, 1 failed/],
    ['bucket coverage', /Buckets {3}7 listed: 4 evaluated, 1 without CORS, 1 gone, 1 unknown/],
    ['failed account under "not covered"', /Not covered:\n {4}- account 333333333333 \(assume-role: AccessDenied\)/],
    ['unreadable buckets are neither pass nor fail', /1 bucket\(s\) unreadable: not assessed, neither pass nor fail/],
    ['critical count', /\n {2}critical +1\n/],
    ['total of findings', /\n {2}total +5\n/],
    ['changes since last scan', /Since the previous scan: 2 new, 1 worsened, 2 unchanged, 1 resolved/],
    ['worst bucket with its top finding', /30 {2}F {6}111111111111 {2}prod-uploads +critical: Any website can send write requests/],
    ['bucket scan error', /222222222222 +legal-hold +us-east-1 +AccessDenied +Access Denied/],
  ])('shows %s', (_name, pattern) => {
    expect(text).toMatch(pattern);
  });

  it('aligns the accounts table: every column starts at the header position', () => {
    const [header, ...rows] = sectionOf(text, 'Accounts').slice(1);
    const critical = header!.indexOf('CRITICAL') + 'CRITICAL'.length;
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row[critical - 1]).toMatch(/\d/);
    expect(rows[0]).toMatch(/^ {2}111111111111 {2}prod +3 +2 +0 +1 +1 +0 +1 +0$/);
  });

  it('uses no colour unless asked, and colours severities when asked', () => {
    expect(text).not.toContain('\u001b');
    const coloured = renderTextSummary(sampleSnapshot(), { color: true });
    expect(coloured).toContain('\u001b[1;31mcritical');
    // eslint-disable-next-line no-control-regex -- asserting control characters are gone
    expect(coloured.replace(/\u001b\[[\d;]*m/g, '')).toBe(text);
  });

  it('says "nothing" is uncovered only when every account and bucket has an outcome', () => {
    const snapshot = sampleSnapshot();
    snapshot.latestScan = scanSummary({ accountErrors: [], bucketErrors: [] });
    snapshot.buckets = snapshot.buckets.filter((bucket) => bucket.status !== 'unknown');
    const clean = renderTextSummary(snapshot);
    expect(clean).toContain('Not covered: nothing');
    expect(sectionOf(clean, 'Scan errors')).toEqual(['Scan errors', '  none']);
  });

  it('lists pending accounts of a running scan as not covered', () => {
    const snapshot = sampleSnapshot();
    snapshot.latestScan = scanSummary({ status: 'running', accountsPending: ['444444444444'] });
    delete snapshot.latestScan.finishedAt;
    const running = renderTextSummary(snapshot);
    expect(running).toContain('(schedule, running, 1 account(s) pending)');
    expect(running).toContain('- account 444444444444 (still pending)');
  });

  describe('with hostile data', () => {
    it.each([60, 80, 100, 160])('keeps every line within width %i and the output bounded', (width) => {
      const hostile = renderTextSummary(hostileSnapshot(), { width });
      for (const line of lines(hostile)) expect(line.length).toBeLessThanOrEqual(Math.max(width, 120));
      expect(hostile.length).toBeLessThan(10_000);
    });

    it('emits no escape, control or bidi character from the data', () => {
      const hostile = renderTextSummary(hostileSnapshot());
      // eslint-disable-next-line no-control-regex -- asserting control characters are gone
      expect(hostile).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(hostile).not.toContain(HOSTILE.junk.slice(0, 1_000));
      expect(hostile).toMatch(/<\/script>\S*…/);
    });
  });
});

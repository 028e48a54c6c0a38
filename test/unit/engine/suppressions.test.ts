import { describe, expect, it } from 'vitest';
import { parseSuppressionTag } from '../../../lib/engine/suppressions';

describe('parseSuppressionTag', () => {
  it('reads rule ids, expiry, origin and reason', () => {
    expect(parseSuppressionTag('S3CORS-ANY-ORIGIN-READ+S3CORS-MAXAGE-MISSING until=2027-01-31 origin=https://a.example.com reason=public assets: fonts', 'assets')).toEqual({
      suppressions: [
        { ruleId: 'S3CORS-ANY-ORIGIN-READ', bucket: 'assets', reason: 'public assets: fonts', expiresAt: '2027-01-31', origin: 'https://a.example.com', source: 'tag' },
        { ruleId: 'S3CORS-MAXAGE-MISSING', bucket: 'assets', reason: 'public assets: fonts', expiresAt: '2027-01-31', origin: 'https://a.example.com', source: 'tag' },
      ],
      problems: [],
    });
  });

  it('accepts commas and spaces between rule ids', () => {
    expect(parseSuppressionTag('S3CORS-A,S3CORS-B S3CORS-C reason=x', 'b').suppressions.map((s) => s.ruleId)).toEqual(['S3CORS-A', 'S3CORS-B', 'S3CORS-C']);
  });

  it.each([
    ['S3CORS-ANY-ORIGIN-READ', /reason= is required/],
    ['S3CORS-ANY-ORIGIN-READ reason=   ', /reason= is empty/],
    ['reason=because', /names no rule id/],
    ['any-origin reason=x', /not a rule id/],
    ['S3CORS-X until=next-year reason=x', /not a date/],
    ['S3CORS-X until=2027-13-45 reason=x', /not a date/],
    ['S3CORS-X reason=' + 'x'.repeat(300), /at most 256/],
    [Array.from({ length: 11 }, (_, i) => `S3CORS-R${i}`).join(' ') + ' reason=x', /at most 10/],
  ])('%j yields no suppression and a problem', (value, problem) => {
    const parsed = parseSuppressionTag(value, 'bucket-1');
    expect(parsed.suppressions).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(problem);
    expect(parsed.problems[0]).toMatch(/bucket-1/);
  });

  it('never throws on arbitrary input', () => {
    for (const value of ['', '=', 'reason', '\u0000\u001b[31m reason=\u202e', 'S3CORS-A until= reason=x', ' '.repeat(256)]) {
      expect(() => parseSuppressionTag(value, 'b')).not.toThrow();
    }
  });
});

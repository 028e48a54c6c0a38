// The same origin, method or header written twice in one rule.
import { duplicateValues } from '../cors/analysis';
import type { CorsRule } from '../cors/types';
import { defineRule, REFERENCES, type RuleReport } from './define-rule';

/** Longer lists go to duplicateValues (Sets); shorter ones are compared pairwise, allocating nothing unless repeated. */
const PAIRWISE_UP_TO = 8;

/** Reports the repeats of one list, each repeated value once, as written (most lists have fewer than two values). */
function reportRepeats(reports: RuleReport<'duplicateValue'>[], ruleIndex: number, field: string, values: readonly string[], foldCase: boolean): void {
  const count = values.length;
  if (count < 2) return;
  if (count > PAIRWISE_UP_TO) {
    for (const value of duplicateValues(values, foldCase)) reports.push(repeatReport(ruleIndex, field, value));
    return;
  }
  let reported: string[] | undefined;
  for (let index = 1; index < count; index += 1) {
    const value = values[index] as string;
    if (!repeatsEarlier(values, index, foldCase) || reported?.includes(value)) continue;
    (reported ??= []).push(value);
    reports.push(repeatReport(ruleIndex, field, value));
  }
}

function repeatReport(ruleIndex: number, field: string, value: string): RuleReport<'duplicateValue'> {
  return { ruleIndex, messageId: 'duplicateValue', data: { field, value }, evidence: { field, value } };
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
 * a.toLowerCase() === b.toLowerCase() without lowering while both are ASCII (header names nearly always are): an ASCII
 * character lowercases to one character whatever surrounds it, so the first difference decides; and no character
 * lowercases to nothing, so a longer string with an equal ASCII prefix differs too.
 */
function sameIgnoringCase(a: string, b: string): boolean {
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

export default defineRule({
  id: 'S3CORS-DUPLICATE-VALUES',
  title: 'Rule lists the same origin, method or header twice',
  severity: 'info',
  category: 'validity',
  exposure: 'none',
  rationale: 'Repeated values change nothing S3 does but spend the 64 KB budget and hide what a rule allows; header names compare case-insensitively, so `ETag` and `etag` are one.',
  remediation: {
    text: 'Keep one copy of each value.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'HEAD'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com', 'https://app.example.com'], AllowedMethods: ['GET', 'GET'] }],
  references: [REFERENCES.corsElements],
  messages: { duplicateValue: 'Rule {{ruleNumber}} lists {{field}} "{{value}}" more than once.' },
  check: ({ rules }) => {
    const reports: RuleReport<'duplicateValue'>[] = [];
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const rule = rules[ruleIndex] as CorsRule;
      reportRepeats(reports, ruleIndex, 'AllowedOrigin', rule.allowedOrigins, false);
      reportRepeats(reports, ruleIndex, 'AllowedMethod', rule.allowedMethods, false);
      reportRepeats(reports, ruleIndex, 'AllowedHeader', rule.allowedHeaders, true);
      reportRepeats(reports, ruleIndex, 'ExposeHeader', rule.exposeHeaders, true);
    }
    return reports;
  },
});

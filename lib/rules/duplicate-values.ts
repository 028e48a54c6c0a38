// The same origin, method or header written twice in one rule.
import { duplicateValues } from '../cors/analysis';
import type { CorsRule } from '../cors/types';
import { defineRule, REFERENCES, type RuleReport } from './define-rule';

/** Reports the repeats of one list, each repeated text once, as written. */
function reportRepeats(reports: RuleReport<'duplicateValue'>[], ruleIndex: number, field: string, values: readonly string[], foldCase: boolean): void {
  const repeated = duplicateValues(values, foldCase);
  for (let at = 0; at < repeated.length; at += 1) {
    const value = repeated[at] as string;
    reports.push({ ruleIndex, messageId: 'duplicateValue', data: { field, value }, evidence: { field, value } });
  }
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

// The same origin, method or header written twice in one rule.
import { duplicateValues } from '../cors/analysis';
import { defineRule, REFERENCES, type RuleReport } from './define-rule';

const FIELDS = [
  { field: 'AllowedOrigin', values: (rule: { allowedOrigins: string[] }) => rule.allowedOrigins, foldCase: false },
  { field: 'AllowedMethod', values: (rule: { allowedMethods: string[] }) => rule.allowedMethods, foldCase: false },
  { field: 'AllowedHeader', values: (rule: { allowedHeaders: string[] }) => rule.allowedHeaders, foldCase: true },
  { field: 'ExposeHeader', values: (rule: { exposeHeaders: string[] }) => rule.exposeHeaders, foldCase: true },
] as const;

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
    rules.forEach((rule, ruleIndex) => {
      for (const { field, values, foldCase } of FIELDS) {
        for (const value of duplicateValues(values(rule), foldCase)) {
          reports.push({ ruleIndex, messageId: 'duplicateValue', data: { ruleNumber: ruleIndex + 1, field, value }, evidence: { field, value } });
        }
      }
    });
    return reports;
  },
});

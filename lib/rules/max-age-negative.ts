// Negative MaxAgeSeconds: S3's handling is unknown (spec §1), browsers treat it as "do not cache".
import { defineRule, REFERENCES, reportRules } from './define-rule';

export default defineRule({
  id: 'S3CORS-MAXAGE-NEGATIVE',
  title: 'MaxAgeSeconds is negative',
  severity: 'low',
  category: 'cache',
  exposure: 'none',
  rationale: 'What S3 does with a negative MaxAgeSeconds is undocumented (spec §1); browsers ignore or refuse to cache such a value, so every CORS request costs a preflight. It is almost always a typo.',
  remediation: {
    text: 'Set a positive number of seconds, e.g. 3600, or remove the element.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 3600 }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: -1 }],
  references: [REFERENCES.corsRule, REFERENCES.maxAgeMdn],
  messages: { negative: 'Rule {{ruleNumber}} sets a negative MaxAgeSeconds ({{maxAge}}).' },
  check: (context) =>
    reportRules(context, (rule, ruleIndex) =>
      rule.maxAgeSeconds !== undefined && rule.maxAgeSeconds < 0
        ? { ruleIndex, messageId: 'negative' as const, data: { maxAge: rule.maxAgeSeconds }, evidence: { maxAgeSeconds: rule.maxAgeSeconds } }
        : null,
    ),
});

// 90 or more rules: close to S3's 100-rule limit (spec §1, §9).
import { MAX_CORS_RULES } from '../cors/validate';
import { defineRule, REFERENCES } from './define-rule';

const WARN_AT_RULES = 90;

export default defineRule({
  id: 'S3CORS-NEAR-RULE-LIMIT',
  title: 'Configuration is close to the 100-rule limit',
  severity: 'low',
  category: 'limits',
  exposure: 'none',
  rationale: 'PutBucketCors rejects more than 100 rules. A configuration with 90 or more breaks the next deployment that adds an origin, usually during an incident; a list this long also hides what is trusted.',
  remediation: {
    text: 'Merge rules that differ only by origin into one rule with several AllowedOrigins.',
    example: [{ AllowedOrigins: ['https://a.example.com', 'https://b.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: Array.from({ length: WARN_AT_RULES }, (_, index) => ({ AllowedOrigins: [`https://app${index}.example.com`], AllowedMethods: ['GET'] })),
  references: [REFERENCES.corsElements, REFERENCES.putBucketCors],
  messages: { nearLimit: 'The configuration has {{count}} rules; S3 accepts at most {{limit}}.' },
  check: ({ rules }) =>
    rules.length >= WARN_AT_RULES && rules.length <= MAX_CORS_RULES
      ? [{ ruleIndex: null, messageId: 'nearLimit' as const, data: { count: rules.length, limit: MAX_CORS_RULES }, evidence: { ruleCount: rules.length } }]
      : [],
});

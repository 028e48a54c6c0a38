// No MaxAgeSeconds: browsers cache preflights for 5 seconds only.
import { defineRule, NOTHING, REFERENCES, reportRules } from './define-rule';

export default defineRule({
  id: 'S3CORS-MAXAGE-MISSING',
  title: 'Preflight responses are not cacheable (MaxAgeSeconds missing)',
  severity: 'info',
  category: 'cache',
  exposure: 'none',
  rationale:
    'Without MaxAgeSeconds S3 sends no Access-Control-Max-Age (spec §5) and browsers cache a preflight for 5 seconds, so nearly every upload or custom-header request costs an extra OPTIONS round trip and request charge.',
  remediation: {
    text: 'Set MaxAgeSeconds, e.g. 3600 (Chromium honours at most 7200).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 3600 }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.maxAgeMdn, REFERENCES.corsRule],
  messages: { missing: 'Rule {{ruleNumber}} sets no MaxAgeSeconds; browsers re-send preflights every 5 seconds.' },
  check: (context) =>
    reportRules(context, (rule, ruleIndex) =>
      rule.maxAgeSeconds === undefined ? { ruleIndex, messageId: 'missing' as const, data: NOTHING, evidence: NOTHING } : null,
    ),
});

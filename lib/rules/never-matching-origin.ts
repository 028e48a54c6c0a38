// Origins no browser ever sends (trailing slash, path, uppercase, default port, whitespace, no scheme, empty).
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-NEVER-MATCHES',
  title: 'Origin can never match a browser\'s Origin header',
  severity: 'low',
  category: 'validity',
  exposure: 'none',
  rationale:
    'S3 compares origins as exact text (spec §3.1) and browsers send scheme://host[:port] in lowercase without path or default port. A pattern with a trailing slash, path, uppercase or :443 silently never matches, and someone later "fixes" it with `*`.',
  remediation: {
    text: 'Write the origin exactly as the browser sends it: https://app.example.com (lowercase, no slash, no default port).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com/'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.troubleshooting, 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Origin'],
  messages: { neverMatches: 'Rule {{ruleNumber}}: origin "{{origin}}" never matches: it {{reason}}.' },
  check: originCheck('neverMatches', (facts) => (facts.neverMatching ? { reason: facts.neverMatching } : null)),
});

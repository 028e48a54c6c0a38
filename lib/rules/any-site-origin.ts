// Wildcard patterns such as `https://*` or `*.com` that admit a site under any domain an attacker registers, and
// `chrome-extension://*`, which admits any extension (anyone can publish one) a visitor installs.
import { defineRule, originMessagesCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-ANY-SITE',
  title: 'Origin pattern admits a site under any domain (`https://*`, `*.com`)',
  severity: 'high',
  category: 'origin',
  exposure: 'read',
  rationale:
    'S3 matches the text around the single `*` and knows nothing of domains: `https://*` admits every HTTPS site and `*.com` every .com site. It is `*` in disguise, except that S3 echoes the origin and sends Allow-Credentials: true. `chrome-extension://*` likewise admits any extension a visitor installs, not only yours.',
  remediation: {
    text: 'Replace the pattern with the exact origins of your applications, or a subdomain wildcard under a domain you own.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://*'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, REFERENCES.portswigger],
  messages: {
    anySite: 'Rule {{ruleNumber}}: origin pattern "{{origin}}" admits any site, e.g. {{attackerOrigin}}.',
    anyExtension: 'Rule {{ruleNumber}}: origin pattern "{{origin}}" admits any browser extension a visitor installs, not only yours, e.g. {{attackerOrigin}}.',
  },
  check: originMessagesCheck((facts) => {
    if (facts.shape.kind !== 'wildcard') return null;
    if (facts.anySite) return { messageId: 'anySite', data: { attackerOrigin: facts.foreignOrigins[0] ?? '' } };
    // An extension is no site, but as a site's domain anyone can publish one; only the visitor's install stands between.
    return facts.anyExtension ? { messageId: 'anyExtension', data: { attackerOrigin: facts.anyExtension } } : null;
  }),
});

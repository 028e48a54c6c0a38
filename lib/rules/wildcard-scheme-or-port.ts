// `*://example.com` or `https://example.com:*`: the wildcard widens the scheme or the port.
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-WILDCARD-SCHEME-OR-PORT',
  title: 'Origin wildcard covers the scheme or the port',
  severity: 'medium',
  category: 'origin',
  exposure: 'read',
  rationale:
    'A `*` in the scheme trusts http:// (rewritable on the network) alongside https://; a `*` in the port trusts every service on the host, including debug servers and admin consoles on other ports.',
  remediation: {
    text: 'Write the scheme and port out: https://app.example.com, https://app.example.com:8443.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['*://app.example.com'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.cwe942, REFERENCES.cwe319],
  messages: { wildcardPart: 'Rule {{ruleNumber}}: origin "{{origin}}" has a wildcard {{part}}.' },
  check: originCheck('wildcardPart', (facts) => {
    if (facts.shape.kind !== 'wildcard' || facts.anySite) return null;
    // `*.example.com` leaves the scheme open too: http://x.example.com matches.
    if (facts.shape.position === 'scheme' || facts.shape.position === 'scheme-and-host') return { part: 'scheme' };
    if (facts.shape.position === 'port') return { part: 'port' };
    return null;
  }),
});

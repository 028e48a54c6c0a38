// `http://` origins: a network attacker can inject script into that origin and read the bucket through it.
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-CLEARTEXT',
  title: 'Cleartext http:// origin is trusted',
  severity: 'medium',
  category: 'origin',
  exposure: 'read',
  rationale:
    'Pages served over http:// can be rewritten by anyone on the path (public Wi-Fi, a hostile ISP). Injected script runs in the trusted origin and reads or writes the bucket with the visitor\'s credentials.',
  remediation: {
    text: 'Trust only https:// origins; redirect the http:// site to https://.',
    example: [{ AllowedOrigins: ['https://www.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['http://www.example.com'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.cwe319, REFERENCES.portswigger],
  messages: { cleartext: 'Rule {{ruleNumber}}: origin "{{origin}}" is served over cleartext HTTP.' },
  // Development hosts are reported by S3CORS-ORIGIN-DEVELOPMENT, any-site patterns by S3CORS-ORIGIN-ANY-SITE.
  check: originCheck('cleartext', (facts) =>
    (facts.shape.kind === 'exact' || facts.shape.kind === 'wildcard') && facts.shape.scheme === 'http' && !facts.development && !facts.anySite
      ? {}
      : null,
  ),
});

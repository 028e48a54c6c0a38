// localhost, loopback, private, link-local and CGNAT addresses (IPv4 and IPv6), and names only a local resolver answers
// (.local, .internal, .test, .home.arpa) left in a bucket's configuration, with any port (`http://localhost:*`).
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-DEVELOPMENT',
  title: 'Development or private-network origin is trusted (localhost, 127.0.0.1, 10/8, *.local)',
  severity: 'medium',
  category: 'origin',
  exposure: 'read',
  rationale:
    'Any program a visitor runs on localhost, any device on their LAN and any page on a private host (routers, printers, dev servers with open CORS) then reads the bucket. Such origins belong in a development bucket, not in production.',
  remediation: {
    text: 'Remove development origins from production buckets; use a separate development bucket.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['http://localhost:3000'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.cwe942, REFERENCES.portswigger],
  messages: { development: 'Rule {{ruleNumber}}: origin "{{origin}}" is a development or private host ({{reason}}).' },
  check: originCheck('development', (facts) => (facts.development ? { reason: facts.development } : null)),
});

// The literal `null` origin: sent by sandboxed iframes, data: and file: documents an attacker can create.
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-NULL',
  title: 'The `null` origin is trusted',
  severity: 'high',
  category: 'origin',
  exposure: 'read',
  rationale:
    'Browsers send `Origin: null` from sandboxed iframes, data: URLs, file: pages and some redirects. Any site can create such a document, so trusting `null` is trusting everyone, with credentials.',
  remediation: {
    text: 'Remove `null`; list the https:// origins that need access.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['null'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.portswigger, REFERENCES.cwe942],
  messages: { nullOrigin: 'Rule {{ruleNumber}} trusts the `null` origin, which any site can produce with a sandboxed iframe.' },
  check: originCheck('nullOrigin', (facts) => (facts.shape.kind === 'null-origin' ? {} : null)),
});

// `https://example.*` or `https://example.com*`: the attacker's own domain can follow the owner's text.
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-PREFIX-BYPASS',
  title: 'Origin wildcard lets an attacker\'s domain follow yours (`https://example.com*`)',
  severity: 'high',
  category: 'origin',
  exposure: 'read',
  rationale:
    '`https://example.*` and `https://example.com*` match https://example.com.evil.net: the `*` may span dots, so any domain the attacker owns can carry your name as a subdomain label and read the bucket.',
  remediation: {
    text: 'Write each top-level domain out (https://example.com, https://example.de); put a wildcard only at the start of the host, anchored on a dot.',
    example: [{ AllowedOrigins: ['https://example.com', 'https://example.de'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://example.com*'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, REFERENCES.portswigger],
  messages: { prefixBypass: 'Rule {{ruleNumber}}: origin pattern "{{origin}}" also admits {{attackerOrigin}}.' },
  check: originCheck('prefixBypass', (facts) =>
    facts.bypass === 'prefix' ? { attackerOrigin: facts.foreignOrigins[0] ?? '' } : null,
  ),
});

// `https://*example.com`: the wildcard is not anchored on a dot, so look-alike registrable domains match.
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-SUFFIX-BYPASS',
  title: 'Origin wildcard admits look-alike domains (`https://*example.com`)',
  severity: 'high',
  category: 'origin',
  exposure: 'read',
  rationale:
    '`https://*example.com` also matches https://evilexample.com: S3 compares the text around the single `*`, it knows nothing of domain boundaries. Anyone who registers such a name reads the bucket with the visitor\'s credentials.',
  remediation: {
    text: 'Anchor the wildcard on a dot (https://*.example.com) or list the hosts.',
    example: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://*example.com'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, REFERENCES.portswigger],
  messages: { suffixBypass: 'Rule {{ruleNumber}}: origin pattern "{{origin}}" also admits {{attackerOrigin}}.' },
  check: originCheck('suffixBypass', (facts) =>
    facts.bypass === 'suffix' ? { attackerOrigin: facts.foreignOrigins[0] ?? '' } : null,
  ),
});

// Subdomain wildcards on rules that allow writes: S3 echoes the origin with Allow-Credentials: true (spec §5).
import { defineRule, methodsOf, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-CREDENTIALED-WILDCARD-WRITE',
  title: 'Every subdomain can send credentialed write requests',
  severity: 'medium',
  category: 'origin',
  exposure: 'write',
  rationale:
    'For a non-`*` origin S3 answers Access-Control-Allow-Credentials: true. With a subdomain wildcard on a PUT/POST/DELETE rule, one XSS or taken-over subdomain can write or delete objects with the visitor\'s cookies or client certificate.',
  remediation: {
    text: 'Give write methods only to the exact origins of the upload pages; keep the wildcard, if at all, on a GET rule.',
    example: [
      { AllowedOrigins: ['https://upload.example.com'], AllowedMethods: ['PUT'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 },
      { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 3600 },
    ],
  },
  badExample: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['PUT'] }],
  references: [REFERENCES.corsGuide, REFERENCES.fetchStandard, REFERENCES.portswigger],
  messages: { wildcardWrite: 'Rule {{ruleNumber}}: every subdomain matching "{{origin}}" may send credentialed {{methods}}.' },
  check: originCheck(
    'wildcardWrite',
    (facts) => (facts.subdomainWildcard ? {} : null),
    (context, ruleIndex) => {
      const methods = methodsOf(context, ruleIndex);
      return methods.write.length > 0 ? { methods: methods.writeText } : null;
    },
  ),
});

// `https://*.example.com`: every subdomain, present and future, is trusted.
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-WILDCARD-SUBDOMAIN',
  title: 'Every subdomain is trusted (`https://*.example.com`)',
  severity: 'low',
  category: 'origin',
  exposure: 'read',
  rationale:
    'A subdomain wildcard trusts every host under the domain: a dangling DNS record taken over, or an XSS on any forgotten subdomain, reads the bucket with the visitor\'s credentials.',
  remediation: {
    text: 'List the subdomains that need access.',
    example: [{ AllowedOrigins: ['https://app.example.com', 'https://admin.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, REFERENCES.portswigger, 'https://developer.mozilla.org/en-US/docs/Web/Security/Subdomain_takeovers'],
  messages: { wildcardSubdomain: 'Rule {{ruleNumber}}: origin "{{origin}}" trusts every subdomain.' },
  // Wildcards over a hosting platform's domain are S3CORS-ORIGIN-PUBLIC-HOSTING's to report.
  check: originCheck('wildcardSubdomain', (facts) =>
    facts.subdomainWildcard && !facts.hostingPlatform ? {} : null,
  ),
});

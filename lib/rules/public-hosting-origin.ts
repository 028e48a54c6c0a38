// Origins on platforms where anyone can publish (github.io, netlify.app, path-style S3...): a wildcard spanning the
// tenant label, or the one origin all tenants share. `*.myproj.pages.dev` is the project's own (WILDCARD-SUBDOMAIN).
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-PUBLIC-HOSTING',
  title: 'Origin admits sites on a public hosting platform where anyone can publish',
  severity: 'high',
  category: 'origin',
  exposure: 'read',
  rationale:
    'A wildcard spanning the label tenants name on github.io, netlify.app, vercel.app, cloudfront.net, S3 and similar (`*.github.io`, `myorg-*.github.io`, `*.amazonaws.com`) admits every tenant, and path-style S3 (https://s3.amazonaws.com, https://s3.<region>.amazonaws.com) is one origin shared by every bucket: anyone can publish a page there that reads yours.',
  remediation: {
    text: 'Allow only the exact origin of your own site on the platform (https://myteam.github.io), or serve it from a domain you own.',
    example: [{ AllowedOrigins: ['https://myteam.github.io'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://*.github.io'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, 'https://publicsuffix.org/list/'],
  messages: { publicHosting: 'Rule {{ruleNumber}}: origin "{{origin}}" admits anyone\'s site on {{platform}}.' },
  // Patterns admitting any site at all are S3CORS-ORIGIN-ANY-SITE's to report.
  check: originCheck('publicHosting', (facts) => (facts.hostingPlatform && !facts.anySite ? { platform: facts.hostingPlatform.name } : null)),
});

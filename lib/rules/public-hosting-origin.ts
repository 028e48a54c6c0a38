// Origins on platforms where anyone can publish (github.io, netlify.app, path-style S3...).
import { defineRule, originCheck, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-ORIGIN-PUBLIC-HOSTING',
  title: 'Origin admits sites on a public hosting platform where anyone can publish',
  severity: 'high',
  category: 'origin',
  exposure: 'read',
  rationale:
    'A wildcard over github.io, netlify.app, vercel.app, cloudfront.net and similar admits every tenant of the platform, and path-style https://s3.amazonaws.com is one origin shared by every bucket: anyone can publish a page there that reads yours.',
  remediation: {
    text: 'Allow only the exact origin of your own site on the platform (https://myteam.github.io), or serve it from a domain you own.',
    example: [{ AllowedOrigins: ['https://myteam.github.io'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: ['https://*.github.io'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, 'https://publicsuffix.org/list/'],
  messages: { publicHosting: 'Rule {{ruleNumber}}: origin "{{origin}}" admits anyone\'s site on {{platform}}.' },
  check: originCheck('publicHosting', (facts) => {
    if (facts.anySite) return null;
    const found = facts.hostingPlatform;
    if (!found || (!found.sharedOrigin && facts.shape.kind !== 'wildcard')) return null;
    return { platform: found.platform.name };
  }),
});

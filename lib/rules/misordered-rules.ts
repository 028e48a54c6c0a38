// A broader earlier rule answers some requests meant for a narrower later one, differently.
import { defineRule, joinedFew, REFERENCES } from './define-rule';

export default defineRule({
  id: 'S3CORS-RULE-MISORDERED',
  title: 'Broader rule placed before a narrower one answers its requests',
  severity: 'low',
  category: 'reachability',
  exposure: 'none',
  rationale:
    'First match wins. A `*` GET rule above `https://app.example.com` GET,PUT answers the app\'s GETs with Allow-Origin `*` and no credentials, and the later rule\'s ExposeHeaders or MaxAge never apply to them: credentialed fetches fail in ways that are hard to trace.',
  remediation: {
    text: 'Order rules from the most specific origin to the broadest.',
    example: [
      { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], ExposeHeaders: ['ETag'] },
      { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
    ],
  },
  badExample: [
    { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
    { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], ExposeHeaders: ['ETag'] },
  ],
  references: [REFERENCES.corsGuide, REFERENCES.fetchStandard],
  messages: {
    misordered: 'Rule {{takenByNumber}} answers {{method}} from {{origin}} before rule {{ruleNumber}} can ({{differences}}).',
  },
  check: (context) =>
    context.reachability().misorderings().map((found) => ({
      ruleIndex: found.index,
      messageId: 'misordered' as const,
      data: { takenByNumber: found.takenBy + 1, method: found.method, origin: found.origin, differences: joinedFew(found.differences, '; ') },
      evidence: { origin: found.origin, method: found.method, takenBy: found.takenBy, differences: found.differences },
    })),
});

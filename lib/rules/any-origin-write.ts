// `*` in AllowedOrigins on a rule that allows PUT, POST or DELETE.
import { defineRule, methodsOf, REFERENCES, reportRules } from './define-rule';

export default defineRule({
  id: 'S3CORS-ANY-ORIGIN-WRITE',
  title: 'Any website can send write requests (PUT/POST/DELETE) to the bucket',
  severity: 'high',
  category: 'origin',
  exposure: 'write',
  rationale:
    'AllowedOrigin `*` lets scripts on every site read the answers to PUT, POST and DELETE. With presigned URLs, public-write ACLs or a policy granting writes, any page a user visits can modify or delete objects and see the result.',
  remediation: {
    text: 'List the exact origins of your own applications for write methods; keep `*` only on a GET/HEAD rule if the content is public.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3600 }],
  },
  badExample: [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, REFERENCES.portswigger],
  messages: { anyOriginWrite: 'Rule {{ruleNumber}} allows {{methods}} from any origin (`*`).' },
  check: (context) => {
    // Most configurations list no `*` origin.
    if (!context.someRuleAllowsAnyOrigin()) return [];
    return reportRules(context, (rule, ruleIndex) => {
      const methods = methodsOf(context, ruleIndex);
      if (methods.write.length === 0 || !rule.allowedOrigins.includes('*')) return null;
      return { ruleIndex, messageId: 'anyOriginWrite' as const, data: { methods: methods.writeText }, evidence: { origin: '*', methods: methods.write } };
    });
  },
});

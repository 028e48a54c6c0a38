// `*` in AllowedOrigins on a rule that allows GET or HEAD.
import { defineRule, methodsOf, REFERENCES, reportRules } from './define-rule';

export default defineRule({
  id: 'S3CORS-ANY-ORIGIN-READ',
  title: 'Any website can read objects cross-origin (GET/HEAD with AllowedOrigin `*`)',
  severity: 'medium',
  category: 'origin',
  exposure: 'read',
  rationale:
    'With AllowedOrigin `*`, scripts on every site can read what the bucket returns to the visitor: presigned downloads, objects readable from the visitor\'s network (VPC endpoint or IP conditions) and their metadata. Fine for public assets, a leak otherwise.',
  remediation: {
    text: 'List the origins that need to read; if the objects are public by design, accept the finding with a suppression that says so.',
    example: [{ AllowedOrigins: ['https://www.example.com'], AllowedMethods: ['GET', 'HEAD'], MaxAgeSeconds: 3600 }],
  },
  badExample: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942, REFERENCES.owaspCors],
  messages: { anyOriginRead: 'Rule {{ruleNumber}} allows {{methods}} from any origin (`*`).' },
  check: (context) => {
    // Most configurations list no `*` origin.
    if (!context.someRuleAllowsAnyOrigin()) return [];
    return reportRules(context, (rule, ruleIndex) => {
      const methods = methodsOf(context, ruleIndex);
      if (methods.read.length === 0 || !rule.allowedOrigins.includes('*')) return null;
      return { ruleIndex, messageId: 'anyOriginRead' as const, data: { methods: methods.readText }, evidence: { origin: '*', methods: methods.read } };
    });
  },
});

// AllowedHeader `*` on a rule with PUT/POST/DELETE: every request header, including S3's control headers.
import type { CorsRule } from '../cors/types';
import { defineRule, methodsOf, REFERENCES, withReport, type RuleReport } from './define-rule';

export default defineRule({
  id: 'S3CORS-ANY-HEADER-WRITE',
  title: 'Write requests may carry any header (AllowedHeader `*`)',
  severity: 'medium',
  category: 'header',
  exposure: 'write',
  rationale:
    'AllowedHeader `*` on a write rule lets cross-origin scripts send every x-amz-* control header with their uploads: ACL grants, object-lock bypass, website redirects, storage class. List the few headers the upload page really sends.',
  remediation: {
    text: 'List the headers your upload code sends (content-type, content-md5, x-amz-meta-…).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type', 'content-md5'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'] }],
  references: [REFERENCES.corsElements, REFERENCES.cwe942],
  messages: { anyHeaderWrite: 'Rule {{ruleNumber}} allows any request header with {{methods}}.' },
  check: (context) => {
    let reports: RuleReport<'anyHeaderWrite'>[] | undefined;
    const rules = context.rules;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const methods = methodsOf(context, ruleIndex);
      if (methods.write.length === 0 || !(rules[ruleIndex] as CorsRule).allowedHeaders.includes('*')) continue;
      reports = withReport(reports, { ruleIndex, messageId: 'anyHeaderWrite', data: { methods: methods.writeText }, evidence: { header: '*', methods: methods.write } });
    }
    return reports ?? [];
  },
});

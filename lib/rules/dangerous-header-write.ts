// Write rules that admit S3 control headers: ACL grants, object-lock bypass, website redirects.
import { admittedHeaders } from '../cors/analysis';
import { defineRule, methodsOf, REFERENCES, reportRules } from './define-rule';

/** Request headers that change who can read an object, how long it is protected, or where it redirects. */
const CONTROL_HEADERS: readonly string[] = [
  'x-amz-acl',
  'x-amz-grant-read',
  'x-amz-grant-read-acp',
  'x-amz-grant-write-acp',
  'x-amz-grant-full-control',
  'x-amz-website-redirect-location',
  'x-amz-bypass-governance-retention',
  'x-amz-object-lock-mode',
  'x-amz-object-lock-retain-until-date',
  'x-amz-object-lock-legal-hold',
];

export default defineRule({
  id: 'S3CORS-DANGEROUS-HEADER-WRITE',
  title: 'Write requests may set ACLs, object-lock or redirects from another origin',
  severity: 'high',
  category: 'header',
  exposure: 'write',
  rationale:
    'x-amz-acl and x-amz-grant-* can make an upload public, x-amz-website-redirect-location turns an object into an open redirect, x-amz-bypass-governance-retention and x-amz-object-lock-* weaken retention. `*` and `x-amz-*` admit them all.',
  remediation: {
    text: 'Allow only the headers uploads need; set ACLs and retention server-side (bucket owner enforced, default retention).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*'], ExposeHeaders: ['ETag'] }],
  references: [REFERENCES.acl, REFERENCES.objectLock, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/how-to-page-redirect.html'],
  messages: { controlHeaders: 'Rule {{ruleNumber}} lets {{methods}} requests carry {{headers}} (allowed by {{patterns}}).' },
  check: (context) =>
    reportRules(context, (rule, ruleIndex) => {
      const methods = methodsOf(context, ruleIndex).write;
      if (methods.length === 0) return null;
      const admitted = admittedHeaders(rule, CONTROL_HEADERS);
      if (admitted.length === 0) return null;
      const headers = admitted.map((hit) => hit.header);
      const patterns = [...new Set(admitted.map((hit) => hit.pattern))];
      const shown = headers.length > 4 ? `${headers.slice(0, 4).join(', ')} and ${headers.length - 4} more` : headers.join(', ');
      return {
        ruleIndex,
        messageId: 'controlHeaders' as const,
        data: { ruleNumber: ruleIndex + 1, methods: methods.join(', '), headers: shown, patterns: patterns.join(', ') },
        evidence: { headers, patterns, methods: [...methods] },
      };
    }),
});

// Everything PutBucketCors rejects, with S3's code and message where recorded and ours, said so, where S3's is
// undocumented (lib/cors/validate.ts). OPTIONS has its own rule.
import { defineRule, REFERENCES } from './define-rule';
import { isOptionsMethodIssue } from './method-options';

export default defineRule({
  id: 'S3CORS-INVALID-CONFIG',
  title: 'S3 would reject this configuration (PutBucketCors error)',
  severity: 'high',
  category: 'validity',
  exposure: 'none',
  rationale:
    'PutBucketCors rejects the whole configuration on the first error: no rules, a rule without origin or method, an unknown method, two wildcards, wildcard or invalid ExposeHeaders, more than 100 rules or 64 KB. The deploy fails and the previous configuration stays.',
  remediation: {
    text: 'Fix each reported value. The code and message are the ones S3 returns where known; where S3\'s answer is undocumented the explanation says so.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'HEAD'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://*.*.example.com'], AllowedMethods: ['GET', 'PATCH'] }],
  references: [REFERENCES.putBucketCors, REFERENCES.corsRule, REFERENCES.corsElements],
  messages: {
    rejected: '{{code}}: {{message}}{{explanation}}',
  },
  check: (context) => {
    const issues = context.validation();
    // Nearly every configuration is valid: nothing to filter.
    if (issues.length === 0) return [];
    return issues
      .filter((issue) => !isOptionsMethodIssue(issue))
      .map((issue) => ({
        ruleIndex: issue.ruleIndex,
        messageId: 'rejected' as const,
        data: { code: issue.code, message: issue.message, explanation: issue.explanation ? ` (${issue.explanation})` : '' },
        evidence: { code: issue.code, ...(issue.field === undefined ? {} : { field: issue.field }), ...(issue.value === undefined ? {} : { value: issue.value }) },
      }));
  },
});

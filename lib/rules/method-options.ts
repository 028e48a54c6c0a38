// OPTIONS in AllowedMethods: S3 rejects it; preflights are answered by the rule that allows the real method.
import type { ValidationIssue } from '../cors/validate';
import { defineRule, REFERENCES } from './define-rule';

/** The PutBucketCors rejection for an OPTIONS method, however it is cased. */
export function isOptionsMethodIssue(issue: ValidationIssue): boolean {
  return issue.field === 'AllowedMethods' && issue.value?.toUpperCase() === 'OPTIONS';
}

export default defineRule({
  id: 'S3CORS-METHOD-OPTIONS',
  title: 'OPTIONS is listed in AllowedMethods (S3 rejects it)',
  severity: 'high',
  category: 'validity',
  exposure: 'none',
  rationale:
    'A common copy-paste from other servers: S3 answers preflights itself using the rule that allows the Access-Control-Request-Method, so OPTIONS is not a valid AllowedMethod and PutBucketCors fails with InvalidRequest.',
  remediation: {
    text: 'Remove OPTIONS; list the methods the browser will actually send (GET, PUT...).',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], ExposeHeaders: ['ETag'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'OPTIONS'] }],
  references: [REFERENCES.corsRule, REFERENCES.corsGuide],
  messages: { options: '{{code}}: {{message}} ({{explanation}})' },
  check: (context) => {
    const issues = context.validation();
    // Nearly every configuration is valid: nothing to filter.
    if (issues.length === 0) return [];
    return issues
      .filter(isOptionsMethodIssue)
      .map((issue) => ({
        ruleIndex: issue.ruleIndex,
        messageId: 'options' as const,
        data: { code: issue.code, message: issue.message, explanation: issue.explanation ?? 'remove OPTIONS' },
        evidence: { code: issue.code, method: issue.value ?? 'OPTIONS' },
      }));
  },
});

// ExposeHeaders that hand cross-origin scripts key identifiers, encryption context or credentials.
import { defineRule, REFERENCES, type RuleReport } from './define-rule';

/** Response headers whose value identifies keys or accounts, or carries data meant for the server side only. */
const SENSITIVE_RESPONSE_HEADERS: ReadonlyMap<string, string> = new Map([
  ['x-amz-server-side-encryption-aws-kms-key-id', 'the KMS key ARN (account id, key id)'],
  ['x-amz-server-side-encryption-context', 'the KMS encryption context (often tenant or object identifiers)'],
  ['x-amz-server-side-encryption-customer-key-md5', 'a fingerprint of the customer-provided key'],
  ['x-amz-server-side-encryption-bucket-key-enabled', 'how the bucket\'s KMS keys are configured'],
]);

export default defineRule({
  id: 'S3CORS-EXPOSE-SENSITIVE-HEADER',
  title: 'Sensitive response header exposed to cross-origin scripts',
  severity: 'low',
  category: 'header',
  exposure: 'read',
  rationale:
    'ExposeHeaders lets scripts of every allowed origin read a header. The KMS key ARN reveals the account and key, the encryption context often names tenants, and SSE-C key fingerprints let a page test key guesses. Version and request ids are harmless.',
  remediation: {
    text: 'Expose only what the page uses: ETag, x-amz-version-id, x-amz-request-id, Content-Length.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag', 'x-amz-version-id'] }],
  },
  badExample: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['x-amz-server-side-encryption-aws-kms-key-id'] }],
  references: [REFERENCES.cwe200, 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html'],
  messages: { sensitive: 'Rule {{ruleNumber}} exposes {{header}}, which reveals {{what}}.' },
  check: ({ rules }) => {
    const reports: RuleReport<'sensitive'>[] = [];
    rules.forEach((rule, ruleIndex) => {
      if (rule.exposeHeaders.length === 0) return;
      for (const header of new Set(rule.exposeHeaders)) {
        const what = SENSITIVE_RESPONSE_HEADERS.get(header.toLowerCase());
        if (what) reports.push({ ruleIndex, messageId: 'sensitive', data: { ruleNumber: ruleIndex + 1, header, what }, evidence: { header } });
      }
    });
    return reports;
  },
});

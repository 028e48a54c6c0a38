// ExposeHeaders that hand cross-origin scripts key identifiers, encryption context or credentials.
import type { CorsRule } from '../cors/types';
import { defineRule, REFERENCES, withReport, type RuleReport } from './define-rule';

/** Response headers whose value identifies keys or accounts, or carries data meant for the server side only. */
const SENSITIVE_RESPONSE_HEADERS: ReadonlyMap<string, string> = new Map([
  ['x-amz-server-side-encryption-aws-kms-key-id', 'the KMS key ARN (account id, key id)'],
  ['x-amz-server-side-encryption-context', 'the KMS encryption context (often tenant or object identifiers)'],
  ['x-amz-server-side-encryption-customer-key-md5', 'a fingerprint of the customer-provided key'],
  ['x-amz-server-side-encryption-bucket-key-enabled', 'how the bucket\'s KMS keys are configured'],
]);

/**
 * A header can only lowercase to one of those names if it has the name's length: the only characters outside ASCII
 * that lowercase to ASCII (U+212A KELVIN SIGN to `k`) keep the length. Skipping other lengths saves lowering `ETag`.
 */
const SENSITIVE_NAME_LENGTHS: readonly number[] = [...SENSITIVE_RESPONSE_HEADERS.keys()].map((name) => name.length);

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
    let reports: RuleReport<'sensitive'>[] | undefined;
    for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex += 1) {
      const headers = (rules[ruleIndex] as CorsRule).exposeHeaders;
      for (let at = 0; at < headers.length; at += 1) {
        const header = headers[at] as string;
        if (!SENSITIVE_NAME_LENGTHS.includes(header.length)) continue;
        const what = SENSITIVE_RESPONSE_HEADERS.get(header.toLowerCase());
        // Each header once, as written: a repeat of the same text is the duplicate-values rule's finding.
        if (what && headers.indexOf(header) === at) reports = withReport(reports, { ruleIndex, messageId: 'sensitive', data: { header, what }, evidence: { header } });
      }
    }
    return reports ?? [];
  },
});

// 56 KB or more: close to S3's 64 KB limit on the PutBucketCors body (spec §1).
import { MAX_CORS_BODY_BYTES } from '../cors/validate';
import { defineRule, REFERENCES } from './define-rule';

const WARN_AT_BYTES = 56 * 1024;

export default defineRule({
  id: 'S3CORS-NEAR-SIZE-LIMIT',
  title: 'Configuration is close to the 64 KB size limit',
  severity: 'low',
  category: 'limits',
  exposure: 'none',
  rationale: 'PutBucketCors rejects bodies over 64 KB. At 56 KB or more the next added origin may fail to deploy; very long origin lists are also hard to review.',
  remediation: {
    text: 'Remove unused origins and merge rules; consider a subdomain wildcard under a domain you fully control.',
    example: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
  },
  badExample: [{ AllowedOrigins: Array.from({ length: 1000 }, (_, index) => `https://tenant-${index}.example.com`), AllowedMethods: ['GET'] }],
  references: [REFERENCES.putBucketCors],
  messages: { nearSize: 'The configuration is {{bytes}} bytes; S3 accepts at most {{limit}}.' },
  check: ({ config }) =>
    config.sizeBytes >= WARN_AT_BYTES && config.sizeBytes <= MAX_CORS_BODY_BYTES
      ? [{ ruleIndex: null, messageId: 'nearSize' as const, data: { bytes: config.sizeBytes, limit: MAX_CORS_BODY_BYTES }, evidence: { sizeBytes: config.sizeBytes } }]
      : [],
});

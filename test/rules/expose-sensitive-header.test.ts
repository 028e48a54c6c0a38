import rule from '../../lib/rules/expose-sensitive-header';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag', 'x-amz-version-id', 'x-amz-request-id', 'Content-Length'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag', 'X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id', 'x-amz-server-side-encryption-context'] }],
      findings: [{ ruleIndex: 0, evidence: { header: 'X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id' } }, { ruleIndex: 0, evidence: { header: 'x-amz-server-side-encryption-context' } }],
    },
    {
      name: 'a header written twice is reported once; the Kelvin sign lowercases to k',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['x-amz-server-side-encryption-context', 'x-amz-server-side-encryption-context', 'x-amz-server-side-encryption-aws-\u212Ams-key-id'] }],
      findings: [{ ruleIndex: 0, evidence: { header: 'x-amz-server-side-encryption-context' } }, { ruleIndex: 0, evidence: { header: 'x-amz-server-side-encryption-aws-\u212Ams-key-id' } }],
    },
  ],
});

import rule from '../../lib/rules/expose-sensitive-header';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag', 'x-amz-version-id', 'x-amz-request-id', 'Content-Length'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag', 'X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id', 'x-amz-server-side-encryption-context'] }],
      findings: [{ ruleIndex: 0, evidence: { header: 'X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id' } }, { ruleIndex: 0, evidence: { header: 'x-amz-server-side-encryption-context' } }],
    },
  ],
});

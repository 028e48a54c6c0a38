import rule from '../../lib/rules/dangerous-header-write';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type', 'x-amz-meta-*', 'x-amz-checksum-*'] }],
    // SSE-S3, or SSE-KMS with the bucket's own key, hands no one else control of the object
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-server-side-encryption', 'x-amz-server-side-encryption-bucket-key-enabled'] }],
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['x-amz-tagging', 'x-amz-server-side-encryption-customer-key'] }],
    // reads cannot set ACLs
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] }],
    // a DELETE carries no ACL, key or tag
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET', 'DELETE'], AllowedHeaders: ['x-amz-acl', 'x-amz-tagging', 'x-amz-server-side-encryption-customer-key'] }],
  ],
  invalid: [
    {
      name: 'a DELETE-only rule: only the governance-retention bypass matters',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['DELETE'], AllowedHeaders: ['x-amz-acl', 'x-amz-*'] }],
      findings: [{ ruleIndex: 0, evidence: { patterns: ['x-amz-*'], headers: ['x-amz-bypass-governance-retention'], methods: ['DELETE'] } }],
    },
    {
      name: 'x-amz-* admits every control header',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*'] }],
      findings: [{ ruleIndex: 0, evidence: { patterns: ['x-amz-*'], headers: ['x-amz-acl', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp', 'x-amz-grant-full-control', 'x-amz-website-redirect-location', 'x-amz-bypass-governance-retention', 'x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date', 'x-amz-object-lock-legal-hold', 'x-amz-server-side-encryption-customer-algorithm', 'x-amz-server-side-encryption-customer-key', 'x-amz-server-side-encryption-customer-key-md5', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-tagging'] } }],
    },
    {
      name: 'an encryption wildcard admits SSE-C and a chosen KMS key',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-server-side-encryption*'] }],
      findings: [{ ruleIndex: 0, evidence: { patterns: ['x-amz-server-side-encryption*'], headers: ['x-amz-server-side-encryption-customer-algorithm', 'x-amz-server-side-encryption-customer-key', 'x-amz-server-side-encryption-customer-key-md5', 'x-amz-server-side-encryption-aws-kms-key-id'] } }],
    },
    {
      name: 'SSE-C named exactly (case-insensitive)',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-server-side-encryption-customer-algorithm', 'X-Amz-Server-Side-Encryption-Customer-Key-MD5'] }],
      findings: [{ ruleIndex: 0, evidence: { headers: ['x-amz-server-side-encryption-customer-algorithm', 'x-amz-server-side-encryption-customer-key-md5'] } }],
    },
    { name: 'tags can grant access (ABAC)', config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST'], AllowedHeaders: ['x-amz-tagging'] }], findings: [{ ruleIndex: 0, evidence: { headers: ['x-amz-tagging'], methods: ['POST'] } }] },
    {
      name: 'case-insensitive names and a grant wildcard',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST'], AllowedHeaders: ['X-Amz-ACL', 'x-amz-grant-*'] }],
      findings: [{ ruleIndex: 0, evidence: { patterns: ['X-Amz-ACL', 'x-amz-grant-*'], headers: ['x-amz-acl', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp', 'x-amz-grant-full-control'] } }],
    },
    {
      name: 'each header credited to the first pattern admitting it, each pattern once',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT', 'DELETE'], AllowedHeaders: ['content-type', 'x-amz-acl', '*', 'x-amz-*'] }],
      findings: [{ ruleIndex: 0, evidence: { patterns: ['x-amz-acl', '*'], methods: ['PUT', 'DELETE'] } }],
    },
    { config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*', 'x-amz-*'] }], findings: [{ ruleIndex: 0, evidence: { patterns: ['x-amz-*'] } }] },
    { config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-bypass-governance-retention'] }], findings: [{ ruleIndex: 0, evidence: { headers: ['x-amz-bypass-governance-retention'] } }] },
  ],
});

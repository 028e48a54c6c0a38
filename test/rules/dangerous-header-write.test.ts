import rule from '../../lib/rules/dangerous-header-write';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type', 'x-amz-meta-*', 'x-amz-checksum-*'] }],
    // reads cannot set ACLs
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] }],
  ],
  invalid: [
    {
      name: 'x-amz-* admits every control header',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*'] }],
      findings: [{ ruleIndex: 0, evidence: { patterns: ['x-amz-*'], headers: ['x-amz-acl', 'x-amz-grant-read', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp', 'x-amz-grant-full-control', 'x-amz-website-redirect-location', 'x-amz-bypass-governance-retention', 'x-amz-object-lock-mode', 'x-amz-object-lock-retain-until-date', 'x-amz-object-lock-legal-hold'] } }],
    },
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

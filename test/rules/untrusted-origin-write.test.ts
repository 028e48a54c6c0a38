import rule from '../../lib/rules/untrusted-origin-write';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    // reads only: the origin rules' own (read) findings
    [{ AllowedOrigins: ['null', 'https://*', 'https://*example.com'], AllowedMethods: ['GET', 'HEAD'] }],
    // `*` is S3CORS-ANY-ORIGIN-WRITE's, and so is every other origin of a rule that lists it
    [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }],
    [{ AllowedOrigins: ['null', '*'], AllowedMethods: ['PUT'] }],
    // origins the owner controls: exact, a subdomain wildcard, the owner's own site on a hosting platform
    [{ AllowedOrigins: ['https://app.example.com', 'https://*.example.com', 'https://me.github.io'], AllowedMethods: ['PUT', 'POST', 'DELETE'] }],
    // `NULL` is never sent by a browser (never-matching, not attacker-obtainable)
    [{ AllowedOrigins: ['NULL'], AllowedMethods: ['PUT'] }],
  ],
  invalid: [
    { name: 'a sandboxed iframe writes', config: [{ AllowedOrigins: ['null'], AllowedMethods: ['PUT'] }], findings: [{ ruleIndex: 0, evidence: { origins: ['null'], methods: ['PUT'] } }] },
    { name: '`https://*` admits every site', config: [{ AllowedOrigins: ['https://*'], AllowedMethods: ['PUT'] }], findings: [{ ruleIndex: 0, evidence: { origins: ['https://*'], methods: ['PUT'] } }] },
    { name: 'a look-alike domain', config: [{ AllowedOrigins: ['https://*example.com'], AllowedMethods: ['PUT'] }], findings: [{ ruleIndex: 0, evidence: { origins: ['https://*example.com'] } }] },
    { name: 'path-style S3 is one origin shared by every bucket', config: [{ AllowedOrigins: ['https://s3.amazonaws.com'], AllowedMethods: ['DELETE'] }], findings: [{ ruleIndex: 0, evidence: { origins: ['https://s3.amazonaws.com'], methods: ['DELETE'] } }] },
    {
      name: 'one report per CORS rule, origins in the rule\'s order without repeats, own origins left out, reads left out',
      config: [
        { AllowedOrigins: ['https://*'], AllowedMethods: ['GET'] },
        { AllowedOrigins: ['null', 'https://app.example.com', 'https://example.com*', '*.com', 'https://*.vercel.app', 'https://*example.com', 'null'], AllowedMethods: ['GET', 'POST', 'DELETE', 'POST'] },
        { AllowedOrigins: ['https://*.github.io'], AllowedMethods: ['PUT'] },
      ],
      findings: [
        { ruleIndex: 1, evidence: { origins: ['null', 'https://example.com*', '*.com', 'https://*.vercel.app', 'https://*example.com'], methods: ['POST', 'DELETE'] } },
        { ruleIndex: 2, evidence: { origins: ['https://*.github.io'], methods: ['PUT'] } },
      ],
    },
  ],
});

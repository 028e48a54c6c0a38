import rule from '../../lib/rules/wildcard-scheme-or-port';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com:8443', 'https://*.example.com', '*', '*.com'], AllowedMethods: ['GET'] }],
    // Never matches: uppercase, a path.
    [{ AllowedOrigins: ['*://App.example.com', 'https://app.example.com:*/'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['*://app.example.com', 'https://app.example.com:*', '*.example.com'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { part: 'scheme' } }, { ruleIndex: 0, evidence: { part: 'port' } }, { ruleIndex: 0, evidence: { origin: '*.example.com', part: 'scheme' } }],
    },
    { name: 'the port of an IPv6 host follows its `]`', config: [{ AllowedOrigins: ['http://[::1]:*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { origin: 'http://[::1]:*', part: 'port' } }] },
  ],
});

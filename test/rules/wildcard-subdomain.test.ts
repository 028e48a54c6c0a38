import rule from '../../lib/rules/wildcard-subdomain';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://app.example.com', '*', 'https://*', 'https://*example.com', 'https://*.com', 'https://*.github.io'], AllowedMethods: ['GET'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://*.example.com', 'https://*.example.co.uk'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'https://*.example.com' } }, { ruleIndex: 0, evidence: { origin: 'https://*.example.co.uk' } }],
    },
  ],
});

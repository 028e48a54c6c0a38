import rule from '../../lib/rules/wildcard-subdomain-write';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'HEAD'] }],
    [{ AllowedOrigins: ['https://upload.example.com'], AllowedMethods: ['PUT'] }],
  ],
  invalid: [{ config: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'POST', 'DELETE'] }], findings: [{ ruleIndex: 0, evidence: { origin: 'https://*.example.com', methods: 'POST, DELETE' } }] }],
});

import rule from '../../lib/rules/cleartext-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://www.example.com'], AllowedMethods: ['GET'] }],
    // development hosts and any-site patterns have their own rules
    [{ AllowedOrigins: ['http://localhost:3000', 'http://*', 'http://10.0.0.5'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['http://www.example.com', 'http://*.example.com'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'http://www.example.com' } }, { ruleIndex: 0, evidence: { origin: 'http://*.example.com' } }],
    },
  ],
});

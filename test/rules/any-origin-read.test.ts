import rule from '../../lib/rules/any-origin-read';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['*'], AllowedMethods: ['PUT'] }],
  ],
  invalid: [
    { config: [{ AllowedOrigins: ['*'], AllowedMethods: ['HEAD', 'GET'] }], findings: [{ ruleIndex: 0, evidence: { origin: '*', methods: ['HEAD', 'GET'] } }] },
  ],
});

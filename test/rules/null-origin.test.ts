import rule from '../../lib/rules/null-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://null.example.com', '*'], AllowedMethods: ['GET'] }], [{ AllowedOrigins: ['NULL'], AllowedMethods: ['GET'] }]],
  invalid: [{ config: [{ AllowedOrigins: ['https://a.example.com', 'null'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { origin: 'null' } }] }],
});

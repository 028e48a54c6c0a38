import rule from '../../lib/rules/any-origin-beside-specific';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }]],
  invalid: [{ config: [{ AllowedOrigins: ['https://a.example.com', '*', 'https://a.example.com'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { origins: ['https://a.example.com'] } }] }],
});

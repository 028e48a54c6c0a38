import rule from '../../lib/rules/max-age-missing';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 0 }]],
  invalid: [{ config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 60 }, { AllowedOrigins: ['https://b.example.com'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 1 }] }],
});

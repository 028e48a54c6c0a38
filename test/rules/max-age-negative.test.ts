import rule from '../../lib/rules/max-age-negative';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 0 }]],
  invalid: [{ config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: -5 }], findings: [{ ruleIndex: 0, evidence: { maxAgeSeconds: -5 } }] }],
});

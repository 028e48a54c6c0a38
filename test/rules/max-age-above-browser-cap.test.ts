import rule from '../../lib/rules/max-age-above-browser-cap';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 7200 }], [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }]],
  invalid: [
    { config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 7201 }], findings: [{ ruleIndex: 0, evidence: { maxAgeSeconds: 7201 } }] },
    { config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 86_401 }], findings: [{ ruleIndex: 0, evidence: { maxAgeSeconds: 86_401 } }] },
  ],
});

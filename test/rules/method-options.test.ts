import rule from '../../lib/rules/method-options';
import { runRule, ruleTester } from '../support/rule-tester';
import { expect, it } from 'vitest';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET', 'PATCH'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['OPTIONS', 'options'] }],
      findings: [{ ruleIndex: 1, evidence: { code: 'InvalidRequest', method: 'OPTIONS' } }, { ruleIndex: 1, evidence: { method: 'options' } }],
    },
  ],
});

it('explains that S3 answers preflights itself', () => {
  const [report] = runRule(rule, [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['OPTIONS'] }]);
  expect(report?.data.message).toBe('Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS');
  expect(String(report?.data.explanation)).toMatch(/preflight/);
});

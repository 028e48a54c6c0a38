import rule from '../../lib/rules/never-matching-header';
import { runRule, ruleTester } from '../support/rule-tester';
import { expect, it } from 'vitest';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type', 'x-amz-meta-*', '*', 'X-Custom Header'] }],
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['Content-Type, Authorization', ' x-amz-date', 'etag\t', 'ok'] }],
      findings: [
        { ruleIndex: 0, evidence: { header: 'Content-Type, Authorization' } },
        { ruleIndex: 0, evidence: { header: ' x-amz-date' } },
        { ruleIndex: 0, evidence: { header: 'etag\t' } },
      ],
    },
    {
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['', 'x-*,y'] }],
      findings: [{ ruleIndex: 1, evidence: { header: '' } }, { ruleIndex: 1, evidence: { header: 'x-*,y' } }],
    },
  ],
});

it('says why: the comma splits the request, whitespace is trimmed', () => {
  const [comma, space] = runRule(rule, [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['a, b', ' c'] }]);
  expect(comma?.data.reason).toMatch(/comma/);
  expect(space?.data.reason).toMatch(/whitespace/);
});

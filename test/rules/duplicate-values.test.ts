import rule from '../../lib/rules/duplicate-values';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://a.example.com', 'https://A.example.com'], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['a', 'b'] }],
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['x-amz-date', 'X-Amz-Date-Extra', 'x-amz-datf', 'x-ämz'], ExposeHeaders: ['ETag', 'ETags'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://a.example.com', 'https://a.example.com'], AllowedMethods: ['GET', 'GET'], AllowedHeaders: ['Range', 'range'], ExposeHeaders: ['ETag', 'etag'] }],
      findings: [
        { ruleIndex: 0, evidence: { field: 'AllowedOrigin', value: 'https://a.example.com' } },
        { ruleIndex: 0, evidence: { field: 'AllowedMethod', value: 'GET' } },
        { ruleIndex: 0, evidence: { field: 'AllowedHeader', value: 'range' } },
        { ruleIndex: 0, evidence: { field: 'ExposeHeader', value: 'etag' } },
      ],
    },
    {
      name: 'each differently written repeat once, case folded beyond ASCII',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['ETag', 'etag', 'ETag', 'etag', 'X-Café', 'x-cafÉ', '\u212A', 'k'] }],
      findings: [
        { ruleIndex: 0, evidence: { field: 'AllowedHeader', value: 'etag' } },
        { ruleIndex: 0, evidence: { field: 'AllowedHeader', value: 'ETag' } },
        { ruleIndex: 0, evidence: { field: 'AllowedHeader', value: 'x-cafÉ' } },
        { ruleIndex: 0, evidence: { field: 'AllowedHeader', value: 'k' } },
      ],
    },
    {
      name: 'a long list',
      config: [{ AllowedOrigins: Array.from({ length: 10 }, (_, index) => `https://a${index % 9}.example.com`), AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { field: 'AllowedOrigin', value: 'https://a0.example.com' } }],
    },
  ],
});

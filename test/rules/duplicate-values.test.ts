import rule from '../../lib/rules/duplicate-values';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com', 'https://A.example.com'], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['a', 'b'] }]],
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
  ],
});

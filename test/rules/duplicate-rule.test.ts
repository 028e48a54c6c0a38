import rule from '../../lib/rules/duplicate-rule';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 60 }]],
  invalid: [
    {
      name: 'order of values and header case do not matter',
      config: [
        { AllowedOrigins: ['https://a.example.com', 'https://b.example.com'], AllowedMethods: ['GET', 'HEAD'], AllowedHeaders: ['Range'] },
        { AllowedOrigins: ['https://c.example.com'], AllowedMethods: ['GET'] },
        { AllowedOrigins: ['https://b.example.com', 'https://a.example.com'], AllowedMethods: ['HEAD', 'GET'], AllowedHeaders: ['range'] },
      ],
      findings: [{ ruleIndex: 2, evidence: { duplicateOf: 0 } }],
    },
  ],
});

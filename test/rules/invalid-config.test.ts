import rule from '../../lib/rules/invalid-config';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }],
    // OPTIONS is S3CORS-METHOD-OPTIONS's to report
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET', 'OPTIONS'] }],
  ],
  invalid: [
    { name: 'no rules', config: [], findings: [{ ruleIndex: null, evidence: { code: 'MalformedXML' } }] },
    {
      config: [
        { AllowedOrigins: ['https://*.*.example.com'], AllowedMethods: ['GET', 'PATCH'] },
        { AllowedMethods: ['GET'], ExposeHeaders: ['*'] },
      ],
      findings: [
        { ruleIndex: 1, evidence: { code: 'MalformedXML', field: 'AllowedOrigins' } },
        { ruleIndex: 0, evidence: { code: 'InvalidRequest', field: 'AllowedMethods', value: 'PATCH' } },
        { ruleIndex: 0, evidence: { code: 'InvalidRequest', field: 'AllowedOrigins', value: 'https://*.*.example.com' } },
        { ruleIndex: 1, evidence: { code: 'InvalidRequest', field: 'ExposeHeaders', value: '*' } },
      ],
    },
    {
      name: 'more than 100 rules',
      config: Array.from({ length: 101 }, () => ({ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] })),
      findings: [{ ruleIndex: null, evidence: { code: 'InvalidRequest', value: '101' } }],
    },
  ],
});

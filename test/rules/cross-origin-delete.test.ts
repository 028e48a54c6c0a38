import rule from '../../lib/rules/cross-origin-delete';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET', 'PUT', 'POST'] }], [{ AllowedOrigins: ['*'], AllowedMethods: ['delete'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://admin.example.com'], AllowedMethods: ['DELETE'] }],
      findings: [{ ruleIndex: 1, evidence: { method: 'DELETE', origins: ['https://admin.example.com'] } }],
    },
  ],
});

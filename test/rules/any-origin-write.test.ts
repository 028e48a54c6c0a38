import rule from '../../lib/rules/any-origin-write';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'HEAD'] }],
    [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['PUT', 'POST', 'DELETE'] }],
  ],
  invalid: [
    { config: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'PUT', 'DELETE'] }], findings: [{ ruleIndex: 0, evidence: { origin: '*', methods: ['PUT', 'DELETE'] } }] },
    {
      config: [
        { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'] },
        { AllowedOrigins: ['https://b.example.com', '*'], AllowedMethods: ['POST'] },
      ],
      findings: [{ ruleIndex: 1, evidence: { methods: ['POST'] } }],
    },
  ],
});

import rule from '../../lib/rules/shadowed-rule';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] }],
    // a later rule that allows a header the earlier one does not is reachable
    [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['range'] }],
    // a later rule with a method the earlier lacks is reachable
    [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'] }],
    // exact copies are reported by S3CORS-RULE-DUPLICATE
    [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['*'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag'] }],
      findings: [{ ruleIndex: 1, evidence: { shadowedBy: ['0'] } }],
    },
    {
      name: 'covered piecewise by two earlier rules, headers included',
      config: [
        { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] },
        { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['x-amz-*', 'content-type'] },
        { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['x-amz-meta-*'] },
      ],
      findings: [{ ruleIndex: 2, evidence: { shadowedBy: ['0', '1'] } }],
    },
  ],
});

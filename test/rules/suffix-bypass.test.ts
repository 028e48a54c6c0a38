import rule from '../../lib/rules/suffix-bypass';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://app.example.com', 'https://app-*.example.com'], AllowedMethods: ['GET'] }],
    // any-site patterns belong to S3CORS-ORIGIN-ANY-SITE
    [{ AllowedOrigins: ['https://*', '*.com', '*'], AllowedMethods: ['GET'] }],
    // Names nobody registers; a pattern that never matches (uppercase).
    [{ AllowedOrigins: ['http://*.localhost', 'https://*.test', 'https://*Example.com'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://*example.com'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'https://*example.com', attackerOrigin: 'https://evilexample.com' } }],
    },
    {
      name: 'no scheme, wildcard spans scheme and host',
      config: [
        { AllowedOrigins: ['https://ok.example.com'], AllowedMethods: ['GET'] },
        { AllowedOrigins: ['*example.co.uk'], AllowedMethods: ['PUT'] },
      ],
      findings: [{ ruleIndex: 1, evidence: { origin: '*example.co.uk', attackerOrigin: 'https://evilexample.co.uk' } }],
    },
    {
      name: 'wildcard scheme with an unanchored host',
      config: [{ AllowedOrigins: ['*bank.com'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: '*bank.com' } }],
    },
  ],
});

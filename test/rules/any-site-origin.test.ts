import rule from '../../lib/rules/any-site-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.example.com', 'https://*example.com'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    { config: [{ AllowedOrigins: ['https://*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { origin: 'https://*', attackerOrigin: 'https://evil.net' } }] },
    { config: [{ AllowedOrigins: ['http://*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { origin: 'http://*' } }] },
    {
      config: [{ AllowedOrigins: ['*.com', 'https://*.com', 'https://*.co.uk'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { origin: '*.com', attackerOrigin: 'https://evil.com' } },
        { ruleIndex: 0, evidence: { origin: 'https://*.com', attackerOrigin: 'https://evil.com' } },
        { ruleIndex: 0, evidence: { origin: 'https://*.co.uk' } },
      ],
    },
  ],
});

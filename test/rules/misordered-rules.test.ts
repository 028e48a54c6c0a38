import rule from '../../lib/rules/misordered-rules';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'] }, { AllowedOrigins: ['*'], AllowedMethods: ['GET'] }],
    // a narrower rule first is the intended order, even when it answers differently
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://*.example.com', '*'], AllowedMethods: ['GET'], ExposeHeaders: ['ETag'] }],
    // same answer either way: nothing lost
    [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'] }],
    // the later rule admits everything the earlier one does (and more headers): the earlier is the narrower one
    [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], MaxAgeSeconds: 3000 }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['range'], MaxAgeSeconds: 60 }],
  ],
  invalid: [
    {
      name: '`*` without headers takes the app\'s plain GETs from its credentialed rule, whatever headers that one admits',
      config: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['content-type'] }],
      findings: [{ ruleIndex: 1, evidence: { takenBy: 0, method: 'GET', differences: ['credentials refused (Allow-Origin: *)'] } }],
    },
    {
      name: 'a broader rule in origin and headers first',
      config: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['*'], MaxAgeSeconds: 3000 }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['range'], MaxAgeSeconds: 60 }],
      findings: [{ ruleIndex: 1, evidence: { takenBy: 0, method: 'GET', differences: ['different Max-Age'] } }],
    },
    {
      config: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'] }],
      findings: [{ ruleIndex: 1, evidence: { origin: 'https://app.example.com', method: 'GET', takenBy: 0, differences: ['credentials refused (Allow-Origin: *)'] } }],
    },
    {
      config: [{ AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'HEAD'] }, { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], ExposeHeaders: ['ETag'] }],
      findings: [{ ruleIndex: 1, evidence: { method: 'GET', differences: ['different Expose-Headers'] } }],
    },
  ],
});

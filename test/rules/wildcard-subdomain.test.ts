import rule from '../../lib/rules/wildcard-subdomain';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://app.example.com', '*', 'https://*', 'https://*example.com', 'https://*.com', 'https://*.github.io'], AllowedMethods: ['GET'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://*.example.com', 'https://*.example.co.uk'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'https://*.example.com' } }, { ruleIndex: 0, evidence: { origin: 'https://*.example.co.uk' } }],
    },
    {
      name: 'partial-label wildcards still span every matching subdomain',
      config: [{ AllowedOrigins: ['https://app-*.example.com', 'https://*-preview.example.com', '*.example.com'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'https://app-*.example.com' } }, { ruleIndex: 0, evidence: { origin: 'https://*-preview.example.com' } }, { ruleIndex: 0, evidence: { origin: '*.example.com' } }],
    },
  ],
});

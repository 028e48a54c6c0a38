import rule from '../../lib/rules/wildcard-subdomain';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com', '*', 'https://*', 'https://*example.com', 'https://*.com', 'https://*.github.io'], AllowedMethods: ['GET'] }],
    // Anyone's sites on a platform (S3CORS-ORIGIN-PUBLIC-HOSTING), reserved names, one that never matches.
    [{ AllowedOrigins: ['https://myorg-*.github.io', 'https://*.amazonaws.com', 'https://*.s3.us-east-1.amazonaws.com', 'http://*.localhost', 'https://*.home.arpa', 'https://*.example.com/'], AllowedMethods: ['GET'] }],
  ],
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
    {
      name: "a wildcard under a tenant's own label on a platform is that tenant's subdomains",
      config: [{ AllowedOrigins: ['https://*.myproj.pages.dev', 'https://*.myacct.workers.dev', 'https://*.example.eu.org'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'https://*.myproj.pages.dev' } }, { ruleIndex: 0, evidence: { origin: 'https://*.myacct.workers.dev' } }, { ruleIndex: 0, evidence: { origin: 'https://*.example.eu.org' } }],
    },
  ],
});

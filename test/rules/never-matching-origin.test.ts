import rule from '../../lib/rules/never-matching-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://app.example.com', 'https://app.example.com:8443', 'http://app.example.com:443', '*', 'null', '*.example.com', 'https://*', '*://x.example.com'], AllowedMethods: ['GET'] }]],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://app.example.com/', 'https://app.example.com/path', 'https://App.example.com', 'https://app.example.com:443', 'http://app.example.com:80', ' https://app.example.com', 'app.example.com', '', 'https://*.example.com/', 'HTTPS://*.example.com'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { reason: 'ends with a slash (browsers send no trailing slash)' } },
        { ruleIndex: 0, evidence: { reason: 'has a path (browsers send no path)' } },
        { ruleIndex: 0, evidence: { reason: 'has uppercase letters (browsers send the scheme and host in lowercase)' } },
        { ruleIndex: 0, evidence: { reason: 'names the default port :443 (browsers omit it)' } },
        { ruleIndex: 0, evidence: { reason: 'names the default port :80 (browsers omit it)' } },
        { ruleIndex: 0, evidence: { reason: 'contains whitespace' } },
        { ruleIndex: 0, evidence: { reason: 'has no scheme (browsers send https://host)' } },
        { ruleIndex: 0, evidence: { reason: 'is empty' } },
        { ruleIndex: 0, evidence: { reason: 'ends with a slash (browsers send no trailing slash)' } },
        { ruleIndex: 0, evidence: { origin: 'HTTPS://*.example.com' } },
      ],
    },
  ],
});

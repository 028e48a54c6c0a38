import rule from '../../lib/rules/development-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com', 'https://localhost.example.com', 'https://172.32.0.1', 'https://11.0.0.1'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [
        {
          AllowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:5173', 'http://0.0.0.0', 'http://10.1.2.3', 'http://172.20.0.1', 'http://192.168.1.*', 'https://*.local', 'https://api.internal'],
          AllowedMethods: ['GET'],
        },
      ],
      findings: [
        { ruleIndex: 0, evidence: { reason: 'localhost' } },
        { ruleIndex: 0, evidence: { reason: 'loopback 127.0.0.0/8' } },
        { ruleIndex: 0, evidence: { reason: 'IPv6 loopback' } },
        { ruleIndex: 0, evidence: { reason: 'unspecified 0.0.0.0' } },
        { ruleIndex: 0, evidence: { reason: 'private 10.0.0.0/8' } },
        { ruleIndex: 0, evidence: { reason: 'private 172.16.0.0/12' } },
        { ruleIndex: 0, evidence: { reason: 'private 192.168.0.0/16' } },
        { ruleIndex: 0, evidence: { reason: 'mDNS .local name' } },
        { ruleIndex: 0, evidence: { reason: '.internal name' } },
      ],
    },
  ],
});

import rule from '../../lib/rules/cleartext-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://www.example.com'], AllowedMethods: ['GET'] }],
    // development hosts and any-site patterns have their own rules
    [{ AllowedOrigins: ['http://localhost:3000', 'http://*', 'http://10.0.0.5'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['http://localhost:*', 'http://*.localhost', 'http://[fd00::1]', 'http://169.254.169.254', 'http://100.64.0.1'], AllowedMethods: ['GET'] }],
    // Never matches (S3CORS-ORIGIN-NEVER-MATCHES): browsers send http://127.0.0.1.
    [{ AllowedOrigins: ['http://127.1', 'http://www.example.com/'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['http://www.example.com', 'http://*.example.com'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { origin: 'http://www.example.com' } }, { ruleIndex: 0, evidence: { origin: 'http://*.example.com' } }],
    },
  ],
});

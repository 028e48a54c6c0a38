import rule from '../../lib/rules/upload-without-etag';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], ExposeHeaders: ['etag'] }],
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST'], ExposeHeaders: ['x-amz-request-id', 'ETAG'] }],
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }],
    // DELETE uploads nothing
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['DELETE'] }],
  ],
  invalid: [
    { config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST', 'PUT'], ExposeHeaders: ['x-amz-version-id'] }], findings: [{ ruleIndex: 0, evidence: { methods: ['POST', 'PUT'] } }] },
    {
      name: 'each upload method once, DELETE left out; a longer name is not ETag',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT', 'DELETE', 'PUT', 'POST', 'put'], ExposeHeaders: ['ETags'] }],
      findings: [{ ruleIndex: 0, evidence: { methods: ['PUT', 'POST'] } }],
    },
  ],
});

import rule from '../../lib/rules/upload-without-etag';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], ExposeHeaders: ['etag'] }],
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST', 'PUT'], ExposeHeaders: ['x-amz-request-id', 'ETAG'] }],
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }],
    // DELETE uploads nothing
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['DELETE'] }],
    // a POST form upload reads no ETag; multipart parts are PUT
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST'] }],
    // methods are case-sensitive: `put` is not PUT
    [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST', 'put'] }],
  ],
  invalid: [
    { config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST', 'PUT'], ExposeHeaders: ['x-amz-version-id'] }], findings: [{ ruleIndex: 0, evidence: { method: 'PUT' } }] },
    {
      name: 'PUT among other methods; a longer name is not ETag',
      config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['DELETE', 'PUT', 'PUT', 'POST'], ExposeHeaders: ['ETags'] }],
      findings: [{ ruleIndex: 0, evidence: { method: 'PUT' } }],
    },
    {
      name: 'only the rules with PUT',
      config: [
        { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST'] },
        { AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'] },
      ],
      findings: [{ ruleIndex: 1, evidence: { method: 'PUT' } }],
    },
  ],
});

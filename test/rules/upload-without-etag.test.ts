import rule from '../../lib/rules/upload-without-etag';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], ExposeHeaders: ['etag'] }], [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET'] }]],
  invalid: [{ config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['POST', 'PUT'], ExposeHeaders: ['x-amz-version-id'] }], findings: [{ ruleIndex: 0, evidence: { methods: ['POST', 'PUT'] } }] }],
});

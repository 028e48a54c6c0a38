import rule from '../../lib/rules/any-header-write';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [[{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] }], [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['PUT'], AllowedHeaders: ['content-type'] }]],
  invalid: [{ config: [{ AllowedOrigins: ['https://a.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'] }], findings: [{ ruleIndex: 0, evidence: { header: '*', methods: ['PUT'] } }] }],
});

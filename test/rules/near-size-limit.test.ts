import rule from '../../lib/rules/near-size-limit';
import { ruleTester } from '../support/rule-tester';

const withOrigins = (count: number) => [{ AllowedOrigins: Array.from({ length: count }, (_, index) => `https://tenant-${index}.example.com`), AllowedMethods: ['GET'] }];

ruleTester.run(rule, {
  valid: [withOrigins(100), withOrigins(2000)],
  invalid: [{ config: withOrigins(1000), findings: [{ ruleIndex: null }] }],
});

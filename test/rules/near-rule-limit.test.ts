import rule from '../../lib/rules/near-rule-limit';
import { ruleTester } from '../support/rule-tester';

const rules = (count: number) => Array.from({ length: count }, (_, index) => ({ AllowedOrigins: [`https://app${index}.example.com`], AllowedMethods: ['GET'] }));

ruleTester.run(rule, {
  // above 100 the configuration is invalid: S3CORS-INVALID-CONFIG reports it
  valid: [rules(89), rules(101)],
  invalid: [
    { config: rules(90), findings: [{ ruleIndex: null, evidence: { ruleCount: 90 } }] },
    { config: rules(100), findings: [{ ruleIndex: null, evidence: { ruleCount: 100 } }] },
  ],
});

import rule from '../../lib/rules/prefix-bypass';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://*.example.com', 'https://example.com'], AllowedMethods: ['GET'] }],
    // the port wildcard keeps the host fixed
    [{ AllowedOrigins: ['https://example.com:*'], AllowedMethods: ['GET'] }],
    // An extension id is no domain: chrome-extension://abcevil.net is no extension's origin.
    [{ AllowedOrigins: ['chrome-extension://abc*'], AllowedMethods: ['GET'] }],
    // Never matches: a trailing slash.
    [{ AllowedOrigins: ['https://example.*/'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    { config: [{ AllowedOrigins: ['https://example.*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { attackerOrigin: 'https://example.evil.net' } }] },
    { config: [{ AllowedOrigins: ['https://example.com*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { attackerOrigin: 'https://example.com.evil.net' } }] },
    { config: [{ AllowedOrigins: ['http://192.168.1.*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { attackerOrigin: 'http://192.168.1.evil.net' } }] },
  ],
});

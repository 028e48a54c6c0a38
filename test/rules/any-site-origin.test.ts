import rule from '../../lib/rules/any-site-origin';
import { ruleTester } from '../support/rule-tester';

const get = (origins: string[]) => [{ AllowedOrigins: origins, AllowedMethods: ['GET'] }];

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.example.com', 'https://*example.com'], AllowedMethods: ['GET'] }],
    // Special-use names nobody registers (RFC 6761, RFC 8375, .internal): a local resolver's, S3CORS-ORIGIN-DEVELOPMENT's.
    get(['http://*.localhost', 'https://*.test', 'https://*.internal', 'https://*.example', 'https://*.invalid', 'https://*.local', 'https://*.home.arpa']),
    // Never matches, so admits nothing: the default port, uppercase, a trailing slash (S3CORS-ORIGIN-NEVER-MATCHES).
    get(['https://*:443', 'HTTPS://*', 'https://*.COM', 'https://*/']),
    // An extension id written out in full, or eight letters of it (too many to find by generating keys), or a Firefox
    // id (random per install) in part, is no wildcard over every extension.
    get(['chrome-extension://abcdefgh*', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0b1c*']),
  ],
  invalid: [
    {
      name: 'a short Chrome id prefix: anyone generates keys until their extension id starts with it',
      config: get(['chrome-extension://abc*']),
      findings: [{ ruleIndex: 0, messageId: 'anyExtension', evidence: { origin: 'chrome-extension://abc*' } }],
    },
    { config: [{ AllowedOrigins: ['https://*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { origin: 'https://*', attackerOrigin: 'https://evil.net' } }] },
    { config: [{ AllowedOrigins: ['http://*'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { origin: 'http://*' } }] },
    {
      config: [{ AllowedOrigins: ['*.com', 'https://*.com', 'https://*.co.uk'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { origin: '*.com', attackerOrigin: 'https://evil.com' } },
        { ruleIndex: 0, evidence: { origin: 'https://*.com', attackerOrigin: 'https://evil.com' } },
        { ruleIndex: 0, evidence: { origin: 'https://*.co.uk' } },
      ],
    },
    {
      name: 'multi-label public suffixes: anyone registers a name under eu.org or ltd.uk',
      config: get(['https://*.eu.org', 'https://*.ltd.uk', 'https://*.us.com', 'https://*.duckdns.org']),
      findings: [
        { ruleIndex: 0, evidence: { origin: 'https://*.eu.org', attackerOrigin: 'https://evil.eu.org' } },
        { ruleIndex: 0, evidence: { origin: 'https://*.ltd.uk', attackerOrigin: 'https://evil.ltd.uk' } },
        { ruleIndex: 0, evidence: { origin: 'https://*.us.com', attackerOrigin: 'https://evil.us.com' } },
        { ruleIndex: 0, evidence: { origin: 'https://*.duckdns.org', attackerOrigin: 'https://evil.duckdns.org' } },
      ],
    },
    {
      name: 'every extension id: no site, but any extension the visitor installs',
      config: get(['chrome-extension://*', 'moz-extension://*']),
      findings: [
        { ruleIndex: 0, messageId: 'anyExtension', evidence: { origin: 'chrome-extension://*', attackerOrigin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' } },
        { ruleIndex: 0, messageId: 'anyExtension', evidence: { origin: 'moz-extension://*' } },
      ],
    },
  ],
});

import rule from '../../lib/rules/development-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://app.example.com', 'https://localhost.example.com', 'https://172.32.0.1', 'https://11.0.0.1'], AllowedMethods: ['GET'] }],
    // Public addresses next to the private ranges, a public IPv6 address, a reserved documentation name.
    [{ AllowedOrigins: ['http://100.128.0.1', 'http://100.63.255.255', 'http://169.255.0.1', 'http://[2001:db8::1]', 'http://[fec0::1]', 'https://*.example', 'https://example.com:*'], AllowedMethods: ['GET'] }],
    // Never matches, so S3CORS-ORIGIN-NEVER-MATCHES alone reports it: no browser sends a slash or `127.1`.
    [{ AllowedOrigins: ['http://localhost:3000/', 'http://127.1', 'http://[0:0:0:0:0:0:0:1]', 'http://LOCALHOST:3000'], AllowedMethods: ['GET'] }],
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
    {
      name: 'a wildcard port leaves the host a development one',
      config: [{ AllowedOrigins: ['http://localhost:*', 'https://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { origin: 'http://localhost:*', reason: 'localhost' } },
        { ruleIndex: 0, evidence: { origin: 'https://localhost:*', reason: 'localhost' } },
        { ruleIndex: 0, evidence: { origin: 'http://127.0.0.1:*', reason: 'loopback 127.0.0.0/8' } },
        { ruleIndex: 0, evidence: { origin: 'http://[::1]:*', reason: 'IPv6 loopback' } },
      ],
    },
    {
      name: 'link-local, carrier-grade NAT and private IPv6 ranges',
      config: [{ AllowedOrigins: ['http://[fd00::1]', 'http://[fe80::1]', 'http://169.254.169.254', 'http://100.64.0.1', 'http://[::ffff:7f00:1]'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { reason: 'private IPv6 fc00::/7' } },
        { ruleIndex: 0, evidence: { reason: 'link-local IPv6 fe80::/10' } },
        { ruleIndex: 0, evidence: { reason: 'link-local 169.254.0.0/16' } },
        { ruleIndex: 0, evidence: { reason: 'shared address space 100.64.0.0/10' } },
        { ruleIndex: 0, evidence: { reason: 'IPv4-mapped loopback 127.0.0.0/8' } },
      ],
    },
    {
      name: 'names only a local resolver answers (RFC 6761, RFC 8375)',
      config: [{ AllowedOrigins: ['http://*.localhost', 'https://*.test', 'https://app.test', 'https://nas.home.arpa'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { reason: 'localhost' } },
        { ruleIndex: 0, evidence: { reason: 'reserved .test name' } },
        { ruleIndex: 0, evidence: { reason: 'reserved .test name' } },
        { ruleIndex: 0, evidence: { reason: 'home network .home.arpa name' } },
      ],
    },
  ],
});

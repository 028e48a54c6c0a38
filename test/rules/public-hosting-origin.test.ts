import rule from '../../lib/rules/public-hosting-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://myteam.github.io', 'https://d111111abcdef8.cloudfront.net'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.example.com', '*'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.amazonaws.com.example.com'], AllowedMethods: ['GET'] }],
    // A tenant's exact host is theirs alone; a bare platform domain, a trailing dot or a look-alike is no platform.
    [{ AllowedOrigins: ['https://github.io', 'https://x.github.io.', 'https://xgithub.io', 'https://github.io.example.com', 'https://amazonaws.com'], AllowedMethods: ['GET'] }],
  ],
  invalid: [
    {
      config: [{ AllowedOrigins: ['https://*.github.io', 'https://*.vercel.app', 'https://*.ngrok-free.app'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { origin: 'https://*.github.io', platform: 'GitHub Pages' } },
        { ruleIndex: 0, evidence: { platform: 'Vercel' } },
        { ruleIndex: 0, evidence: { platform: 'ngrok' } },
      ],
    },
    { config: [{ AllowedOrigins: ['https://s3.amazonaws.com'], AllowedMethods: ['GET'] }], findings: [{ ruleIndex: 0, evidence: { platform: 'Amazon S3 (path-style)' } }] },
    {
      // The host is looked up in lowercase, with or without a port.
      config: [{ AllowedOrigins: ['https://S3.AMAZONAWS.COM', 'https://s3.amazonaws.com:8443'], AllowedMethods: ['GET'] }],
      findings: [
        { ruleIndex: 0, evidence: { origin: 'https://S3.AMAZONAWS.COM', platform: 'Amazon S3 (path-style)' } },
        { ruleIndex: 0, evidence: { origin: 'https://s3.amazonaws.com:8443', platform: 'Amazon S3 (path-style)' } },
      ],
    },
    {
      config: [{ AllowedOrigins: ['http://*.s3-website-us-east-1.amazonaws.com', 'https://*.cloudfront.net'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { platform: 'S3 static website endpoint' } }, { ruleIndex: 0, evidence: { platform: 'Amazon CloudFront' } }],
    },
  ],
});

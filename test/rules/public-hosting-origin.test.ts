import rule from '../../lib/rules/public-hosting-origin';
import { ruleTester } from '../support/rule-tester';

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://myteam.github.io', 'https://d111111abcdef8.cloudfront.net'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.example.com', '*'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.amazonaws.com.example.com'], AllowedMethods: ['GET'] }],
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
      config: [{ AllowedOrigins: ['http://*.s3-website-us-east-1.amazonaws.com', 'https://*.cloudfront.net'], AllowedMethods: ['GET'] }],
      findings: [{ ruleIndex: 0, evidence: { platform: 'S3 static website endpoint' } }, { ruleIndex: 0, evidence: { platform: 'Amazon CloudFront' } }],
    },
  ],
});

import { describe, expect, it } from 'vitest';
import { hostingPlatformAdmitted, sharedHostingOrigin } from '../../lib/rules/data/public-hosting-platforms';
import rule from '../../lib/rules/public-hosting-origin';
import { ruleTester } from '../support/rule-tester';

const get = (origins: string[]) => [{ AllowedOrigins: origins, AllowedMethods: ['GET'] }];

ruleTester.run(rule, {
  valid: [
    [{ AllowedOrigins: ['https://myteam.github.io', 'https://d111111abcdef8.cloudfront.net'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.example.com', '*'], AllowedMethods: ['GET'] }],
    [{ AllowedOrigins: ['https://*.amazonaws.com.example.com'], AllowedMethods: ['GET'] }],
    // A tenant's exact host is theirs alone; a bare platform domain, a trailing dot or a look-alike is no platform.
    [{ AllowedOrigins: ['https://github.io', 'https://x.github.io.', 'https://xgithub.io', 'https://github.io.example.com', 'https://amazonaws.com'], AllowedMethods: ['GET'] }],
    // A bucket's, an API's or a function's own endpoint is its owner's; S3 website endpoints serve no path-style buckets.
    get(['https://mybucket.s3.us-east-1.amazonaws.com', 'https://abc123defg.execute-api.eu-west-1.amazonaws.com', 'https://abc.lambda-url.eu-west-1.on.aws', 'http://s3-website-us-east-1.amazonaws.com', 'https://s3-accelerate.amazonaws.com']),
    // The `*` left of a label the tenant owns: only the project or account owner publishes there.
    get(['https://*.myproj.pages.dev', 'https://*.myacct.workers.dev', 'https://*.d1a2b3c4.amplifyapp.com', 'https://*.myuser.repl.co', 'https://*-x.myproj.pages.dev']),
    // GitHub Pages tenants have no subdomains; the scheme wildcard leaves the tenant's host whole.
    get(['https://www.*.github.io', '*://myteam.github.io']),
    // Never matches (S3CORS-ORIGIN-NEVER-MATCHES): uppercase, a trailing slash.
    get(['https://S3.AMAZONAWS.COM', 'https://*.Github.io', 'https://*.github.io/']),
    // Other rules': any site (*.eu.org) and look-alikes after the owner's text (S3CORS-ORIGIN-PREFIX-BYPASS).
    get(['https://*.eu.org', 'https://myorg-*', 'https://s3.amazonaws.com:*']),
  ],
  invalid: [
    {
      config: get(['https://*.github.io', 'https://*.vercel.app', 'https://*.ngrok-free.app']),
      findings: [
        { ruleIndex: 0, evidence: { origin: 'https://*.github.io', platform: 'GitHub Pages' } },
        { ruleIndex: 0, evidence: { platform: 'Vercel' } },
        { ruleIndex: 0, evidence: { platform: 'ngrok' } },
      ],
    },
    { config: get(['https://s3.amazonaws.com']), findings: [{ ruleIndex: 0, evidence: { platform: 'Amazon S3 (path-style)' } }] },
    { config: get(['https://s3.amazonaws.com:8443']), findings: [{ ruleIndex: 0, evidence: { origin: 'https://s3.amazonaws.com:8443', platform: 'Amazon S3 (path-style)' } }] },
    {
      name: 'every regional S3 endpoint is shared path-style, matched by the shape of region names',
      config: get(['https://s3.us-east-1.amazonaws.com', 'https://s3-eu-west-1.amazonaws.com', 'https://s3.dualstack.eu-west-1.amazonaws.com', 'https://s3-fips.us-gov-west-1.amazonaws.com', 'https://s3-external-1.amazonaws.com', 'https://s3.cn-north-1.amazonaws.com.cn', '*://s3.ap-southeast-2.amazonaws.com']),
      findings: Array.from({ length: 7 }, () => ({ ruleIndex: 0, evidence: { platform: 'Amazon S3 (path-style)' } })),
    },
    {
      name: 'a wildcard over S3 endpoints spans virtual-hosted buckets (bucket names may hold dots)',
      config: get(['https://*.s3.amazonaws.com', 'https://*.s3.us-east-1.amazonaws.com', 'https://*.s3-eu-west-1.amazonaws.com', 'https://*.s3.dualstack.eu-west-1.amazonaws.com', 'https://*.amazonaws.com', 'https://*.eu-west-2.amazonaws.com', 'https://*.mybucket.s3.amazonaws.com', 'https://app.*.s3.amazonaws.com']),
      findings: Array.from({ length: 8 }, () => ({ ruleIndex: 0, evidence: { platform: 'Amazon S3 (virtual-hosted)' } })),
    },
    {
      config: get(['http://*.s3-website-us-east-1.amazonaws.com', 'http://*.s3-website.eu-central-1.amazonaws.com', 'https://*.cloudfront.net']),
      findings: [{ ruleIndex: 0, evidence: { platform: 'S3 static website endpoint' } }, { ruleIndex: 0, evidence: { platform: 'S3 static website endpoint' } }, { ruleIndex: 0, evidence: { platform: 'Amazon CloudFront' } }],
    },
    {
      name: 'a wildcard inside the tenant label: anyone registers myorg-evil',
      config: get(['https://myorg-*.github.io', 'https://myapp-*.herokuapp.com', 'https://myapp-*.vercel.app', 'https://*-preview.netlify.app']),
      findings: [
        { ruleIndex: 0, evidence: { origin: 'https://myorg-*.github.io', platform: 'GitHub Pages' } },
        { ruleIndex: 0, evidence: { platform: 'Heroku' } },
        { ruleIndex: 0, evidence: { platform: 'Vercel' } },
        { ruleIndex: 0, evidence: { platform: 'Netlify' } },
      ],
    },
    {
      name: 'the `*` spans the tenant label below the platform, with or without labels the tenant adds',
      config: get(['https://*.pages.dev', 'https://app.*.pages.dev', 'https://*-myproj.pages.dev', 'https://api.*.workers.dev']),
      findings: [
        { ruleIndex: 0, evidence: { platform: 'Cloudflare Pages' } },
        { ruleIndex: 0, evidence: { origin: 'https://app.*.pages.dev', platform: 'Cloudflare Pages' } },
        { ruleIndex: 0, evidence: { origin: 'https://*-myproj.pages.dev', platform: 'Cloudflare Pages' } },
        { ruleIndex: 0, evidence: { platform: 'Cloudflare Workers' } },
      ],
    },
    ...(
      [
        ['https://*.run.app', 'Google Cloud Run'],
        ['https://*.a.run.app', 'Google Cloud Run'],
        ['https://*.azurestaticapps.net', 'Azure Static Web Apps'],
        ['https://*.azurewebsites.net', 'Azure App Service'],
        ['https://*.r2.dev', 'Cloudflare R2'],
        ['https://*.deno.dev', 'Deno Deploy'],
        ['https://*.replit.app', 'Replit'],
        ['https://*.replit.dev', 'Replit'],
        ['https://*.repl.co', 'Replit'],
        ['https://*.up.railway.app', 'Railway'],
        ['https://*.csb.app', 'CodeSandbox'],
        ['https://*.app.github.dev', 'GitHub Codespaces'],
        ['https://*.github.dev', 'GitHub Codespaces'],
        ['https://*.blob.core.windows.net', 'Azure Blob Storage'],
        ['https://*.web.core.windows.net', 'Azure Storage static website'],
        ['https://*.storage.googleapis.com', 'Google Cloud Storage'],
        ['https://storage.googleapis.com', 'Google Cloud Storage (path-style)'],
        ['https://*.lambda-url.eu-west-1.on.aws', 'AWS Lambda function URL'],
        ['https://*.on.aws', 'AWS Lambda function URL'],
        ['https://*.execute-api.eu-west-1.amazonaws.com', 'Amazon API Gateway'],
        ['https://*.onrender.com', 'Render'],
        ['https://*.fly.dev', 'Fly.io'],
        ['https://*.glitch.me', 'Glitch'],
        ['https://*.surge.sh', 'Surge'],
        ['https://*.gitlab.io', 'GitLab Pages'],
        ['https://*.bitbucket.io', 'Bitbucket Cloud'],
        ['https://*.appspot.com', 'Google App Engine'],
        // Apps since 2020: <project>.<region code>.r.appspot.com
        ['https://*.uc.r.appspot.com', 'Google App Engine'],
        ['https://*.r.appspot.com', 'Google App Engine'],
        ['https://*.firebaseapp.com', 'Firebase Hosting'],
        ['https://*.web.app', 'Firebase Hosting'],
      ] as const
    ).map(([origin, platform]) => ({ config: get([origin]), findings: [{ ruleIndex: 0, evidence: { origin, platform } }] })),
  ],
});

describe('hostingPlatformAdmitted', () => {
  // The literal host text before and after the `*`, and the platform on which the pattern admits anyone's site.
  it.each([
    ['', '.github.io', 'GitHub Pages'],
    ['myorg-', '.github.io', 'GitHub Pages'],
    ['', 'github.io', 'GitHub Pages'],
    ['', '-myproj.pages.dev', 'Cloudflare Pages'],
    ['s3.', '.amazonaws.com', 'Amazon S3 (virtual-hosted)'],
    ['', '.s3.eu-west-2.amazonaws.com', 'Amazon S3 (virtual-hosted)'],
    ['', '.s3-accesspoint.eu-west-2.amazonaws.com', 'Amazon S3 access point'],
    ['s3.', '-1.amazonaws.com', 'Amazon S3 (virtual-hosted)'],
    ['', '.myproj.pages.dev', null],
    ['www.', '.github.io', null],
    ['', '.myteam.github.io', null],
    ['', '.example.com', null],
    ['', '.io', null],
    ['', '', null],
  ])('%j*%j: %s', (before, after, platform) => {
    expect(hostingPlatformAdmitted(before, after)?.name ?? null).toBe(platform);
  });
});

describe('sharedHostingOrigin', () => {
  it.each([
    ['s3.amazonaws.com', 'Amazon S3 (path-style)'],
    ['s3.me-central-1.amazonaws.com', 'Amazon S3 (path-style)'],
    ['s3-fips.dualstack.us-east-2.amazonaws.com', 'Amazon S3 (path-style)'],
    ['storage.googleapis.com', 'Google Cloud Storage (path-style)'],
    ['s3.us-east-1.amazonaws.com.example.com', null],
    ['s3-accelerate.amazonaws.com', null],
    ['s3-website-us-east-1.amazonaws.com', null],
    ['bucket.s3.amazonaws.com', null],
    ['myteam.github.io', null],
    ['github.io', null],
    ['s3.useast1.amazonaws.com', null],
    [`s3.${'a-'.repeat(5000)}1.amazonaws.com`, null],
  ])('%j: %s', (host, platform) => {
    expect(sharedHostingOrigin(host)?.name ?? null).toBe(platform);
  });
});

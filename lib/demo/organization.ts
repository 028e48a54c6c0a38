// The demo organisation, as data: accounts, buckets and their CORS and exposure, chosen to show every
// kind of finding the engine reports (and the cases it must not flag). Seeded into the local AWS by
// test/support/local-aws/seed.ts; the demo and the integration tests assert against these names.
import type { S3CorsRule } from '../cors/types';
import { SUPPRESSION_TAG_KEY } from '../engine/suppressions';
import type { PublicAccessBlockFlags } from '../engine/types';

export type CannedAcl = 'private' | 'public-read' | 'public-read-write' | 'authenticated-read';

export interface DemoBucket {
  name: string;
  region: string;
  /** Absent: the bucket has no CORS configuration. */
  cors?: S3CorsRule[];
  /** Bucket policy document. */
  policy?: Record<string, unknown>;
  publicAccessBlock?: PublicAccessBlockFlags;
  acl?: CannedAcl;
  /** Static website hosting with this index document. */
  website?: { indexDocument: string };
  tags?: Record<string, string>;
  /** Why this bucket is in the demo (shown nowhere; for readers of this file). */
  why: string;
}

export interface DemoAccount {
  id: string;
  name: string;
  status: 'ACTIVE' | 'SUSPENDED';
  /** `deny`: the audit role's trust policy refuses the auditor (AssumeRole answers AccessDenied). */
  auditRole: 'allow' | 'deny';
  publicAccessBlock?: PublicAccessBlockFlags;
  buckets: DemoBucket[];
}

export interface DemoOrganization {
  managementAccountId: string;
  auditRoleName: string;
  externalId: string;
  accounts: DemoAccount[];
}

const BLOCK_ALL: PublicAccessBlockFlags = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const publicRead = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});
const orgOnly = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: 'OrgRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-demo0example' } } }],
});
const get = (origins: string[], extra: Partial<S3CorsRule> = {}): S3CorsRule => ({ AllowedOrigins: origins, AllowedMethods: ['GET', 'HEAD'], ...extra });
const upload = (origins: string[], extra: Partial<S3CorsRule> = {}): S3CorsRule => ({
  AllowedOrigins: origins,
  AllowedMethods: ['PUT', 'POST'],
  AllowedHeaders: ['*'],
  ExposeHeaders: ['ETag'],
  MaxAgeSeconds: 3000,
  ...extra,
});
/** The AWS documentation's "allow everything" example, copied into production far too often. */
const tutorialWildcard: S3CorsRule = { AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'POST', 'DELETE'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 };

export const DEMO_SUPPRESSION_TAG = SUPPRESSION_TAG_KEY;
/** Accepts the * GET finding of mkt-accepted-assets (format: lib/engine/suppressions.ts parseSuppressionTag). */
export const DEMO_SUPPRESSION_VALUE = 'S3CORS-ANY-ORIGIN-READ until=2099-01-01 reason=public assets';
export const DEMO_HOSTILE_ORIGINS = [
  'https://<!channel>.example.com',
  'https://x.example.com"><script>alert(document.domain)</script>',
  'https://pipe|injected.example.com',
  `https://junk-${'A'.repeat(2048)}.example.com`,
];

export const DEMO_ORGANIZATION: DemoOrganization = {
  managementAccountId: '111111111111',
  auditRoleName: 'S3CorsAuditRole',
  externalId: 'demo-external-id-7f3a9c',
  accounts: [
    {
      id: '111111111111',
      name: 'management',
      status: 'ACTIVE',
      auditRole: 'allow',
      publicAccessBlock: BLOCK_ALL,
      buckets: [
        { name: 'mgmt-cloudtrail-logs-111111111111', region: 'us-east-1', why: 'no CORS at all: the common case, nothing to report' },
        { name: 'mgmt-terraform-state-111111111111', region: 'eu-west-1', why: 'no CORS in a second region' },
      ],
    },
    {
      id: '222222222222',
      name: 'marketing-web',
      status: 'ACTIVE',
      auditRole: 'allow',
      buckets: [
        { name: 'mkt-public-assets', region: 'us-east-1', cors: [get(['*'], { MaxAgeSeconds: 86400 })], policy: publicRead('mkt-public-assets'), why: 'public assets, * GET on a public bucket: expected exposure' },
        { name: 'mkt-website-www', region: 'us-east-1', cors: [get(['*'])], policy: publicRead('mkt-website-www'), website: { indexDocument: 'index.html' }, why: 'static website with * GET' },
        { name: 'mkt-fonts-cdn', region: 'us-east-1', cors: [get(['*'])], acl: 'public-read', why: 'fonts served to any site via a public-read ACL' },
        { name: 'mkt-tutorial-copy-paste', region: 'us-east-1', cors: [tutorialWildcard], policy: publicRead('mkt-tutorial-copy-paste'), why: 'the tutorial example: * with PUT/POST/DELETE on a public bucket' },
        { name: 'mkt-campaign-uploads', region: 'us-east-1', cors: [upload(['https://campaigns.example.com'])], why: 'browser uploads from one origin, ETag exposed: fine' },
        { name: 'mkt-landing-pages', region: 'eu-west-1', cors: [get(['https://*example.com'])], why: 'suffix bypass: matches https://evilexample.com' },
        { name: 'mkt-preview-builds', region: 'eu-west-1', cors: [get(['https://app.example.*'])], why: 'prefix bypass: matches https://app.example.attacker.net' },
        { name: 'mkt-localhost-dev', region: 'us-east-1', cors: [upload(['http://localhost:3000', 'http://127.0.0.1:8080'])], why: 'localhost origins left in production' },
        { name: 'mkt-http-origin', region: 'us-east-1', cors: [get(['http://www.example.com'])], why: 'plain http origin: spoofable on the network' },
        { name: 'mkt-github-pages', region: 'us-east-1', cors: [upload(['https://example-org.github.io', 'https://*.github.io'])], why: 'github.io: anybody can host there' },
        { name: 'mkt-ngrok-demo', region: 'eu-west-1', cors: [upload(['https://*.ngrok.io', 'https://*.ngrok-free.app'])], why: 'tunnel domains: anybody can register a subdomain' },
        { name: 'mkt-null-origin', region: 'us-east-1', cors: [get(['null'])], why: 'null origin: sandboxed iframes and data: URLs send it' },
        { name: 'mkt-accepted-assets', region: 'us-east-1', cors: [get(['*'])], policy: publicRead('mkt-accepted-assets'), tags: { [DEMO_SUPPRESSION_TAG]: DEMO_SUPPRESSION_VALUE, team: 'web' }, why: 'finding accepted by a suppression tag' },
        { name: 'mkt-private-reports', region: 'us-east-1', publicAccessBlock: BLOCK_ALL, why: 'no CORS, fully blocked' },
      ],
    },
    {
      id: '333333333333',
      name: 'payments-prod',
      status: 'ACTIVE',
      auditRole: 'allow',
      publicAccessBlock: BLOCK_ALL,
      buckets: [
        { name: 'pay-receipts-eu', region: 'eu-west-1', cors: [get(['https://pay.example.com'])], why: 'one exact origin, read only: clean' },
        { name: 'pay-kyc-uploads-eu', region: 'eu-west-1', cors: [upload(['https://onboarding.example.com'], { AllowedMethods: ['PUT'] })], why: 'upload from one origin: clean' },
        { name: 'pay-invoices-eu', region: 'eu-west-1', cors: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'DELETE'], AllowedHeaders: ['Authorization', 'Content-Type'] }], why: '* with writes, but account PAB blocks public access' },
        { name: 'pay-statements-eu', region: 'eu-west-1', cors: [
          get(['https://*.example.com']),
          get(['https://portal.example.com']),
        ], why: 'second rule shadowed by the first' },
        { name: 'pay-merchant-logos', region: 'eu-west-1', cors: [get(['https://*.example.com'], { ExposeHeaders: ['x-amz-server-side-encryption', 'x-amz-request-id', 'x-amz-meta-owner'] })], why: 'exposes internal headers' },
        { name: 'pay-partner-exchange', region: 'us-east-1', cors: [upload(['https://partner-a.example.net', 'https://partner-b.example.org'], { AllowedMethods: ['GET', 'PUT', 'DELETE'] })], why: 'partners may delete: worth a look' },
        { name: 'pay-settlement-archive', region: 'eu-west-1', why: 'no CORS' },
        { name: 'pay-fraud-models', region: 'eu-west-1', why: 'no CORS' },
        { name: 'pay-dispute-evidence', region: 'us-east-1', cors: [upload(['https://disputes.example.com'], { MaxAgeSeconds: 604800 })], why: 'a week of preflight cache' },
        { name: 'pay-checkout-widget', region: 'us-east-1', cors: [get(['https://*.shop.example.com', 'https://checkout.example.com'])], why: 'anchored wildcard: clean' },
        { name: 'pay-staging-uploads', region: 'eu-west-1', cors: [upload(['https://staging.example.com', 'http://localhost:8080'])], why: 'staging with localhost' },
        { name: 'pay-hostile-cors', region: 'eu-west-1', cors: [
          { ID: '<!channel> please look', AllowedOrigins: DEMO_HOSTILE_ORIGINS, AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['<img src=x onerror=alert(1)>'], ExposeHeaders: ['ETag'] },
        ], why: 'hostile strings: Slack markup, HTML, pipes and 2 KB of junk must be escaped everywhere' },
      ],
    },
    {
      id: '444444444444',
      name: 'data-platform',
      status: 'ACTIVE',
      auditRole: 'allow',
      buckets: [
        { name: 'dp-lake-raw-apse2', region: 'ap-southeast-2', why: 'no CORS' },
        { name: 'dp-lake-curated-apse2', region: 'ap-southeast-2', why: 'no CORS' },
        { name: 'dp-notebook-exports-apse2', region: 'ap-southeast-2', cors: [get(['*'], { AllowedHeaders: ['*'] })], policy: orgOnly('dp-notebook-exports-apse2'), why: '* read but policy limited to the organisation' },
        { name: 'dp-dashboard-tiles', region: 'ap-southeast-2', cors: [get(['https://dashboards.example.com', 'https://*.dashboards.example.com'])], why: 'clean' },
        { name: 'dp-shared-datasets', region: 'ap-southeast-2', cors: [tutorialWildcard], acl: 'public-read-write', why: 'tutorial CORS with a public-read-write ACL: the worst bucket' },
        { name: 'dp-ml-uploads', region: 'ap-southeast-2', cors: [upload(['https://ml.example.com', 'https://*.example.com'])], why: 'uploads from every subdomain' },
        { name: 'dp-query-results-euw1', region: 'eu-west-1', cors: [get(['https://query.example.com'])], why: 'clean, second region' },
        { name: 'dp-export-downloads-euw1', region: 'eu-west-1', cors: [get(['https://*'])], why: 'any https origin' },
        { name: 'dp-jupyter-sandbox', region: 'eu-west-1', cors: [upload(['http://localhost:8888', 'null'])], why: 'localhost and null' },
        { name: 'dp-athena-results-use1', region: 'us-east-1', why: 'no CORS' },
        { name: 'dp-tableau-extracts', region: 'us-east-1', cors: [get(['https://tableau.example.com'], { AllowedHeaders: ['Authorization'] })], why: 'clean' },
        { name: 'dp-geo-tiles-public', region: 'us-east-1', cors: [get(['*'])], policy: publicRead('dp-geo-tiles-public'), website: { indexDocument: 'index.html' }, why: 'public tiles: expected exposure' },
        { name: 'dp-partner-drop', region: 'ap-southeast-2', cors: [
          upload(['https://partner.example.org']),
          { AllowedOrigins: ['https://partner.example.org'], AllowedMethods: ['DELETE'] },
          get(['*']),
        ], why: 'several rules, * read last' },
        { name: 'dp-legacy-flash', region: 'us-east-1', cors: [get(['http://*'])], why: 'any http origin' },
        { name: 'dp-events-archive', region: 'eu-west-1', publicAccessBlock: BLOCK_ALL, why: 'no CORS, blocked' },
      ],
    },
    {
      id: '555555555555',
      name: 'legacy-sandbox',
      status: 'ACTIVE',
      auditRole: 'deny',
      buckets: [
        { name: 'sandbox-old-uploads', region: 'us-east-1', cors: [tutorialWildcard], why: 'invisible to the audit: the role refuses it' },
        { name: 'sandbox-demo-site', region: 'eu-west-1', cors: [get(['*'])], why: 'invisible to the audit' },
      ],
    },
    {
      id: '666666666666',
      name: 'closed-2023',
      status: 'SUSPENDED',
      auditRole: 'allow',
      buckets: [],
    },
  ],
};

/** The accounts the audit can read (active, role not denied). */
export function auditableAccounts(organization: DemoOrganization = DEMO_ORGANIZATION): DemoAccount[] {
  return organization.accounts.filter((account) => account.status === 'ACTIVE' && account.auditRole === 'allow');
}

// SDK client construction for the scanner and the CLI: the clients themselves, on the shared options of
// lib/aws/client-config.ts.
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { baseConfig, type ClientSettings, type CredentialProvider } from './client-config';

export { baseConfig, type ClientSettings, type CredentialProvider, type Credentials } from './client-config';

/**
 * For the scanner's hot clients (S3, S3 Control): resolve each command class's middleware stack once per
 * client instead of on every call, 5-15 % less CPU per call (docs/benchmarks.md, bench:scan). Safe for
 * these clients only: every middleware we add (renewOnExpiredToken, the S3 Control endpoint override) is in
 * place before a client's first call, and the one S3 middleware that keeps per-call state in the shared
 * context (region redirects) is off. The SDK caches only calls without per-call options: a scan with a
 * deadline (the Lambda functions) passes an abortSignal with each bucket read, and those resolve per call. Not in baseConfig: the DynamoDB document
 * client refuses it, and the other clients make too few calls to matter.
 */
const CACHED_MIDDLEWARE = { cacheMiddleware: true } as const;

export function createS3Client(settings: ClientSettings, region: string, credentials?: CredentialProvider): S3Client {
  // Redirects are followed by the inventory itself, into the cached client of the hinted region.
  return new S3Client({ ...baseConfig(settings, region, credentials), ...CACHED_MIDDLEWARE, forcePathStyle: settings.S3_FORCE_PATH_STYLE, followRegionRedirects: false });
}

const IP_LITERAL_HOST = /^(\d{1,3}\.){3}\d{1,3}(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i;

/**
 * S3 Control puts the account id in front of the endpoint host (`<account>.<host>`), impossible for an
 * IP-literal endpoint (a local or S3-compatible service). S3 Control also reads x-amz-account-id, so for
 * those endpoints the prefix is dropped; AWS's own endpoints keep it.
 */
export function createS3ControlClient(settings: ClientSettings, credentials?: CredentialProvider): S3ControlClient {
  const client = new S3ControlClient({ ...baseConfig(settings, settings.AWS_REGION, credentials), ...CACHED_MIDDLEWARE });
  const resolve = client.config.endpointProvider;
  client.config.endpointProvider = (params, context) => {
    const host = params.Endpoint ? new URL(params.Endpoint).host : '';
    return resolve(IP_LITERAL_HOST.test(host) ? { ...params, RequiresAccountId: false } : params, context);
  };
  return client;
}

export function createStsClient(settings: ClientSettings, credentials?: CredentialProvider): STSClient {
  return new STSClient(baseConfig(settings, settings.AWS_REGION, credentials));
}

export function createOrganizationsClient(settings: ClientSettings, credentials?: CredentialProvider): OrganizationsClient {
  return new OrganizationsClient(baseConfig(settings, settings.AWS_REGION, credentials));
}

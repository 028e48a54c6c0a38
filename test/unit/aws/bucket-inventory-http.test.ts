// The inventory through the real SDK client stack (createS3Client) against a scripted S3 over HTTP:
// adaptive retry, per-call timeouts, the endpoint read from AWS_ENDPOINT_URL_S3, and real 301 redirects.
// Nothing here reads a wall clock: each case is judged by what the server saw (attempts, a dropped socket).
import type { S3Client } from '@aws-sdk/client-s3';
// The SDK's own retry classes (the ones createS3Client's retryMode: 'adaptive' builds), to shorten their waits.
import { AdaptiveRetryStrategy, DefaultRateLimiter } from '@smithy/core/retry';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3BucketInventory } from '../../../lib/aws/bucket-inventory';
import { createS3Client, createS3ControlClient, type ClientSettings } from '../../../lib/aws/clients';
import { serveOnRandomPort, type RunningServer } from '../../support/emulators/http-server';

const settings: ClientSettings = { AWS_REGION: 'us-east-1', MAX_ATTEMPTS: 3, CALL_TIMEOUT_MS: 200, S3_FORCE_PATH_STYLE: true };
const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' });
const CORS_XML = '<CORSConfiguration><CORSRule><AllowedOrigin>https://app.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>';
const errorXml = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>r</RequestId></Error>`;

let server: RunningServer;
const hits = new Map<string, number>();
/** Per `hangs*` bucket, the requests the server received and never answered, each settled when the client drops it. */
const held = new Map<string, Array<Promise<'dropped-by-client'>>>();
let onHeld: ((bucket: string) => void) | undefined;

beforeAll(async () => {
  server = await serveOnRandomPort(async (request, _body, response) => {
    const bucket = (request.url ?? '/').split('?')[0]!.split('/')[1] ?? '';
    const count = (hits.get(bucket) ?? 0) + 1;
    hits.set(bucket, count);
    const signedRegion = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(String(request.headers.authorization))?.[1];
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/xml', ...headers });
      response.end(body);
    };
    if (bucket === 'throttled-twice') return count <= 2 ? send(503, errorXml('SlowDown', 'Please reduce your request rate.')) : send(200, CORS_XML);
    if (bucket === 'always-throttled') return send(503, errorXml('SlowDown', 'Please reduce your request rate.'));
    if (bucket === 'broken') return send(500, errorXml('InternalError', 'We encountered an internal error. Please try again.'));
    if (bucket.startsWith('hangs')) {
      // Never answered: only the client can end this request, by dropping the connection.
      const dropped = new Promise<'dropped-by-client'>((resolve) => response.once('close', () => resolve('dropped-by-client')));
      held.set(bucket, [...(held.get(bucket) ?? []), dropped]);
      onHeld?.(bucket);
      return;
    }
    if (bucket === 'in-eu') {
      if (signedRegion !== 'eu-west-1') return send(301, errorXml('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.'), { 'x-amz-bucket-region': 'eu-west-1' });
      return send(200, CORS_XML);
    }
    if (bucket === 'in-apse2') {
      // The 400 variant carries the region only in its body (no x-amz-bucket-region header here).
      if (signedRegion !== 'ap-southeast-2') return send(400, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region '${signedRegion}' is wrong; expecting 'ap-southeast-2'</Message><Region>ap-southeast-2</Region><RequestId>r</RequestId></Error>`);
      return send(404, errorXml('NoSuchCORSConfiguration', 'The CORS configuration does not exist'));
    }
    return send(404, errorXml('NoSuchBucket', 'The specified bucket does not exist'));
  });
  vi.stubEnv('AWS_ENDPOINT_URL_S3', server.url);
  vi.stubEnv('AWS_ENDPOINT_URL_S3_CONTROL', server.url);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

/**
 * The product's clients (createS3Client), with one test-only change: the adaptive strategy keeps its
 * retries, attempt count and token-bucket rate limiter, but with near-zero waits. Its default waits
 * (throttling backoff from 1 s, a rate limiter refilling at 0.5 token/s) made each throttling case
 * take over 2 s of real sleeping; how many attempts happen, and what is recorded, is unchanged.
 */
function fastRetries(client: S3Client, maxAttempts: number): S3Client {
  client.config.retryStrategy = async () => new AdaptiveRetryStrategy(maxAttempts, {
    maxAttempts,
    baseDelay: 1,
    backoff: { computeNextBackoffDelay: () => 1, setDelayBase: () => undefined },
    rateLimiter: new DefaultRateLimiter({ minFillRate: 1_000, minCapacity: 1_000 }),
  });
  return client;
}

function inventory(overrides: Partial<ClientSettings> = {}) {
  const clients = new Map<string, S3Client>();
  const using = { ...settings, ...overrides };
  return new S3BucketInventory({
    accountId: '222222222222',
    s3For: (region) => clients.get(region) ?? clients.set(region, fastRetries(createS3Client(using, region, credentials), using.MAX_ATTEMPTS)).get(region)!,
    control: createS3ControlClient(using, credentials),
    homeRegion: 'us-east-1',
  });
}

describe('S3BucketInventory over HTTP with the real client stack', () => {
  it('builds its S3 clients with the adaptive retry strategy and MAX_ATTEMPTS', async () => {
    const client = createS3Client(settings, 'us-east-1', credentials);
    try {
      expect(await client.config.retryStrategy()).toBeInstanceOf(AdaptiveRetryStrategy);
      expect(await client.config.maxAttempts()).toBe(settings.MAX_ATTEMPTS);
    } finally {
      client.destroy();
    }
  });

  it('retries SlowDown with the adaptive strategy and succeeds', async () => {
    expect(await inventory().getCors('throttled-twice', 'us-east-1')).toEqual({ kind: 'configured', rules: [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }] });
    expect(hits.get('throttled-twice')).toBe(3);
  });

  it('records SlowDown as unreadable once MAX_ATTEMPTS are spent', async () => {
    expect(await inventory().getCors('always-throttled', 'us-east-1')).toEqual({ kind: 'unreadable', error: { code: 'SlowDown', message: 'Please reduce your request rate.', attempts: 3 } });
    expect(hits.get('always-throttled')).toBe(3);
  });

  it('retries a 500 and then records it', async () => {
    expect(await inventory().getCors('broken', 'us-east-1')).toMatchObject({ kind: 'unreadable', error: { code: 'InternalError', attempts: 3 } });
    expect(hits.get('broken')).toBe(3);
  });

  it('gives up on a call that outlives CALL_TIMEOUT_MS, as a Timeout', async () => {
    // The server never answers: without the per-call timeout this would hang until the test's timeout.
    // Each of the MAX_ATTEMPTS attempts reached the server and was dropped by the client.
    expect(await inventory({ CALL_TIMEOUT_MS: 500 }).getCors('hangs', 'us-east-1')).toMatchObject({ kind: 'unreadable', error: { code: 'Timeout', attempts: 3 } });
    expect(hits.get('hangs')).toBe(3);
    expect(await Promise.all(held.get('hangs') ?? [])).toEqual(['dropped-by-client', 'dropped-by-client', 'dropped-by-client']);
  }, 30_000);

  it('follows a real 301 PermanentRedirect into the region of x-amz-bucket-region', async () => {
    expect(await inventory().getCors('in-eu', 'us-east-1')).toMatchObject({ kind: 'configured', region: 'eu-west-1' });
    expect(hits.get('in-eu')).toBe(2);
  });

  it('follows a real 400 AuthorizationHeaderMalformed into the region its body names', async () => {
    expect(await inventory().getCors('in-apse2', undefined)).toEqual({ kind: 'none', region: 'ap-southeast-2' });
    expect(hits.get('in-apse2')).toBe(2);
  });

  it('stops at once, with no further attempt, when the scan\'s signal aborts a call the SDK would keep re-sending', async () => {
    // The server never answers and CALL_TIMEOUT_MS is far beyond the test's timeout: only the abort can end
    // the call. It aborts as soon as the server holds the first attempt; the client must drop that request.
    const patient = inventory({ MAX_ATTEMPTS: 4, CALL_TIMEOUT_MS: 120_000 });
    const deadline = new AbortController();
    onHeld = (bucket) => bucket === 'hangs-aborted' && deadline.abort();
    try {
      expect(await patient.getCors('hangs-aborted', 'us-east-1', deadline.signal)).toMatchObject({ kind: 'unreadable', error: { code: 'Aborted' } });
    } finally {
      onHeld = undefined;
    }
    expect(await Promise.all(held.get('hangs-aborted') ?? [])).toEqual(['dropped-by-client']);
    expect(hits.get('hangs-aborted')).toBe(1);
    // The client's cached middleware stack still serves calls without a signal afterwards.
    expect(await patient.getCors('in-eu', 'us-east-1')).toMatchObject({ kind: 'configured', region: 'eu-west-1' });
  }, 30_000);

  it('reports a deleted bucket as gone', async () => {
    expect(await inventory().getCors('deleted', 'us-east-1')).toEqual({ kind: 'gone' });
  });
});

// The inventory through the real SDK client stack (createS3Client) against a scripted S3 over HTTP:
// adaptive retry, per-call timeouts, the endpoint read from AWS_ENDPOINT_URL_S3, and real 301 redirects.
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
    if (bucket.startsWith('hangs')) return void setTimeout(() => send(200, CORS_XML), 1_000);
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

function inventory(overrides: Partial<ClientSettings> = {}) {
  const clients = new Map<string, ReturnType<typeof createS3Client>>();
  const using = { ...settings, ...overrides };
  return new S3BucketInventory({
    accountId: '222222222222',
    s3For: (region) => clients.get(region) ?? clients.set(region, createS3Client(using, region, credentials)).get(region)!,
    control: createS3ControlClient(using, credentials),
    homeRegion: 'us-east-1',
  });
}

describe('S3BucketInventory over HTTP with the real client stack', () => {
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
    const started = Date.now();
    expect(await inventory().getCors('hangs', 'us-east-1')).toMatchObject({ kind: 'unreadable', error: { code: 'Timeout' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('follows a real 301 PermanentRedirect into the region of x-amz-bucket-region', async () => {
    expect(await inventory().getCors('in-eu', 'us-east-1')).toMatchObject({ kind: 'configured', region: 'eu-west-1' });
    expect(hits.get('in-eu')).toBe(2);
  });

  it('follows a real 400 AuthorizationHeaderMalformed into the region its body names', async () => {
    expect(await inventory().getCors('in-apse2', undefined)).toEqual({ kind: 'none', region: 'ap-southeast-2' });
    expect(hits.get('in-apse2')).toBe(2);
  });

  it('stops at once, with no further attempt, when the scan\'s signal aborts a call the SDK would keep re-sending', async () => {
    // Unaborted: 4 attempts of 400 ms each plus backoff, about 2 s.
    const patient = inventory({ MAX_ATTEMPTS: 4, CALL_TIMEOUT_MS: 400 });
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(), 250);
    const started = Date.now();
    expect(await patient.getCors('hangs-aborted', 'us-east-1', deadline.signal)).toMatchObject({ kind: 'unreadable', error: { code: 'Aborted' } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(hits.get('hangs-aborted')).toBe(1);
    // The client's cached middleware stack still serves calls without a signal afterwards.
    expect(await patient.getCors('in-eu', 'us-east-1')).toMatchObject({ kind: 'configured', region: 'eu-west-1' });
  });

  it('reports a deleted bucket as gone', async () => {
    expect(await inventory().getCors('deleted', 'us-east-1')).toEqual({ kind: 'gone' });
  });
});

// The fault proxy itself: requests are named as the services name them, rules fire exactly `times`
// times and are counted, and scripted errors reach the real SDK clients as the services' own errors.
import { GetBucketCorsCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveOnRandomPort, type RunningServer } from '../../support/emulators/http-server';
import { faults, on, startFaultProxy, type FaultProxy } from '../../support/fault-proxy';

let upstream: RunningServer;
let proxy: FaultProxy;
const seen: string[] = [];
const credentials = { accessKeyId: 'AKIA222222222222ABCD', secretAccessKey: 'secret' };
const common = { region: 'us-east-1', credentials, maxAttempts: 1 };

beforeAll(async () => {
  // An upstream that answers every call with an empty success, so any error comes from the proxy.
  upstream = await serveOnRandomPort((request, _body, response) => {
    seen.push(`${request.method} ${request.url}`);
    const json = String(request.headers['content-type'] ?? '').includes('json');
    response.writeHead(200, { 'content-type': json ? 'application/x-amz-json-1.0' : 'application/xml' });
    response.end(json ? '{"TableNames":[]}' : '<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>');
  });
  proxy = await startFaultProxy({ s3: upstream.url, sts: upstream.url, dynamodb: upstream.url });
});

afterAll(async () => {
  await proxy.close();
  await upstream.close();
});

describe('fault proxy', () => {
  it('names S3 operations, buckets and the calling account, and forwards what no rule takes', async () => {
    proxy.reset();
    const s3 = new S3Client({ ...common, endpoint: proxy.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
    await s3.send(new ListBucketsCommand({}));
    await s3.send(new GetBucketCorsCommand({ Bucket: 'some-bucket' })).catch(() => undefined);
    s3.destroy();
    expect(proxy.requests.map(({ operation, bucket, accountId }) => [operation, bucket, accountId])).toEqual([
      ['ListBuckets', undefined, '222222222222'],
      ['GetBucketCors', 'some-bucket', '222222222222'],
    ]);
    expect(seen.at(-1)).toMatch(/^GET \/some-bucket\/?\?cors/);
  });

  it('fires a rule exactly `times` times, then forwards', async () => {
    proxy.reset();
    proxy.script({ name: 'slow', match: on.s3('ListBuckets'), times: 2, action: faults.slowDown() });
    const s3 = new S3Client({ ...common, endpoint: proxy.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
    const names: string[] = [];
    for (let call = 0; call < 3; call += 1) names.push(await s3.send(new ListBucketsCommand({})).then(() => 'ok', (error: Error) => error.name));
    s3.destroy();
    expect(names).toEqual(['SlowDown', 'SlowDown', 'ok']);
    expect(proxy.count({ rule: 'slow' })).toBe(2);
    expect(proxy.count({ operation: 'ListBuckets' })).toBe(3);
  });

  it('answers each service in its own error format, which the SDK parses into the named error', async () => {
    proxy.reset();
    proxy.script(
      { name: 'sts', match: on.sts('GetCallerIdentity'), action: faults.expiredToken() },
      { name: 'ddb', match: on.dynamodb('ListTables'), action: faults.throughputExceeded() },
      { name: 'redirect', match: on.s3('GetBucketCors', 'eu-bucket'), action: faults.permanentRedirect('eu-bucket', 'eu-west-1') },
    );
    const sts = new STSClient({ ...common, endpoint: proxy.env.AWS_ENDPOINT_URL_STS });
    const dynamodb = new DynamoDBClient({ ...common, endpoint: proxy.env.AWS_ENDPOINT_URL_DYNAMODB });
    const s3 = new S3Client({ ...common, endpoint: proxy.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, followRegionRedirects: false });
    const stsError = await sts.send(new GetCallerIdentityCommand({})).catch((error: Error) => error);
    const ddbError = await dynamodb.send(new ListTablesCommand({})).catch((error: Error) => error);
    const s3Error = await s3.send(new GetBucketCorsCommand({ Bucket: 'eu-bucket' })).catch((error: Error & { $response?: { headers: Record<string, string> } }) => error);
    for (const client of [sts, dynamodb, s3]) client.destroy();
    expect(stsError).toMatchObject({ name: 'ExpiredToken' });
    expect(ddbError).toMatchObject({ name: 'ProvisionedThroughputExceededException' });
    expect(s3Error).toMatchObject({ name: 'PermanentRedirect', $metadata: { httpStatusCode: 301 } });
    expect((s3Error as { $response?: { headers: Record<string, string> } }).$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
  });
});

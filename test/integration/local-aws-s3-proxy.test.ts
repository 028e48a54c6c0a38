// The S3 layer of the local AWS over raw HTTP: the edge cases the SDK tests do not reach (anonymous and
// unknown callers, expiry, the 400 region variant, CreateBucket rules, PutBucketCors validation,
// what is forwarded to s3rver and what never is).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialRegistry } from '../support/emulators/credentials';
import { listen, type RunningServer } from '../support/emulators/http-server';
import { startS3Proxy } from '../support/emulators/s3-proxy';
import { isPolicyPublic, S3State } from '../support/emulators/s3-state';
import { readSigV4Scope } from '../support/emulators/sigv4';

const OWNER = '123456789012';
const OTHER = '210987654321';
const forwarded: Array<{ method: string; url: string; headers: IncomingHttpHeaders }> = [];
let upstream: RunningServer;
let proxy: RunningServer;
let malformedProxy: RunningServer;
const registry = new CredentialRegistry();
const state = new S3State();
const owner = registry.issue({ accountId: OWNER, arn: `arn:aws:iam::${OWNER}:root`, longLived: true });
const other = registry.issue({ accountId: OTHER, arn: `arn:aws:iam::${OTHER}:root`, longLived: true });

const auth = (accessKeyId: string, region: string) => ({ authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${region}/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}` });
async function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: string; base?: RunningServer } = {}) {
  const response = await fetch(`${(init.base ?? proxy).url}${path}`, { method: init.method ?? 'GET', headers: init.headers ?? {}, ...(init.body !== undefined ? { body: init.body } : {}) });
  const text = await response.text();
  return { status: response.status, text, code: /<Code>([^<]+)<\/Code>/.exec(text)?.[1], headers: response.headers };
}

beforeAll(async () => {
  // A stand-in for s3rver that records what reaches it.
  upstream = await listen(createServer((request, response) => {
    forwarded.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    response.writeHead(200, { 'content-type': 'application/xml' });
    response.end('<ListBucketResult/>');
  }));
  proxy = await startS3Proxy(state, registry, { upstream: upstream.url });
  malformedProxy = await startS3Proxy(state, registry, { upstream: upstream.url, wrongRegion: 'malformed' });
  for (const [name, region] of [['alpha-use1', 'us-east-1'], ['beta-euw1', 'eu-west-1'], ['gamma-euw1', 'eu-west-1'], ['delta-apse2', 'ap-southeast-2']] as const) {
    const body = region === 'us-east-1' ? undefined : `<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`;
    expect((await call(`/${name}`, { method: 'PUT', headers: auth(owner.accessKeyId, region), ...(body ? { body } : {}) })).status).toBe(200);
  }
});

afterAll(async () => {
  await Promise.all([proxy?.close(), malformedProxy?.close(), upstream?.close()]);
});

describe('callers', () => {
  it.each([
    ['anonymous', {}, 403, 'AccessDenied'],
    ['an unknown key', auth('AKIA999999999999ZZZZ', 'us-east-1'), 403, 'InvalidAccessKeyId'],
    ['an expired session', auth(registry.issue({ accountId: OWNER, arn: 'arn:aws:sts::x', lifetimeSeconds: 0 }).accessKeyId, 'us-east-1'), 400, 'ExpiredToken'],
  ])('refuses %s', async (_case, headers, status, code) => {
    const answer = await call('/alpha-use1?cors', { headers });
    expect([answer.status, answer.code]).toEqual([status, code]);
  });

  it('reads the account and region from the SigV4 header or a presigned URL', () => {
    expect(readSigV4Scope(auth('ASIA123456789012ABCD', 'eu-west-1').authorization)).toEqual({ accessKeyId: 'ASIA123456789012ABCD', region: 'eu-west-1', service: 's3' });
    expect(readSigV4Scope(undefined, new URLSearchParams({ 'X-Amz-Credential': 'AKIA123456789012ABCD/20260101/ap-southeast-2/s3/aws4_request' }))?.region).toBe('ap-southeast-2');
    expect(readSigV4Scope('Bearer nope')).toBeUndefined();
  });
});

describe('ListBuckets', () => {
  it('pages by name with an opaque token and filters by prefix and region', async () => {
    const first = await call('/?max-buckets=3', { headers: auth(owner.accessKeyId, 'us-east-1') });
    expect([...first.text.matchAll(/<Name>([^<]+)<\/Name>/g)].map((match) => match[1])).toEqual(['alpha-use1', 'beta-euw1', 'delta-apse2']);
    const token = /<ContinuationToken>([^<]+)</.exec(first.text)?.[1] ?? '';
    const second = await call(`/?max-buckets=3&continuation-token=${token}`, { headers: auth(owner.accessKeyId, 'us-east-1') });
    expect([...second.text.matchAll(/<Name>([^<]+)<\/Name>/g)].map((match) => match[1])).toEqual(['gamma-euw1']);
    expect(second.text).not.toContain('<ContinuationToken>');
    const filtered = await call('/?bucket-region=eu-west-1&prefix=g', { headers: auth(owner.accessKeyId, 'us-east-1') });
    expect([...filtered.text.matchAll(/<Name>([^<]+)<\/Name>/g)].map((match) => match[1])).toEqual(['gamma-euw1']);
    expect(filtered.text).toContain('<BucketRegion>eu-west-1</BucketRegion>');
  });

  it('lists nothing of another account and refuses a bad max-buckets', async () => {
    expect((await call('/', { headers: auth(other.accessKeyId, 'us-east-1') })).text).toContain('<Buckets></Buckets>');
    expect((await call('/?max-buckets=0', { headers: auth(owner.accessKeyId, 'us-east-1') })).code).toBe('InvalidArgument');
  });
});

describe('regions', () => {
  it('answers 400 AuthorizationHeaderMalformed with <Region> in the malformed variant', async () => {
    const answer = await call('/beta-euw1?cors', { base: malformedProxy, headers: auth(owner.accessKeyId, 'us-east-1') });
    expect([answer.status, answer.code, answer.headers.get('x-amz-bucket-region')]).toEqual([400, 'AuthorizationHeaderMalformed', 'eu-west-1']);
    expect(answer.text).toContain('<Region>eu-west-1</Region>');
  });

  it('answers HEAD in the wrong region with a bodiless 301 and the region header', async () => {
    const answer = await call('/delta-apse2', { method: 'HEAD', headers: auth(owner.accessKeyId, 'eu-west-1') });
    expect([answer.status, answer.text, answer.headers.get('x-amz-bucket-region')]).toEqual([301, '', 'ap-southeast-2']);
  });
});

describe('CreateBucket', () => {
  it('refuses a constraint foreign to a regional endpoint, and existing names', async () => {
    const body = '<CreateBucketConfiguration><LocationConstraint>ap-southeast-2</LocationConstraint></CreateBucketConfiguration>';
    expect((await call('/new-bucket', { method: 'PUT', headers: auth(owner.accessKeyId, 'eu-west-1'), body })).code).toBe('IllegalLocationConstraintException');
    expect((await call('/alpha-use1', { method: 'PUT', headers: auth(owner.accessKeyId, 'us-east-1') })).code).toBe('BucketAlreadyOwnedByYou');
    expect((await call('/alpha-use1', { method: 'PUT', headers: auth(other.accessKeyId, 'us-east-1') })).code).toBe('BucketAlreadyExists');
  });
});

describe('CORS', () => {
  const put = (body: string) => call('/alpha-use1?cors', { method: 'PUT', headers: auth(owner.accessKeyId, 'us-east-1'), body });
  it.each([
    ['OPTIONS as a method', '<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>OPTIONS</AllowedMethod></CORSRule></CORSConfiguration>', 'InvalidRequest'],
    ['two wildcards', '<CORSConfiguration><CORSRule><AllowedOrigin>https://*.*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>', 'InvalidRequest'],
    ['a rule without origin', '<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>', 'MalformedXML'],
    ['over 64 KB', `<CORSConfiguration><CORSRule><AllowedOrigin>${'a'.repeat(70_000)}</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`, 'MaxMessageLengthExceeded'],
  ])('PutBucketCors refuses %s', async (_case, body, code) => {
    expect((await put(body)).code).toBe(code);
  });

  it('stores the document verbatim and answers it back', async () => {
    const document = '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><ID>007</ID><AllowedOrigin>https://&lt;!channel&gt;.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>0010</MaxAgeSeconds></CORSRule></CORSConfiguration>';
    expect((await put(document)).status).toBe(200);
    expect((await call('/alpha-use1?cors', { headers: auth(owner.accessKeyId, 'us-east-1') })).text).toContain(document);
  });

  it('never lets a preflight reach s3rver\'s CORS evaluation', async () => {
    const before = forwarded.length;
    const answer = await call('/alpha-use1/index.html', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'GET' } });
    expect(answer.status).toBe(501);
    expect(forwarded).toHaveLength(before);
  });
});

describe('forwarding to s3rver', () => {
  it('drops credentials and Origin from what it forwards', async () => {
    await call('/alpha-use1?list-type=2', { headers: { ...auth(owner.accessKeyId, 'us-east-1'), 'x-amz-security-token': 'secret', origin: 'https://evil.example' } });
    const last = forwarded.at(-1);
    expect(last?.url).toBe('/alpha-use1?list-type=2');
    expect([last?.headers.authorization, last?.headers['x-amz-security-token'], last?.headers.origin]).toEqual([undefined, undefined, undefined]);
  });
});

describe('exposure subresources', () => {
  it('refuses a public policy when the account blocks public policies, accepts it otherwise', async () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::beta-euw1/*' }] });
    state.accountPublicAccessBlocks.set(OWNER, { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false });
    expect((await call('/beta-euw1?policy', { method: 'PUT', headers: auth(owner.accessKeyId, 'eu-west-1'), body: policy })).code).toBe('AccessDenied');
    state.accountPublicAccessBlocks.delete(OWNER);
    expect((await call('/beta-euw1?policy', { method: 'PUT', headers: auth(owner.accessKeyId, 'eu-west-1'), body: policy })).status).toBe(204);
    expect((await call('/beta-euw1?policyStatus', { headers: auth(owner.accessKeyId, 'eu-west-1') })).text).toContain('<IsPublic>true</IsPublic>');
    expect((await call('/beta-euw1?policy', { method: 'PUT', headers: auth(owner.accessKeyId, 'eu-west-1'), body: 'not json' })).code).toBe('MalformedPolicy');
  });

  it('escapes hostile tag values in GetBucketTagging', async () => {
    const body = '<Tagging><TagSet><Tag><Key>owner</Key><Value>&lt;script&gt;&amp;</Value></Tag></TagSet></Tagging>';
    expect((await call('/gamma-euw1?tagging', { method: 'PUT', headers: auth(owner.accessKeyId, 'eu-west-1'), body })).status).toBe(204);
    expect((await call('/gamma-euw1?tagging', { headers: auth(owner.accessKeyId, 'eu-west-1') })).text).toContain('<Value>&lt;script&gt;&amp;</Value>');
  });

  it.each([
    [{ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }] }, true],
    [{ Statement: { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::1:root', '*'] }, Action: 's3:GetObject' } }, true],
    [{ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } } }] }, false],
    [{ Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*' }] }, false],
    [{ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::1:root' }, Action: 's3:*' }] }, false],
  ])('PolicyStatus.IsPublic of %j is %s', (policy, expected) => {
    expect(isPolicyPublic(JSON.stringify(policy))).toBe(expected);
  });
});

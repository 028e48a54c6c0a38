// An in-memory S3, S3 Control and STS on one port that answers exactly the calls the scanner makes, each
// after an injected latency, and counts every call by operation. Built for throughput: no storage, no
// signature checks; the calling account is read from the access key AssumeRole issued (ASIA<account>BNCH).
import type { ServerResponse } from 'node:http';
import { toCorsXml } from '../../lib/cors/serialize';
import { readSigV4Scope } from '../../test/support/emulators/sigv4';
import { serveOnRandomPort, type RunningServer } from '../../test/support/emulators/http-server';
import { aclXml, listBucketsXml, publicAccessBlockXml, sendS3Error, sendXml, S3_NS } from '../../test/support/emulators/s3-xml';
import { escapeXml } from '../../test/support/emulators/xml';
import { describeRequest } from '../../test/support/fault-proxy';
import { accountBlockOf, accountBuckets, accountIdOf, type EstateBucket, type EstateShape } from './estate';

export interface EstateServerOptions extends EstateShape {
  latencyMs: number;
}

export interface EstateServer extends RunningServer {
  /** Calls answered since the last reset, by operation (ListBuckets, GetBucketCors, AssumeRole...). */
  counts(): Record<string, number>;
  /** TCP connections that carried a call since the last reset: keep-alive working shows as few. */
  connections(): number;
  reset(): void;
}

const FULL_BLOCK = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ACCESS_KEY = /^ASIA(\d{12})BNCH$/;
const MAX_PAGE = 1000;

export async function startEstateServer(options: EstateServerOptions): Promise<EstateServer> {
  const buckets = new Map<string, EstateBucket>();
  const byAccount = new Map<string, EstateBucket[]>();
  const blockedAccounts = new Set<string>();
  for (let index = 0; index < options.accounts; index += 1) {
    const list = accountBuckets(options, index);
    byAccount.set(accountIdOf(index), list);
    for (const bucket of list) buckets.set(bucket.name, bucket);
    if (accountBlockOf(index)) blockedAccounts.add(accountIdOf(index));
  }
  const counts = new Map<string, number>();
  let sockets = new WeakSet<object>();
  let connections = 0;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  const server = await serveOnRandomPort(async (incoming, body, response) => {
    const isSts = incoming.method === 'POST' && body.includes('Action=');
    const request = describeRequest(isSts ? 'sts' : 's3', incoming, body);
    counts.set(request.operation, (counts.get(request.operation) ?? 0) + 1);
    if (!sockets.has(incoming.socket)) {
      sockets.add(incoming.socket);
      connections += 1;
    }
    if (options.latencyMs > 0) await sleep(options.latencyMs);
    if (isSts) return answerSts(request.operation, body, response);
    const accountId = ACCESS_KEY.exec(readSigV4Scope(incoming.headers.authorization)?.accessKeyId ?? '')?.[1];
    if (accountId === undefined) return sendS3Error(response, 403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
    if (request.operation === 'GetAccountPublicAccessBlock') {
      if (!blockedAccounts.has(accountId)) return sendControlError(response, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
      return sendXml(response, 200, publicAccessBlockXml(FULL_BLOCK));
    }
    if (request.operation === 'ListBuckets') return listBuckets(byAccount.get(accountId) ?? [], accountId, request.url.searchParams, response);
    const bucket = request.bucket === undefined ? undefined : buckets.get(request.bucket);
    if (!bucket || bucket.accountId !== accountId) return sendS3Error(response, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: request.bucket ?? '' });
    return answerBucket(request.operation, bucket, response);
  });

  return {
    ...server,
    counts: () => Object.fromEntries(counts),
    connections: () => connections,
    reset: () => {
      counts.clear();
      sockets = new WeakSet();
      connections = 0;
    },
  };
}

function listBuckets(list: readonly EstateBucket[], accountId: string, query: URLSearchParams, response: ServerResponse): void {
  const start = Number(query.get('continuation-token') ?? '0');
  const size = Math.min(MAX_PAGE, Number(query.get('max-buckets') ?? MAX_PAGE));
  const page = list.slice(start, start + size);
  const next = start + size < list.length ? String(start + size) : undefined;
  sendXml(response, 200, listBucketsXml(accountId, page, next, undefined));
}

function answerBucket(operation: string, bucket: EstateBucket, response: ServerResponse): void {
  switch (operation) {
    case 'GetBucketCors':
      if (!bucket.cors) return sendS3Error(response, 404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist', { BucketName: bucket.name });
      return sendXml(response, 200, toCorsXml(bucket.cors).replace(/^<\?xml[^>]*\?>/, ''));
    case 'GetPublicAccessBlock':
      if (!bucket.publicAccessBlock) return sendS3Error(response, 404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', { BucketName: bucket.name });
      return sendXml(response, 200, publicAccessBlockXml(bucket.publicAccessBlock));
    case 'GetBucketPolicyStatus':
      if (!bucket.policyIsPublic) return sendS3Error(response, 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', { BucketName: bucket.name });
      return sendXml(response, 200, `<PolicyStatus xmlns="${S3_NS}"><IsPublic>true</IsPublic></PolicyStatus>`);
    case 'GetBucketAcl':
      return sendXml(response, 200, aclXml(bucket));
    case 'GetBucketWebsite':
      if (!bucket.websiteHosting) return sendS3Error(response, 404, 'NoSuchWebsiteConfiguration', 'The specified bucket does not have a website configuration', { BucketName: bucket.name });
      return sendXml(response, 200, `<WebsiteConfiguration xmlns="${S3_NS}"><IndexDocument><Suffix>index.html</Suffix></IndexDocument></WebsiteConfiguration>`);
    case 'GetBucketTagging':
      return sendS3Error(response, 404, 'NoSuchTagSet', 'The TagSet does not exist', { BucketName: bucket.name });
    case 'GetBucketLocation':
      return sendXml(response, 200, `<LocationConstraint xmlns="${S3_NS}">${bucket.region === 'us-east-1' ? '' : bucket.region}</LocationConstraint>`);
    default:
      return sendS3Error(response, 501, 'NotImplemented', `${operation} is not served by the benchmark estate`);
  }
}

/** S3 Control wraps its errors in <ErrorResponse>, as the real service does. */
function sendControlError(response: ServerResponse, code: string, message: string): void {
  response.writeHead(404, { 'content-type': 'application/xml' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse><Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>bench</RequestId></ErrorResponse>`);
}

function answerSts(action: string, body: Buffer, response: ServerResponse): void {
  const form = new URLSearchParams(body.toString('utf8'));
  const accountId = /^arn:aws:iam::(\d{12}):role\//.exec(form.get('RoleArn') ?? '')?.[1];
  if (action !== 'AssumeRole' || accountId === undefined) {
    response.writeHead(400, { 'content-type': 'text/xml' });
    response.end(`<ErrorResponse xmlns="${STS_NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>only AssumeRole is served</Message></Error><RequestId>bench</RequestId></ErrorResponse>`);
    return;
  }
  const expiration = new Date(Date.now() + 3600_000).toISOString();
  response.writeHead(200, { 'content-type': 'text/xml' });
  response.end(`<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult><Credentials><AccessKeyId>ASIA${accountId}BNCH</AccessKeyId><SecretAccessKey>bench-secret</SecretAccessKey><SessionToken>bench-token</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROA${accountId}:bench</AssumedRoleId><Arn>arn:aws:sts::${accountId}:assumed-role/S3CorsAuditRole/bench</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>bench</RequestId></ResponseMetadata></AssumeRoleResponse>`);
}

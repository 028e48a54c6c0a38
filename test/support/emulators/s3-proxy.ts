// The S3 layer in front of s3rver: gives the scanner the real API's shape where s3rver lacks it.
// It answers ListBuckets per calling account (with BucketRegion, paging and the region filter),
// GetBucketLocation, CORS (stored verbatim: s3rver's re-serialisation loses hostile values), the
// exposure APIs (policy, policy status, public access block, ACL, tagging) and S3 Control's
// account-level public access block itself; it enforces owner, region (301/400 with the right region
// hint) and credentials; objects, listings and website documents are forwarded to s3rver.
// s3rver's own CORS evaluation is never reached: Origin headers are dropped and preflights refused.
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import type { AclPermission, PublicAccessBlockFlags } from '../../../lib/engine/types';
import type { CredentialRegistry, IssuedCredentials } from './credentials';
import { serveOnRandomPort, type RunningServer } from './http-server';
import { readSigV4Scope } from './sigv4';
import { ACL_GROUP_URIS, aclXml, listBucketsXml, publicAccessBlockXml, sendS3Error, sendXml, taggingXml } from './s3-xml';
import { isPolicyPublic, type BucketRecord, type S3State, type S3Tag } from './s3-state';

export interface S3ProxyOptions {
  /** s3rver's base URL (http://127.0.0.1:PORT). */
  upstream: string;
  /**
   * How a request signed for the wrong region is refused: `redirect` = 301 PermanentRedirect (what S3
   * answers on a regional endpoint), `malformed` = 400 AuthorizationHeaderMalformed. Both carry
   * x-amz-bucket-region.
   */
  wrongRegion?: 'redirect' | 'malformed';
}

const parser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, isArray: (name) => ['Grant', 'Tag'].includes(name) });
const corsParser = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false, isArray: (name) => ['CORSRule', 'AllowedOrigin', 'AllowedMethod', 'AllowedHeader', 'ExposeHeader'].includes(name) });
const CANNED_ACLS: Record<string, BucketRecord['acl']> = {
  private: { allUsers: [], authenticatedUsers: [] },
  'public-read': { allUsers: ['READ'], authenticatedUsers: [] },
  'public-read-write': { allUsers: ['READ', 'WRITE'], authenticatedUsers: [] },
  'authenticated-read': { allUsers: [], authenticatedUsers: ['READ'] },
};
const PERMISSIONS: readonly AclPermission[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'];
const MALFORMED = 'The XML you provided was not well-formed or did not validate against our published schema';

interface S3Request {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: Buffer;
  response: ServerResponse;
}

export function startS3Proxy(state: S3State, registry: CredentialRegistry, options: S3ProxyOptions): Promise<RunningServer> {
  return serveOnRandomPort(async (incoming, body, response) => {
    const request: S3Request = { method: incoming.method ?? 'GET', url: new URL(incoming.url ?? '/', 'http://s3.local'), headers: incoming.headers, body, response };
    const fail = (status: number, code: string, message: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) =>
      sendS3Error(response, status, code, message, extra, headers, request.method);
    if (request.method === 'OPTIONS') return fail(501, 'NotImplemented', 'CORS preflight is not emulated: the scanner evaluates CORS with lib/cors, never with s3rver');
    const scope = readSigV4Scope(incoming.headers.authorization, request.url.searchParams);
    if (!scope) return fail(403, 'AccessDenied', 'Access Denied');
    const caller = registry.lookup(scope.accessKeyId);
    if (caller.kind === 'unknown') return fail(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', { AWSAccessKeyId: scope.accessKeyId });
    if (caller.kind === 'expired') return fail(400, 'ExpiredToken', 'The provided token has expired.');
    const account = caller.credentials;
    if (request.url.pathname.startsWith('/v20180820/')) return s3Control(request, account);
    const [, rawBucket = '', ...keyParts] = request.url.pathname.split('/');
    const bucketName = decodeURIComponent(rawBucket);
    if (bucketName === '') return request.method === 'GET' ? listBuckets(request, account.accountId) : fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    const onBucket = keyParts.join('/') === '';
    const query = request.url.searchParams;
    const bucket = state.buckets.get(bucketName);
    if (onBucket && request.method === 'PUT' && [...query.keys()].length === 0) return createBucket(request, account, bucketName, scope.region);
    if (!bucket) return fail(404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucketName });
    if (bucket.accountId !== account.accountId) return fail(403, 'AccessDenied', 'Access Denied');
    // S3 answers GetBucketLocation from any region: it is how clients discover the right one.
    if (onBucket && query.has('location')) {
      const constraint = bucket.region === 'us-east-1' ? '' : bucket.region;
      return sendXml(response, 200, `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${constraint}</LocationConstraint>`);
    }
    if (scope.region !== bucket.region) {
      const hint = { 'x-amz-bucket-region': bucket.region };
      return options.wrongRegion === 'malformed'
        ? fail(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${scope.region}' is wrong; expecting '${bucket.region}'`, { Region: bucket.region }, hint)
        : fail(301, 'PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.', { Endpoint: `${bucket.name}.s3.${bucket.region}.amazonaws.com`, Bucket: bucket.name }, hint);
    }
    if (onBucket) {
      const handled = bucketSubresource(request, bucket);
      if (handled) return;
    }
    const upstream = await forward(request, options.upstream);
    if (onBucket && request.method === 'DELETE' && [...query.keys()].length === 0 && upstream === 204) state.buckets.delete(bucket.name);
  });

  function listBuckets({ url, response, method }: S3Request, accountId: string): void {
    const query = url.searchParams;
    const maxBuckets = query.has('max-buckets') ? Number(query.get('max-buckets')) : 10_000;
    if (!Number.isInteger(maxBuckets) || maxBuckets < 1 || maxBuckets > 10_000) {
      return sendS3Error(response, 400, 'InvalidArgument', 'Argument max-buckets must be an integer between 1 and 10000', { ArgumentName: 'max-buckets', ArgumentValue: String(query.get('max-buckets')).slice(0, 64) }, {}, method);
    }
    const prefix = query.get('prefix') ?? undefined;
    const region = query.get('bucket-region') ?? undefined;
    const after = query.has('continuation-token') ? Buffer.from(query.get('continuation-token') ?? '', 'base64url').toString('utf8') : '';
    const matching = state
      .bucketsOf(accountId)
      .filter((bucket) => (prefix === undefined || bucket.name.startsWith(prefix)) && (region === undefined || bucket.region === region) && bucket.name > after);
    const page = matching.slice(0, maxBuckets);
    const last = page.at(-1);
    const token = matching.length > maxBuckets && last ? Buffer.from(last.name).toString('base64url') : undefined;
    sendXml(response, 200, listBucketsXml(accountId, page, token, prefix));
  }

  async function createBucket(request: S3Request, account: IssuedCredentials, name: string, signedRegion: string): Promise<void> {
    const { response, method } = request;
    const existing = state.buckets.get(name);
    if (existing) {
      return existing.accountId === account.accountId
        ? sendS3Error(response, 409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.', { BucketName: name }, {}, method)
        : sendS3Error(response, 409, 'BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', { BucketName: name }, {}, method);
    }
    const parsed = request.body.length > 0 ? (parser.parse(request.body.toString('utf8')) as { CreateBucketConfiguration?: { LocationConstraint?: string } }) : {};
    const region = parsed.CreateBucketConfiguration?.LocationConstraint || 'us-east-1';
    // S3 refuses a LocationConstraint that differs from a regional endpoint's region (us-east-1 accepts any).
    if (signedRegion !== 'us-east-1' && region !== signedRegion) {
      return sendS3Error(response, 400, 'IllegalLocationConstraintException', `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`, {}, {}, method);
    }
    const cannedAcl = String(request.headers['x-amz-acl'] ?? 'private');
    const status = await forward({ ...request, body: Buffer.alloc(0) }, options.upstream, false);
    if (status !== 200) return sendS3Error(response, 500, 'InternalError', `s3rver refused CreateBucket (${status})`, {}, {}, method);
    state.buckets.set(name, { name, accountId: account.accountId, region, createdAt: new Date(), acl: CANNED_ACLS[cannedAcl] ?? CANNED_ACLS.private! });
    sendXml(response, 200, '', { location: `/${name}` });
  }

  /** Handles the subresources s3rver lacks; false when the request should go to s3rver. */
  function bucketSubresource(request: S3Request, bucket: BucketRecord): boolean {
    const { method, url, response, body } = request;
    const query = url.searchParams;
    const fail = (status: number, code: string, message: string) => sendS3Error(response, status, code, message, { BucketName: bucket.name }, {}, method);
    const ok = (status = 204) => sendXml(response, status, '');
    const xml = () => parser.parse(body.toString('utf8')) as Record<string, Record<string, unknown> | undefined>;
    if (query.has('policyStatus') && method === 'GET') {
      if (bucket.policy === undefined) fail(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
      else sendXml(response, 200, `<PolicyStatus xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><IsPublic>${isPolicyPublic(bucket.policy)}</IsPublic></PolicyStatus>`);
      return true;
    }
    if (query.has('policy')) {
      if (method === 'GET') {
        if (bucket.policy === undefined) fail(404, 'NoSuchBucketPolicy', 'The bucket policy does not exist');
        else {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(bucket.policy);
        }
      } else if (method === 'PUT') {
        const text = body.toString('utf8');
        if (!isJsonObject(text)) fail(400, 'MalformedPolicy', 'Policies must be valid JSON and the first byte must be \'{\'');
        else if (isPolicyPublic(text) && blocksPublicPolicy(bucket)) fail(403, 'AccessDenied', 'Access Denied');
        else {
          bucket.policy = text;
          ok();
        }
      } else if (method === 'DELETE') {
        delete bucket.policy;
        ok();
      } else return false;
      return true;
    }
    if (query.has('publicAccessBlock')) {
      if (method === 'GET') {
        if (!bucket.publicAccessBlock) fail(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
        else sendXml(response, 200, publicAccessBlockXml(bucket.publicAccessBlock));
      } else if (method === 'PUT') {
        const flags = readPublicAccessBlock(xml());
        if (!flags) fail(400, 'MalformedXML', MALFORMED);
        else {
          bucket.publicAccessBlock = flags;
          ok(200);
        }
      } else if (method === 'DELETE') {
        delete bucket.publicAccessBlock;
        ok();
      } else return false;
      return true;
    }
    if (query.has('acl')) {
      if (method === 'GET') sendXml(response, 200, aclXml(bucket));
      else if (method === 'PUT') {
        const canned = request.headers['x-amz-acl'];
        const acl = typeof canned === 'string' ? CANNED_ACLS[canned] : readAclGrants(xml());
        if (!acl) fail(400, 'MalformedACLError', 'The XML you provided was not well-formed or did not validate against our published schema');
        else {
          bucket.acl = acl;
          ok(200);
        }
      } else return false;
      return true;
    }
    if (query.has('cors')) {
      if (method === 'GET') {
        if (bucket.corsXml === undefined) fail(404, 'NoSuchCORSConfiguration', 'The CORS configuration does not exist');
        else sendXml(response, 200, bucket.corsXml.replace(/^<\?xml[^>]*\?>\s*/, ''));
      } else if (method === 'PUT') {
        const text = body.toString('utf8');
        const problem = corsProblem(text);
        if (problem) fail(400, problem.code, problem.message);
        else {
          bucket.corsXml = text;
          ok(200);
        }
      } else if (method === 'DELETE') {
        delete bucket.corsXml;
        ok();
      } else return false;
      return true;
    }
    if (query.has('tagging')) {
      if (method === 'GET') {
        if (!bucket.tags) fail(404, 'NoSuchTagSet', 'The TagSet does not exist');
        else sendXml(response, 200, taggingXml(bucket.tags));
      } else if (method === 'PUT') {
        const tags = readTags(xml());
        if (!tags) fail(400, 'MalformedXML', MALFORMED);
        else {
          bucket.tags = tags;
          ok(204);
        }
      } else if (method === 'DELETE') {
        delete bucket.tags;
        ok();
      } else return false;
      return true;
    }
    return false;
  }

  function blocksPublicPolicy(bucket: BucketRecord): boolean {
    return Boolean(bucket.publicAccessBlock?.blockPublicPolicy || state.accountPublicAccessBlocks.get(bucket.accountId)?.blockPublicPolicy);
  }

  function s3Control(request: S3Request, caller: IssuedCredentials): void {
    const { method, url, response, headers } = request;
    const accountId = String(headers['x-amz-account-id'] ?? '');
    const fail = (status: number, code: string, message: string) => sendS3Error(response, status, code, message, { AccountId: accountId }, {}, method);
    if (url.pathname !== '/v20180820/configuration/publicAccessBlock') return fail(404, 'NotImplemented', 'This S3 Control operation is not emulated');
    if (!/^\d{12}$/.test(accountId)) return fail(400, 'InvalidRequest', 'Missing or invalid x-amz-account-id header');
    if (accountId !== caller.accountId) return fail(403, 'AccessDenied', 'Access Denied');
    if (method === 'GET') {
      const flags = state.accountPublicAccessBlocks.get(accountId);
      if (!flags) return fail(404, 'NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found');
      return sendXml(response, 200, publicAccessBlockXml(flags));
    }
    if (method === 'PUT') {
      const flags = readPublicAccessBlock(parser.parse(request.body.toString('utf8')) as Record<string, Record<string, unknown> | undefined>);
      if (!flags) return fail(400, 'MalformedXML', MALFORMED);
      state.accountPublicAccessBlocks.set(accountId, flags);
      return sendXml(response, 200, '');
    }
    if (method === 'DELETE') {
      state.accountPublicAccessBlocks.delete(accountId);
      return sendXml(response, 204, '');
    }
    return fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
}

const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

/** What PutBucketCors refuses (spec: 64 KB, 100 rules, known methods, one `*` per origin). */
function corsProblem(text: string): { code: string; message: string } | undefined {
  if (Buffer.byteLength(text) > 64 * 1024) return { code: 'MaxMessageLengthExceeded', message: 'Your request was too big.' };
  const rules = corsParser.parse(text) as { CORSConfiguration?: { CORSRule?: Array<Record<string, string[] | undefined>> } };
  const list = rules.CORSConfiguration?.CORSRule ?? [];
  if (list.length === 0 || list.some((rule) => !rule.AllowedOrigin?.length || !rule.AllowedMethod?.length)) return { code: 'MalformedXML', message: MALFORMED };
  if (list.length > 100) return { code: 'InvalidRequest', message: 'The number of CORS rules should not exceed allowed limit of 100 rules.' };
  const method = list.flatMap((rule) => rule.AllowedMethod ?? []).find((candidate) => !CORS_METHODS.includes(candidate));
  if (method !== undefined) return { code: 'InvalidRequest', message: `Found unsupported HTTP method in CORS config. Unsupported method is ${method}` };
  const origin = list.flatMap((rule) => rule.AllowedOrigin ?? []).find((candidate) => candidate.split('*').length > 2);
  if (origin !== undefined) return { code: 'InvalidRequest', message: `AllowedOrigin "${origin}" can not have more than one wildcard.` };
  return undefined;
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch (error) {
    void error; // Not JSON: the caller answers MalformedPolicy.
    return false;
  }
}

function readPublicAccessBlock(document: Record<string, Record<string, unknown> | undefined>): PublicAccessBlockFlags | undefined {
  const config = document.PublicAccessBlockConfiguration;
  if (!config) return undefined;
  const flag = (name: string) => String(config[name] ?? 'false').trim() === 'true';
  return { blockPublicAcls: flag('BlockPublicAcls'), ignorePublicAcls: flag('IgnorePublicAcls'), blockPublicPolicy: flag('BlockPublicPolicy'), restrictPublicBuckets: flag('RestrictPublicBuckets') };
}

function readAclGrants(document: Record<string, Record<string, unknown> | undefined>): BucketRecord['acl'] | undefined {
  const list = document.AccessControlPolicy?.AccessControlList as { Grant?: Array<{ Grantee?: { URI?: string }; Permission?: string }> } | undefined;
  if (!document.AccessControlPolicy) return undefined;
  const acl: BucketRecord['acl'] = { allUsers: [], authenticatedUsers: [] };
  for (const grant of list?.Grant ?? []) {
    const permission = PERMISSIONS.find((known) => known === grant.Permission);
    if (!permission) return undefined;
    if (grant.Grantee?.URI === ACL_GROUP_URIS.allUsers) acl.allUsers.push(permission);
    if (grant.Grantee?.URI === ACL_GROUP_URIS.authenticatedUsers) acl.authenticatedUsers.push(permission);
  }
  return acl;
}

function readTags(document: Record<string, Record<string, unknown> | undefined>): S3Tag[] | undefined {
  const tagSet = document.Tagging?.TagSet as { Tag?: Array<{ Key?: string; Value?: string }> } | '' | undefined;
  if (tagSet === undefined) return undefined;
  const tags = (tagSet === '' ? [] : (tagSet.Tag ?? [])).map((tag) => ({ Key: String(tag.Key ?? ''), Value: String(tag.Value ?? '') }));
  // S3: at most 50 tags, keys 1-128 characters, values up to 256 (InvalidTag otherwise).
  if (tags.length > 50 || tags.some((tag) => tag.Key.length === 0 || tag.Key.length > 128 || tag.Value.length > 256)) return undefined;
  return tags;
}

/** Sends the request on to s3rver unsigned (s3rver accepts anonymous requests) and copies its answer back. */
function forward(request: S3Request, upstream: string, relay = true): Promise<number> {
  const { authorization: _auth, 'x-amz-security-token': _token, origin: _origin, host: _host, 'transfer-encoding': _chunked, ...headers } = request.headers;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${upstream}${request.url.pathname}${request.url.search}`, { method: request.method, headers: { ...headers, 'content-length': String(request.body.length) } }, (answer) => {
      if (!relay) {
        answer.resume();
        answer.on('end', () => resolve(answer.statusCode ?? 500));
        return;
      }
      request.response.writeHead(answer.statusCode ?? 500, answer.headers);
      answer.pipe(request.response);
      answer.on('end', () => resolve(answer.statusCode ?? 500));
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

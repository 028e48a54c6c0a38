// A fault-injecting HTTP layer in front of the local S3, STS and DynamoDB. Each request is described
// (service, operation, bucket, calling account), matched against scripted rules in order, and either
// forwarded untouched or answered with the scripted fault: an AWS-shaped error, a reset connection, a
// held socket (timeout), or the upstream answer rewritten. Rules fire a fixed number of times, so a
// test's faults are deterministic; every request is counted by what it was and what it got.
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { accountOfAccessKey } from './emulators/credentials';
import { listen, readBody, type RunningServer } from './emulators/http-server';
import { readSigV4Scope } from './emulators/sigv4';
import { escapeXml } from './emulators/xml';

export type FaultService = 's3' | 'sts' | 'dynamodb';

export interface FaultRequest {
  service: FaultService;
  method: string;
  /** S3: ListBuckets, GetBucketCors, GetBucketLocation, GetAccountPublicAccessBlock...; STS: the Action; DynamoDB: the X-Amz-Target operation. */
  operation: string;
  bucket?: string;
  /** The account encoded in the signing key (test/support/emulators/credentials.ts). */
  accountId?: string;
  accessKeyId?: string;
  /** Region the request was signed for. */
  region?: string;
  url: URL;
  body: Buffer;
  headers: IncomingHttpHeaders;
}

export interface UpstreamAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type FaultAction =
  /** An error answer in the service's own wire format (S3/STS XML, DynamoDB JSON). */
  | { kind: 'error'; status: number; code: string; message?: string; headers?: Record<string, string>; fields?: Record<string, string> }
  /** Destroys the socket without answering (ECONNRESET / socket hang up for the client). */
  | { kind: 'reset' }
  /** Holds the socket without answering, then drops it: the client's request timeout must fire first. */
  | { kind: 'hang'; ms: number }
  /** Forwards (the body changed by `request` first, when given), then hands the answer to `rewrite` before the client sees it. */
  | { kind: 'rewrite'; request?: (body: Buffer) => Buffer; rewrite: (answer: UpstreamAnswer, request: FaultRequest) => UpstreamAnswer }
  /** Answers without asking the upstream (a synthesised page, say). */
  | { kind: 'respond'; answer: (request: FaultRequest) => UpstreamAnswer };

export interface FaultRule {
  /** Names the rule in counts. */
  name: string;
  match: (request: FaultRequest) => boolean;
  /** How many matching requests the rule takes (default: all of them). */
  times?: number;
  action: FaultAction;
}

/** One request as seen by the proxy: what it was and which rule (if any) answered it. */
export interface RecordedRequest {
  service: FaultService;
  operation: string;
  bucket?: string;
  accountId?: string;
  rule?: string;
  /** A held (`hang`) request whose client dropped the connection before the proxy did: the client gave up. */
  droppedByClient?: boolean;
}

export interface FaultProxy {
  /** Endpoint variables pointing the SDK at the proxy (S3 Control shares the S3 layer). */
  env: Record<'AWS_ENDPOINT_URL_S3' | 'AWS_ENDPOINT_URL_S3_CONTROL' | 'AWS_ENDPOINT_URL_STS' | 'AWS_ENDPOINT_URL_DYNAMODB', string>;
  /** Adds rules after the current ones (first match wins). */
  script(...rules: FaultRule[]): void;
  /** Drops every rule and the request log. */
  reset(): void;
  /** Requests seen since the last reset, optionally only those matching `filter`. */
  count(filter?: Partial<RecordedRequest>): number;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

/** Request log cap: a 10,000-bucket scan must not turn the proxy into the memory hog. */
const MAX_RECORDED = 200_000;

export async function startFaultProxy(upstreams: Record<FaultService, string>): Promise<FaultProxy> {
  // Reused upstream connections: a 10,000-bucket scan would otherwise open a socket per call.
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const upstream = (service: FaultService): Upstream => ({ url: upstreams[service], agent });
  const rules: Array<FaultRule & { used: number }> = [];
  const requests: RecordedRequest[] = [];
  const servers = await Promise.all((Object.keys(upstreams) as FaultService[]).map(async (service) => {
    const server = createServer((incoming, response) => {
      readBody(incoming)
        .then((body) => handle(service, incoming, body, response))
        .catch((error: unknown) => {
          if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
          response.end(`fault-proxy: ${(error as Error).message}`);
        });
    });
    return [service, await listen(server)] as const;
  }));
  const url = Object.fromEntries(servers.map(([service, running]) => [service, running.url])) as Record<FaultService, string>;

  async function handle(service: FaultService, incoming: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
    const request = describeRequest(service, incoming, body);
    const rule = rules.find((candidate) => (candidate.times === undefined || candidate.used < candidate.times) && candidate.match(request));
    if (rule) rule.used += 1;
    const recorded: RecordedRequest | undefined = requests.length < MAX_RECORDED ? { service, operation: request.operation, ...pick(request), ...(rule ? { rule: rule.name } : {}) } : undefined;
    if (recorded) requests.push(recorded);
    const action = rule?.action;
    if (!action) return pipe(upstream(service), incoming, body, response);
    switch (action.kind) {
      case 'error':
        return sendError(service, request, response, action);
      case 'reset':
        incoming.socket.destroy();
        return;
      case 'hang': {
        let droppedByProxy = false;
        setTimeout(() => {
          droppedByProxy = true;
          incoming.socket.destroy();
        }, action.ms).unref();
        response.once('close', () => {
          if (!droppedByProxy && recorded) recorded.droppedByClient = true;
        });
        return;
      }
      case 'respond':
        return send(response, action.answer(request), request.method);
      case 'rewrite': {
        const answer = await fetchUpstream(upstream(service), incoming, action.request ? action.request(body) : body);
        return send(response, action.rewrite(answer, request), request.method);
      }
    }
  }

  return {
    env: {
      AWS_ENDPOINT_URL_S3: url.s3,
      AWS_ENDPOINT_URL_S3_CONTROL: url.s3,
      AWS_ENDPOINT_URL_STS: url.sts,
      AWS_ENDPOINT_URL_DYNAMODB: url.dynamodb,
    },
    script: (...added) => void rules.push(...added.map((rule) => ({ ...rule, used: 0 }))),
    reset: () => {
      rules.length = 0;
      requests.length = 0;
    },
    count: (filter = {}) => requests.filter((request) => Object.entries(filter).every(([key, value]) => request[key as keyof RecordedRequest] === value)).length,
    requests,
    close: async () => {
      await Promise.all(servers.map(([, running]: readonly [FaultService, RunningServer]) => running.close()));
      agent.destroy();
    },
  };
}

interface Upstream {
  url: string;
  agent: Agent;
}

function pick(request: FaultRequest): Pick<RecordedRequest, 'bucket' | 'accountId'> {
  return { ...(request.bucket !== undefined ? { bucket: request.bucket } : {}), ...(request.accountId !== undefined ? { accountId: request.accountId } : {}) };
}

/** S3 bucket subresources in the order S3 checks them; the first present names the operation. */
const S3_SUBRESOURCES: ReadonlyArray<[string, string]> = [
  ['cors', 'BucketCors'], ['location', 'BucketLocation'], ['policyStatus', 'BucketPolicyStatus'], ['policy', 'BucketPolicy'],
  ['publicAccessBlock', 'PublicAccessBlock'], ['acl', 'BucketAcl'], ['tagging', 'BucketTagging'], ['website', 'BucketWebsite'],
];
const VERBS: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete', HEAD: 'Head', POST: 'Post' };

export function describeRequest(service: FaultService, incoming: IncomingMessage, body: Buffer): FaultRequest {
  const url = new URL(incoming.url ?? '/', 'http://fault.local');
  const method = incoming.method ?? 'GET';
  const scope = readSigV4Scope(incoming.headers.authorization, url.searchParams);
  const accountId = scope ? accountOfAccessKey(scope.accessKeyId) : undefined;
  const base = {
    service,
    method,
    url,
    body,
    headers: incoming.headers,
    ...(scope ? { accessKeyId: scope.accessKeyId, region: scope.region } : {}),
    ...(accountId ? { accountId } : {}),
  };
  if (service === 'sts') {
    const form = new URLSearchParams(method === 'POST' ? body.toString('utf8') : url.search);
    return { ...base, operation: form.get('Action') ?? 'Unknown' };
  }
  if (service === 'dynamodb') return { ...base, operation: String(incoming.headers['x-amz-target'] ?? '').split('.').pop() ?? 'Unknown' };
  if (url.pathname.startsWith('/v20180820/')) return { ...base, operation: `${VERBS[method] ?? method}AccountPublicAccessBlock` };
  const [, rawBucket = '', ...key] = url.pathname.split('/');
  const bucket = decodeURIComponent(rawBucket);
  if (bucket === '') return { ...base, operation: 'ListBuckets' };
  const verb = VERBS[method] ?? method;
  const sub = S3_SUBRESOURCES.find(([query]) => url.searchParams.has(query));
  const operation = sub ? `${verb}${sub[1]}` : key.join('/') === '' ? `${verb}Bucket` : `${verb}Object`;
  return { ...base, operation, bucket };
}

function sendError(service: FaultService, request: FaultRequest, response: ServerResponse, fault: Extract<FaultAction, { kind: 'error' }>): void {
  const message = fault.message ?? fault.code;
  const requestId = `fault-${Math.random().toString(36).slice(2, 12)}`;
  if (service === 'dynamodb') {
    const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${fault.code}`, message });
    return send(response, { status: fault.status, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId, ...fault.headers }, body: Buffer.from(body) }, request.method);
  }
  const fields = Object.entries(fault.fields ?? {}).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  const xml = service === 'sts'
    ? `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`
    : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${escapeXml(message)}</Message>${fields}<RequestId>${requestId}</RequestId></Error>`;
  send(response, { status: fault.status, headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId, ...fault.headers }, body: Buffer.from(xml) }, request.method);
}

function send(response: ServerResponse, answer: UpstreamAnswer, method: string): void {
  const body = method === 'HEAD' ? Buffer.alloc(0) : answer.body;
  const headers: Record<string, string> = { ...answer.headers, 'content-length': String(body.length) };
  delete headers['transfer-encoding'];
  response.writeHead(answer.status, headers);
  response.end(body);
}

function upstreamRequest(upstream: Upstream, incoming: IncomingMessage, body: Buffer) {
  const target = new URL(incoming.url ?? '/', upstream.url);
  const { connection: _hop, 'keep-alive': _hopToo, ...headers } = incoming.headers;
  return httpRequest(target, { agent: upstream.agent, method: incoming.method ?? 'GET', headers: { ...headers, host: target.host, 'content-length': String(body.length) } });
}

/** Forwards as is (the common path: no buffering of the answer). */
function pipe(upstream: Upstream, incoming: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = upstreamRequest(upstream, incoming, body);
    outgoing.on('response', (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      answer.on('end', () => resolve());
      answer.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function fetchUpstream(upstream: Upstream, incoming: IncomingMessage, body: Buffer): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = upstreamRequest(upstream, incoming, body);
    outgoing.on('response', (answer) => {
      readBody(answer).then((buffer) => {
        const headers = Object.fromEntries(Object.entries(answer.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])));
        resolve({ status: answer.statusCode ?? 502, headers, body: buffer });
      }, reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

// Matchers and faults the tests script most often, named so a rule reads as a sentence.
export const on = {
  s3: (operation?: string, bucket?: string) => (request: FaultRequest) =>
    request.service === 's3' && (operation === undefined || request.operation === operation) && (bucket === undefined || request.bucket === bucket),
  sts: (operation?: string) => (request: FaultRequest) => request.service === 'sts' && (operation === undefined || request.operation === operation),
  dynamodb: (operation?: string) => (request: FaultRequest) => request.service === 'dynamodb' && (operation === undefined || request.operation === operation),
  account: (accountId: string, inner: (request: FaultRequest) => boolean = () => true) => (request: FaultRequest) => request.accountId === accountId && inner(request),
};

export const faults = {
  slowDown: (): FaultAction => ({ kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' }),
  internalError: (): FaultAction => ({ kind: 'error', status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' }),
  accessDenied: (): FaultAction => ({ kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied' }),
  noSuchBucket: (bucket: string): FaultAction => ({ kind: 'error', status: 404, code: 'NoSuchBucket', message: 'The specified bucket does not exist', fields: { BucketName: bucket } }),
  throughputExceeded: (): FaultAction => ({ kind: 'error', status: 400, code: 'ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' }),
  /** 301 PermanentRedirect as a regional endpoint answers it, with the region in the header S3 sets. */
  permanentRedirect: (bucket: string, region: string): FaultAction => ({
    kind: 'error', status: 301, code: 'PermanentRedirect',
    message: 'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
    fields: { Endpoint: `${bucket}.s3.${region}.amazonaws.com`, Bucket: bucket }, headers: { 'x-amz-bucket-region': region },
  }),
  authorizationHeaderMalformed: (signedFor: string, region: string): FaultAction => ({
    kind: 'error', status: 400, code: 'AuthorizationHeaderMalformed',
    message: `The authorization header is malformed; the region '${signedFor}' is wrong; expecting '${region}'`,
    fields: { Region: region }, headers: { 'x-amz-bucket-region': region },
  }),
  expiredToken: (): FaultAction => ({ kind: 'error', status: 400, code: 'ExpiredToken', message: 'The provided token has expired.' }),
};

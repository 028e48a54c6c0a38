// S3's answer to one browser request for a bucket's CORS configuration (spec §2–§8), the first-match model.
import { answeredMaxAge, headerMatches, originMatches } from './match';
import type { CorsConfiguration, CorsRule } from './types';

export type RequestTarget = 'object' | 'bucket' | 'service' | 'website-endpoint';

export interface SimulatedRequest {
  method: string;
  /** Defaults to 'object'. */
  target?: RequestTarget;
  /** null: the request carries no Origin header. */
  origin: string | null;
  accessControlRequestMethod?: string | null;
  accessControlRequestHeaders?: string | null;
}

export interface SimulationInput {
  /** null: the bucket has no CORS configuration. */
  config: CorsConfiguration | null;
  bucketExists: boolean;
  request: SimulatedRequest;
}

export interface SimulationError {
  Code: string;
  Message: string;
  Method?: string;
  ResourceType?: string;
}

export interface SimulationResult {
  /** The preflight's status; null for actual requests, whose status comes from the S3 operation, not CORS (spec §6). */
  status: number | null;
  headers: Record<string, string>;
  /** The preflight's error body; null on success and for actual requests. */
  error: SimulationError | null;
  matched_rule_index: number | null;
  kind: 'preflight' | 'actual';
}

/** Spec §5: on every successful evaluation, exactly this value. */
export const VARY_VALUE = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';
const NO_ORIGIN_MESSAGE = 'Insufficient information. Origin request header needed.';
/**
 * OPTIONS with Origin but no Access-Control-Request-Method on a configured bucket is [UNK] (spec §4.1 row 4).
 * We answer 400 BadRequest, as ceph s3-tests expect; the message is ours, worded like S3's missing-Origin one.
 */
const NO_ACRM_MESSAGE = 'Insufficient information. Access-Control-Request-Method request header needed.';
const NOT_ALLOWED_MESSAGE =
  "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";

export function simulateRequest(input: SimulationInput): SimulationResult {
  return input.request.method === 'OPTIONS' ? preflight(input) : actual(input);
}

function preflight({ config, bucketExists, request }: SimulationInput): SimulationResult {
  const acrm = request.accessControlRequestMethod ?? null;
  // Spec §4.1: these checks come before rule matching, in this order; Method falls back to OPTIONS.
  if (request.origin === null) return refused(400, { Code: 'BadRequest', Message: NO_ORIGIN_MESSAGE });
  // Spec §2.4: the service endpoint carries no bucket CORS; a preflight to it is refused (aws-sdk-js-v3#6228) [INF].
  // It names no bucket, so whether one exists does not enter.
  if (request.target === 'service') return refused(403, { Code: 'AccessForbidden', Message: NOT_ALLOWED_MESSAGE, Method: acrm ?? 'OPTIONS' });
  if (!bucketExists) return refused(403, { Code: 'AccessForbidden', Message: 'CORSResponse: Bucket not found', Method: acrm ?? 'OPTIONS', ResourceType: 'BUCKET' });
  if (config === null) return refused(403, { Code: 'AccessForbidden', Message: 'CORSResponse: CORS is not enabled for this bucket.', Method: acrm ?? 'OPTIONS', ResourceType: 'BUCKET' });
  if (acrm === null) return refused(400, { Code: 'BadRequest', Message: NO_ACRM_MESSAGE });
  const match = firstMatch(config.rules, request.origin, acrm, request.accessControlRequestHeaders ?? null);
  if (!match) {
    const resourceType = request.target === 'bucket' ? 'BUCKET' : 'OBJECT';
    return refused(403, { Code: 'AccessForbidden', Message: NOT_ALLOWED_MESSAGE, Method: acrm, ResourceType: resourceType });
  }
  return { status: 200, headers: corsHeaders(match.rule, request.origin, match.requestedHeaders), error: null, matched_rule_index: match.index, kind: 'preflight' };
}

/** Spec §6–§7: the operation runs as usual; CORS only decides which headers are added. */
function actual({ config, bucketExists, request }: SimulationInput): SimulationResult {
  const none: SimulationResult = { status: null, headers: {}, error: null, matched_rule_index: null, kind: 'actual' };
  if (request.origin === null || !bucketExists || config === null || request.target === 'service') return none;
  // Spec §3.2: ACRM, when present, is the method tested even on an actual request.
  const method = request.accessControlRequestMethod ?? request.method;
  const match = firstMatch(config.rules, request.origin, method, request.accessControlRequestHeaders ?? null);
  if (!match) return none;
  return { ...none, headers: corsHeaders(match.rule, request.origin, match.requestedHeaders), matched_rule_index: match.index };
}

function refused(status: number, error: SimulationError): SimulationResult {
  return { status, headers: {}, error, matched_rule_index: null, kind: 'preflight' };
}

/** Spec §3.3: split on commas, trim, drop empty items. */
export function requestedHeaderNames(acrh: string | null): string[] {
  if (acrh === null) return [];
  return acrh.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
}

/**
 * Spec §3: the first rule admitting origin, method and every requested header wins; a rule failing any of them
 * does not stop the search. Method comparison is case-sensitive ([UNK] §3.2: S3 stores methods uppercase and
 * browsers send standard methods uppercase).
 */
export function firstMatch(rules: readonly CorsRule[], origin: string, method: string, acrh: string | null): { rule: CorsRule; index: number; requestedHeaders: string[] } | null {
  const requestedHeaders = requestedHeaderNames(acrh);
  const index = rules.findIndex(
    (rule) =>
      rule.allowedOrigins.some((pattern) => originMatches(pattern, origin)) &&
      rule.allowedMethods.includes(method) &&
      requestedHeaders.every((name) => rule.allowedHeaders.some((pattern) => headerMatches(pattern, name))),
  );
  const rule = rules[index];
  return rule ? { rule, index, requestedHeaders } : null;
}

/**
 * Spec §5. [UNK] choices: a rule listing `*` beside specific origins answers `*` (LocalStack and Scality do);
 * MaxAgeSeconds 0 is sent as `0` (it is configured; LocalStack drops it only because 0 is falsy in Python).
 */
function corsHeaders(rule: CorsRule, origin: string, requestedHeaders: readonly string[]): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.includes('*');
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': anyOrigin ? '*' : origin };
  if (!anyOrigin) headers['Access-Control-Allow-Credentials'] = 'true';
  headers['Access-Control-Allow-Methods'] = rule.allowedMethods.join(', ');
  if (requestedHeaders.length > 0) headers['Access-Control-Allow-Headers'] = requestedHeaders.map((name) => name.toLowerCase()).join(', ');
  if (rule.exposeHeaders.length > 0) headers['Access-Control-Expose-Headers'] = rule.exposeHeaders.join(', ');
  const maxAge = answeredMaxAge(rule);
  if (maxAge !== undefined) headers['Access-Control-Max-Age'] = String(maxAge);
  headers.Vary = VARY_VALUE;
  return headers;
}

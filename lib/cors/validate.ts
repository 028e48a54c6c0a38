// What PutBucketCors accepts (spec §1, §1.1): every issue S3 would raise, ordered so issues[0] is S3's answer.
import type { CorsConfiguration, CorsRule } from './types';

export interface ValidationIssue {
  code: 'MalformedXML' | 'InvalidRequest' | 'EntityTooLarge' | 'InvalidArgument';
  status: 400;
  message: string;
  /** null for document-level issues (rule count, size). */
  ruleIndex: number | null;
  field?: string;
  value?: string;
  /** Why, when S3's own message does not tell the user what to do. */
  explanation?: string;
}

export const MAX_CORS_RULES = 100;
/** 64 KB (spec §1, D-put), measured on the PutBucketCors XML body. */
export const MAX_CORS_BODY_BYTES = 65_536;
export const MAX_RULE_ID_LENGTH = 255;
/** The only AllowedMethod values S3 accepts, case-sensitive (spec §1), in the order of their s3MethodBit. */
export const PUT_BUCKET_CORS_METHODS: readonly string[] = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD'];

export const MALFORMED_XML_MESSAGE = 'The XML you provided was not well-formed or did not validate against our published schema';
const TOO_MANY_RULES_MESSAGE = 'The number of CORS rules should not exceed allowed limit of 100 rules.';
/** MaxAgeSeconds is an xsd:int in S3's schema; larger values cannot pass schema validation [INF]. */
const MAX_INT32 = 2_147_483_647;
const MIN_INT32 = -2_147_483_648;

/** A whole number an xsd:int holds (negative ones included: S3 accepts them, MAXAGE-NEGATIVE reports them). */
function isInt32(value: number): boolean {
  return Number.isInteger(value) && value >= MIN_INT32 && value <= MAX_INT32;
}
// Where S3's answer is [UNK] the user is told the code or wording is ours, not S3's (spec §1).
const ID_EXPLANATION = 'AWS documents the 255-character limit but not the error; this code and wording are the ones S3 uses for lifecycle rule IDs.';
const EXPOSE_HEADER_EXPLANATION = 'S3 rejects this value, but its exact message is undocumented; this wording is ours.';
const OPTIONS_EXPLANATION =
  'S3 answers OPTIONS preflights itself, using the rule whose AllowedMethods holds the Access-Control-Request-Method; OPTIONS never belongs in AllowedMethods. Remove it.';

/**
 * Order: body size (checked before the body is parsed), then schema errors (MalformedXML, raised while the XML is
 * read), then the rule count, then each rule's semantic checks in document order. The relative order of the schema
 * and semantic phases is [INF]: S3 validates the XML against its schema before interpreting it.
 */
export function validateConfiguration(config: CorsConfiguration): ValidationIssue[] {
  // Nearly every configuration is valid: one cheap pass proves it, and only a rejected one is walked again for its issues.
  if (isAcceptable(config)) return [];
  // One list filled phase by phase: every bucket of a scan is validated, so no per-phase arrays.
  const found: ValidationIssue[] = [];
  sizeIssues(config, found);
  schemaIssues(config.rules, found);
  countIssues(config.rules, found);
  config.rules.forEach((rule, ruleIndex) => ruleIssues(rule, ruleIndex, found));
  return found;
}

/**
 * True when PutBucketCors raises no issue: the same conditions as the phases below, tested without building anything.
 * False only means "look closer" (an unresolved list read as empty is left to the full walk).
 */
function isAcceptable(config: CorsConfiguration): boolean {
  const rules = config.rules;
  if (config.sizeBytes > MAX_CORS_BODY_BYTES || rules.length === 0 || rules.length > MAX_CORS_RULES) return false;
  for (const rule of rules) {
    const origins = rule.allowedOrigins;
    const methods = rule.allowedMethods;
    if (origins.length === 0 || methods.length === 0) return false;
    const maxAge = rule.maxAgeSeconds;
    if (maxAge !== undefined && !isInt32(maxAge)) return false;
    for (const method of methods) if (!isPutBucketCorsMethod(method)) return false;
    for (const origin of origins) if (hasSecondWildcard(origin)) return false;
    for (const header of rule.allowedHeaders) if (hasSecondWildcard(header)) return false;
    for (const header of rule.exposeHeaders) if (!isExposeHeaderName(header)) return false;
    if (rule.id !== undefined && rule.id.length > MAX_RULE_ID_LENGTH) return false;
  }
  return true;
}

/** PUT_BUCKET_CORS_METHODS.includes(method). */
function isPutBucketCorsMethod(method: string): boolean {
  return s3MethodBit(method) !== 0;
}

/**
 * The bit of one of S3's five methods in a method set (1 << its index in PUT_BUCKET_CORS_METHODS), 0 for any other
 * text (methods are case-sensitive: `get` is not GET).
 */
export function s3MethodBit(method: string): number {
  switch (method) {
    case 'GET':
      return 1;
    case 'PUT':
      return 2;
    case 'POST':
      return 4;
    case 'DELETE':
      return 8;
    case 'HEAD':
      return 16;
    default:
      return 0;
  }
}

/**
 * A header name as S3 accepts it in ExposeHeader, [A-Za-z0-9-]+ (spec §1: `test header` rejected; this also rules
 * out `*`), one character code at a time.
 */
function isExposeHeaderName(header: string): boolean {
  if (header.length === 0) return false;
  for (let at = 0; at < header.length; at += 1) {
    const code = header.charCodeAt(at);
    const letter = (code | 32) >= 97 && (code | 32) <= 122;
    if (!letter && !(code >= 48 && code <= 57) && code !== 45) return false;
  }
  return true;
}

/**
 * The error code for a body over 64 KB is [UNK] (spec §1). We answer EntityTooLarge, S3's code for a request body
 * over a size limit, with our own message naming the sizes.
 */
function sizeIssues(config: CorsConfiguration, found: ValidationIssue[]): void {
  if (config.sizeBytes <= MAX_CORS_BODY_BYTES) return;
  found.push(
    issue('EntityTooLarge', `The CORS configuration is ${config.sizeBytes} bytes; PutBucketCors accepts at most ${MAX_CORS_BODY_BYTES} bytes (64 KB).`, null, {
      explanation: 'AWS documents the 64 KB limit but not the error it returns; EntityTooLarge is this tool\'s choice, not a recorded S3 answer.',
    }),
  );
}

function schemaIssues(rules: readonly CorsRule[], found: ValidationIssue[]): void {
  if (rules.length === 0) {
    found.push(issue('MalformedXML', MALFORMED_XML_MESSAGE, null, { explanation: 'A CORS configuration needs at least one CORSRule.' }));
    return;
  }
  rules.forEach((rule, ruleIndex) => {
    if (rule.allowedOrigins.length === 0 && !rule.unresolved?.includes('allowedOrigins')) found.push(issue('MalformedXML', MALFORMED_XML_MESSAGE, ruleIndex, { field: 'AllowedOrigins', explanation: 'Every CORS rule needs at least one AllowedOrigin.' }));
    if (rule.allowedMethods.length === 0 && !rule.unresolved?.includes('allowedMethods')) found.push(issue('MalformedXML', MALFORMED_XML_MESSAGE, ruleIndex, { field: 'AllowedMethods', explanation: 'Every CORS rule needs at least one AllowedMethod.' }));
    const maxAge = rule.maxAgeSeconds;
    if (maxAge !== undefined && !isInt32(maxAge)) {
      // A whole number here is out of range: S3's API types MaxAgeSeconds as a (32-bit) Integer.
      const explanation = !Number.isInteger(maxAge)
        ? 'MaxAgeSeconds must be a whole number of seconds.'
        : maxAge > 0
          ? `MaxAgeSeconds ${maxAge} exceeds ${MAX_INT32}, the largest value of S3's 32-bit integer field.`
          : `MaxAgeSeconds ${maxAge} is below the range of S3's 32-bit integer field.`;
      found.push(issue('MalformedXML', MALFORMED_XML_MESSAGE, ruleIndex, { field: 'MaxAgeSeconds', value: String(maxAge), explanation }));
    }
  });
}

function countIssues(rules: readonly CorsRule[], found: ValidationIssue[]): void {
  // InvalidRequest per spec §1.1 (Scality and MinIO); moto and LocalStack say MalformedXML but never checked AWS.
  if (rules.length > MAX_CORS_RULES) found.push(issue('InvalidRequest', TOO_MANY_RULES_MESSAGE, null, { value: String(rules.length) }));
}

function ruleIssues(rule: CorsRule, ruleIndex: number, found: ValidationIssue[]): void {
  // An item given by a CloudFormation intrinsic (`!Ref Method`) holds the parser's placeholder, not the deployed value.
  const placeholderMethods = rule.unresolvedItems?.allowedMethods;
  const placeholderExposeHeaders = rule.unresolvedItems?.exposeHeaders;
  for (const [position, method] of rule.allowedMethods.entries()) {
    if (isPutBucketCorsMethod(method) || placeholderMethods?.includes(position)) continue;
    const extra = method.toUpperCase() === 'OPTIONS' ? { explanation: OPTIONS_EXPLANATION } : {};
    found.push(issue('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${method}`, ruleIndex, { field: 'AllowedMethods', value: method, ...extra }));
  }
  for (const origin of rule.allowedOrigins) {
    if (hasSecondWildcard(origin)) found.push(issue('InvalidRequest', `AllowedOrigin "${origin}" can not have more than one wildcard.`, ruleIndex, { field: 'AllowedOrigins', value: origin }));
  }
  for (const header of rule.allowedHeaders) {
    if (hasSecondWildcard(header)) found.push(issue('InvalidRequest', `AllowedHeader "${header}" can not have more than one wildcard.`, ruleIndex, { field: 'AllowedHeaders', value: header }));
  }
  for (const [position, header] of rule.exposeHeaders.entries()) {
    if (placeholderExposeHeaders?.includes(position)) continue;
    const problem = exposeHeaderProblem(header);
    if (problem) found.push(issue('InvalidRequest', problem, ruleIndex, { field: 'ExposeHeaders', value: header, explanation: EXPOSE_HEADER_EXPLANATION }));
  }
  // The error for an ID over 255 characters is [UNK] (spec §1, §9). We answer InvalidArgument, the code and
  // wording S3 uses for the same 255-character ID limit in lifecycle configurations.
  // Code points never outnumber UTF-16 units, so only a long id needs counting.
  if (rule.id !== undefined && rule.id.length > MAX_RULE_ID_LENGTH && [...rule.id].length > MAX_RULE_ID_LENGTH) {
    found.push(issue('InvalidArgument', `ID length should not exceed allowed limit of ${MAX_RULE_ID_LENGTH}`, ruleIndex, { field: 'ID', value: rule.id, explanation: ID_EXPLANATION }));
  }
}

/**
 * ExposeHeader wildcards and characters outside [A-Za-z0-9-] are rejected (spec §1: [CAP] neuroglancer#788,
 * [SEC] sc-put). The messages are [UNK]: ours follow the AllowedHeader wording.
 */
function exposeHeaderProblem(header: string): string | null {
  if (header.includes('*')) return `ExposeHeader "${header}" contains wildcard. We currently do not support wildcard for ExposeHeader.`;
  if (!isExposeHeaderName(header)) return `ExposeHeader "${header}" contains invalid character.`;
  return null;
}

function hasSecondWildcard(value: string): boolean {
  const first = value.indexOf('*');
  return first >= 0 && value.indexOf('*', first + 1) >= 0;
}

function issue(code: ValidationIssue['code'], message: string, ruleIndex: number | null, extra: Partial<Pick<ValidationIssue, 'field' | 'value' | 'explanation'>> = {}): ValidationIssue {
  const result: ValidationIssue = { code, status: 400, message, ruleIndex };
  if (extra.field !== undefined) result.field = extra.field;
  if (extra.value !== undefined) result.value = extra.value;
  if (extra.explanation !== undefined) result.explanation = extra.explanation;
  return result;
}

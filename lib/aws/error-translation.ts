// The only place SDK errors become domain codes. Everything here is read from AWS answers that audited
// accounts influence (bucket names, ARNs): messages are bounded, stripped of controls and of anything
// that looks like an access key before they reach a result or a log.
import { neutraliseControls, truncateText } from '../report/escape';
import type { ItemError } from '../scan/types';

export const MAX_ERROR_MESSAGE = 300;

export interface TranslatedError extends ItemError {
  /** HTTP status when the service answered. */
  status?: number;
  /** Region S3 says the bucket lives in (x-amz-bucket-region, or the error body's Region). */
  regionHint?: string;
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  Region?: unknown;
  BucketRegion?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

const TIMEOUTS = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Timeout codes that mean a clock ran out (the handler's requestTimeout sets ETIMEDOUT), not a broken connection. */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Node's socket and DNS error codes (ECONNRESET, EPIPE, ECONNREFUSED, ENOTFOUND, EAI_AGAIN...). */
const SOCKET_CODE = /^E[A-Z_]{3,}$/;
const ACCESS_KEY = /\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

export function translateError(error: unknown): TranslatedError {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? (error as SdkErrorShape) : { message: String(error) };
  const status = shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
  const code = codeOf(shape, status);
  const translated: TranslatedError = { code, message: boundMessage(messageOf(shape, code)) };
  const attempts = shape.$metadata?.attempts;
  if (typeof attempts === 'number' && attempts > 0) translated.attempts = attempts;
  if (typeof status === 'number') translated.status = status;
  const hint = regionHintOf(shape);
  if (hint !== undefined) translated.regionHint = hint;
  return translated;
}

function codeOf(shape: SdkErrorShape, status: number | undefined): string {
  const name = typeof shape.name === 'string' ? shape.name : '';
  const code = typeof shape.code === 'string' ? shape.code : '';
  // The socket's own code first: Node's HTTP handler renames ECONNRESET and EPIPE to TimeoutError.
  if (TIMEOUT_CODES.has(code)) return 'Timeout';
  if (SOCKET_CODE.test(code)) return 'NetworkError';
  if (TIMEOUTS.has(name)) return 'Timeout';
  if (name === 'AbortError') return 'Aborted';
  // Bodiless answers (HEAD, some 5xx) come back named after the status or `Unknown`.
  if (name === '' || name === 'Error' || name === 'Unknown' || name === 'UnknownError' || /^\d{3}$/.test(name)) return status ? `Http${status}` : 'UnknownError';
  return truncateText(neutraliseControls(name), 64);
}

/** A network failure names its socket code (`ECONNRESET: socket hang up`): the message alone rarely does. */
function messageOf(shape: SdkErrorShape, code: string): string {
  const message = typeof shape.message === 'string' ? shape.message : '';
  const socketCode = typeof shape.code === 'string' ? shape.code : '';
  return code === 'NetworkError' && !message.includes(socketCode) ? `${socketCode}: ${message}` : message;
}

function regionHintOf(shape: SdkErrorShape): string | undefined {
  const message = typeof shape.message === 'string' ? shape.message : '';
  const candidates = [shape.$response?.headers?.['x-amz-bucket-region'], shape.Region, shape.BucketRegion, /expecting '([a-z0-9-]+)'/.exec(message)?.[1]];
  return candidates.find((value): value is string => typeof value === 'string' && isRegionName(value));
}

/** An AWS region name (eu-west-1): anything else S3 or a look-alike answers is not used to build an endpoint. */
export function isRegionName(value: string): boolean {
  return REGION.test(value);
}

export function boundMessage(message: string): string {
  return truncateText(neutraliseControls(message).replace(ACCESS_KEY, '[access key]'), MAX_ERROR_MESSAGE);
}

/** S3 refused because the request was signed for another region than the bucket's. */
export function isWrongRegion(error: TranslatedError): boolean {
  return ['PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException', 'Http301'].includes(error.code)
    || (error.status === 301 && error.regionHint !== undefined);
}

/** Why AssumeRole is refused: AWS says AccessDenied alike for a missing role, a trust policy or an ExternalId mismatch. */
export function describeAssumeRoleFailure(error: TranslatedError, roleArn: string): string {
  if (error.code === 'AccessDenied') {
    return boundMessage(`AssumeRole on ${roleArn} was refused: the role is missing, its trust policy does not name the auditor, the ExternalId does not match, or the account is suspended (${error.message})`);
  }
  if (error.code === 'RegionDisabledException') return boundMessage(`STS is not activated in this region for the account: ${error.message}`);
  return error.message;
}

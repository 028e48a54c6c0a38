// Reads request cases in the corpus schema (test/fixtures/cors-corpus/README.md) into simulator inputs.
import { CorsParseError, quoted } from './parse/errors';
import { isRecord, S3_FIELDS } from './parse/rule-fields';
import { readConfiguration } from './parse/source-document';
import type { RequestTarget, SimulatedRequest, SimulationInput } from './simulate';

export interface SimulationCase {
  id: string;
  input: SimulationInput;
  /** The case's `expected` member, untouched (the corpus test compares against it). */
  expected: unknown;
}

const TARGETS: ReadonlySet<string> = new Set<RequestTarget>(['object', 'bucket', 'service', 'website-endpoint']);
/** A cases file is a test corpus, not a fleet: bound it so a hostile file cannot make the CLI churn. */
export const MAX_SIMULATION_CASES = 10_000;

export function parseSimulationCases(json: unknown): SimulationCase[] {
  if (!Array.isArray(json)) throw new CorsParseError('simulation cases must be a JSON array of cases');
  if (json.length > MAX_SIMULATION_CASES) throw new CorsParseError(`${json.length} simulation cases; at most ${MAX_SIMULATION_CASES} are accepted`);
  return json.map((raw: unknown, index) => parseCase(raw, index));
}

function parseCase(raw: unknown, index: number): SimulationCase {
  if (!isRecord(raw)) throw new CorsParseError(`case ${index}: must be an object`);
  const id = typeof raw.id === 'string' ? raw.id : `case-${index}`;
  const where = `case ${index} (${quoted(id)})`;
  if (raw.bucket_exists !== undefined && typeof raw.bucket_exists !== 'boolean') throw new CorsParseError(`${where}: bucket_exists must be true or false`);
  if (raw.cors_rules !== null && raw.cors_rules !== undefined && !Array.isArray(raw.cors_rules)) throw new CorsParseError(`${where}: cors_rules must be an array of CORS rules or null`);
  const config = Array.isArray(raw.cors_rules)
    ? readConfiguration({ file: id, value: raw.cors_rules, lineOf: () => undefined }, [], S3_FIELDS, { name: id }).config
    : null;
  return { id, input: { config, bucketExists: raw.bucket_exists ?? true, request: parseRequest(raw.request, where) }, expected: raw.expected };
}

function parseRequest(raw: unknown, where: string): SimulatedRequest {
  if (!isRecord(raw)) throw new CorsParseError(`${where}: request must be an object`);
  if (typeof raw.method !== 'string') throw new CorsParseError(`${where}: request.method must be a string`);
  const request: SimulatedRequest = {
    method: raw.method,
    origin: optionalString(raw.origin, 'request.origin', where),
    accessControlRequestMethod: optionalString(raw.access_control_request_method, 'request.access_control_request_method', where),
    accessControlRequestHeaders: optionalString(raw.access_control_request_headers, 'request.access_control_request_headers', where),
  };
  if (raw.target !== undefined) {
    if (typeof raw.target !== 'string' || !TARGETS.has(raw.target)) throw new CorsParseError(`${where}: request.target must be one of ${[...TARGETS].join(', ')}`);
    request.target = raw.target as RequestTarget;
  }
  return request;
}

function optionalString(value: unknown, field: string, where: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') throw new CorsParseError(`${where}: ${field} must be a string or null`);
  return value;
}

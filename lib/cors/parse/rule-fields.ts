// Reads one CORS rule from any source format into the engine's CorsRule, rejecting values of the wrong type.
import type { CorsListField, CorsRule, SourceLocation } from '../types';
import { atLine, CorsParseError, quoted } from './errors';

/** The member names one format uses for the six CORS rule fields. */
export interface RuleFieldNames {
  id: string;
  origins: string;
  methods: string;
  headers: string;
  expose: string;
  maxAge: string;
}

export const S3_FIELDS: RuleFieldNames = { id: 'ID', origins: 'AllowedOrigins', methods: 'AllowedMethods', headers: 'AllowedHeaders', expose: 'ExposeHeaders', maxAge: 'MaxAgeSeconds' };
export const CFN_FIELDS: RuleFieldNames = { id: 'Id', origins: 'AllowedOrigins', methods: 'AllowedMethods', headers: 'AllowedHeaders', expose: 'ExposedHeaders', maxAge: 'MaxAge' };
export const TERRAFORM_FIELDS: RuleFieldNames = { id: 'id', origins: 'allowed_origins', methods: 'allowed_methods', headers: 'allowed_headers', expose: 'expose_headers', maxAge: 'max_age_seconds' };

export interface RuleContext {
  location: SourceLocation;
  /** Placeholder text for a value that is not a literal (a CloudFormation intrinsic), or undefined when it is not one. */
  placeholder?: (value: unknown) => string | undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readRule(raw: unknown, names: RuleFieldNames, context: RuleContext): CorsRule {
  // Numbered from 1, as findings number rules ("Rule 1"); item positions stay 0-based, as in JSON paths.
  const where = `${atLine(context.location.line)}rule ${(context.location.ruleIndex ?? 0) + 1}`;
  if (!isRecord(raw)) throw new CorsParseError(`${where}: a CORS rule must be an object, got ${describe(raw)}`);
  const unresolved: CorsListField[] = [];
  const unresolvedItems: NonNullable<CorsRule['unresolvedItems']> = {};
  const list = (field: string, member: CorsListField): string[] => {
    const value = raw[field];
    // An intrinsic in place of the whole list (`AllowedOrigins: !Ref Origins`) cannot be resolved offline.
    if (value !== undefined && value !== null && context.placeholder?.(value) !== undefined) {
      unresolved.push(member);
      return [];
    }
    return readList(value, field, where, context, (index) => (unresolvedItems[member] ??= []).push(index));
  };
  const rule: CorsRule = {
    allowedOrigins: list(names.origins, 'allowedOrigins'),
    allowedMethods: list(names.methods, 'allowedMethods'),
    allowedHeaders: list(names.headers, 'allowedHeaders'),
    exposeHeaders: list(names.expose, 'exposeHeaders'),
    location: context.location,
  };
  if (unresolved.length > 0) rule.unresolved = unresolved;
  if (Object.keys(unresolvedItems).length > 0) rule.unresolvedItems = unresolvedItems;
  const id = readScalar(raw[names.id], names.id, where, context);
  if (id !== undefined) rule.id = id;
  const maxAge = readMaxAge(raw[names.maxAge], names.maxAge, where, context);
  if (maxAge !== undefined) rule.maxAgeSeconds = maxAge;
  return rule;
}

/** `onPlaceholder` hears the position of each item that is an intrinsic's placeholder, not a literal. */
function readList(value: unknown, field: string, where: string, context: RuleContext, onPlaceholder: (index: number) => void): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new CorsParseError(`${where}: ${field} must be an array of strings, got ${describe(value)}`);
  return value.map((item: unknown, index) => {
    if (typeof item === 'string') return item;
    const text = context.placeholder?.(item);
    if (text !== undefined) {
      onPlaceholder(index);
      return text;
    }
    throw new CorsParseError(`${where}: ${field} must be an array of strings, item ${index} is ${describe(item)}`);
  });
}

function readScalar(value: unknown, field: string, where: string, context: RuleContext): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  const text = context.placeholder?.(value);
  if (text !== undefined) return text;
  throw new CorsParseError(`${where}: ${field} must be a string, got ${describe(value)}`);
}

/** A number stays as written; a non-numeric string becomes NaN so validation reports it as S3 would (MalformedXML). */
function readMaxAge(value: unknown, field: string, where: string, context: RuleContext): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (context.placeholder?.(value) !== undefined) return undefined;
  throw new CorsParseError(`${where}: ${field} must be a number, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${quoted(value)}`;
}

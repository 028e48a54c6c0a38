// A parsed input file with a way back to source lines, so every format's reader reports the same locations.
import type { CorsRule, ParsedConfiguration, SourceLocation } from '../types';
import { configurationOf } from '../serialize';
import { readRule, type RuleContext, type RuleFieldNames } from './rule-fields';

export type JsonPath = readonly (string | number)[];

export interface SourceDocument {
  /** Path as the user gave it. */
  file: string;
  value: unknown;
  /** 1-based line of the value at this path, when the format gives one. */
  lineOf(path: JsonPath): number | undefined;
}

/** Walks a path in a parsed value without throwing on a missing step. */
export function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const step of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

/** Builds one named configuration from a list of rule objects at `rulesPath`. */
export function readConfiguration(
  doc: SourceDocument,
  rulesPath: JsonPath,
  names: RuleFieldNames,
  options: ConfigurationOptions,
): ParsedConfiguration {
  const rawRules = valueAt(doc.value, rulesPath);
  const list = Array.isArray(rawRules) ? rawRules : [];
  const sources = list.map((raw: unknown, ruleIndex): RuleSource => ({ raw, path: [...rulesPath, ruleIndex] }));
  return readRules(doc, sources, names, { ...options, resourcePath: options.resourcePath ?? rulesPath });
}

export interface ConfigurationOptions {
  name: string;
  resource?: string;
  resourcePath?: JsonPath;
  placeholder?: RuleContext['placeholder'];
}

/** One rule object as S3 would get it, and the path in the document it was written at (for its line). */
export interface RuleSource {
  raw: unknown;
  path: JsonPath;
}

/** Builds one named configuration from rules gathered from anywhere in the document (e.g. the branches of a condition). */
export function readRules(
  doc: SourceDocument,
  sources: readonly RuleSource[],
  names: RuleFieldNames,
  options: ConfigurationOptions & { resourcePath: JsonPath },
): ParsedConfiguration {
  const location = locationOf(doc, options.resource, options.resourcePath);
  const rules: CorsRule[] = sources.map(({ raw, path }, ruleIndex) => {
    const ruleLocation: SourceLocation = { ...locationOf(doc, options.resource, path), ruleIndex };
    const context: RuleContext = { location: ruleLocation };
    if (options.placeholder) context.placeholder = options.placeholder;
    return readRule(raw, names, context);
  });
  return { name: options.name, location, config: configurationOf(rules) };
}

function locationOf(doc: SourceDocument, resource: string | undefined, path: JsonPath): SourceLocation {
  const location: SourceLocation = { file: doc.file };
  if (resource !== undefined) location.resource = resource;
  const line = doc.lineOf(path);
  if (line !== undefined) location.line = line;
  return location;
}

/** The file's base name: the configuration name of a plain JSON or XML CORS document. */
export function basename(file: string): string {
  return file.split(/[\\/]/).filter(Boolean).pop() ?? file;
}

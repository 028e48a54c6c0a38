// S3's XML <CORSConfiguration> (the PutBucketCors body / GetBucketCors answer), with or without a namespace.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ParsedConfiguration } from '../types';
import { CorsParseError } from './errors';
import { isRecord, S3_FIELDS } from './rule-fields';
import { LineIndex } from './positions';
import { basename, readConfiguration, type SourceDocument } from './source-document';

const LIST_ELEMENTS: Record<string, string> = {
  AllowedOrigin: 'AllowedOrigins',
  AllowedMethod: 'AllowedMethods',
  AllowedHeader: 'AllowedHeaders',
  ExposeHeader: 'ExposeHeaders',
};

const SCALAR_ELEMENTS: ReadonlySet<string> = new Set(['ID', 'MaxAgeSeconds']);

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  // Values stay strings exactly as written: S3 stores them unnormalised (spec §1.2).
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => name === 'CORSRule' || Object.hasOwn(LIST_ELEMENTS, name),
});

export function parseCorsXml(text: string, file: string): ParsedConfiguration[] {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) throw new CorsParseError(`line ${verdict.err.line}: not well-formed XML: ${verdict.err.msg}`);
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    // fast-xml-parser refuses nesting deeper than its limit and runaway entity expansion.
    throw new CorsParseError(`not well-formed XML: ${(error as Error).message}`);
  }
  const root = isRecord(parsed) ? parsed.CORSConfiguration : undefined;
  if (root === undefined) throw new CorsParseError('no CORS configuration found (expected a <CORSConfiguration> root element)');
  const rules = (isRecord(root) && Array.isArray(root.CORSRule) ? root.CORSRule : []).map(toS3Shape);
  const lines = new LineIndex(text);
  const ruleLines = ruleOffsets(text).map((offset) => lines.lineAt(offset));
  const doc: SourceDocument = {
    file,
    value: { CORSRules: rules },
    lineOf: (path) => (path.length === 2 && typeof path[1] === 'number' ? ruleLines[path[1]] : undefined),
  };
  return [readConfiguration(doc, ['CORSRules'], S3_FIELDS, { name: basename(file) })];
}

/** `<CORSRule>` children renamed to the JSON member names, so one reader checks both formats. */
function toS3Shape(rule: unknown): unknown {
  if (rule === '' || rule === undefined) return {}; // <CORSRule/> is an empty rule (S3: MalformedXML).
  if (!isRecord(rule)) return rule;
  const shaped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rule)) {
    // Only S3's element names are copied: unknown ones (and `__proto__`) are ignored, as S3's schema has no others.
    const member = Object.hasOwn(LIST_ELEMENTS, name) ? LIST_ELEMENTS[name] : SCALAR_ELEMENTS.has(name) ? name : undefined;
    if (member !== undefined) shaped[member] = value;
  }
  return shaped;
}

/** Offsets of each `<CORSRule` start tag, in order, ignoring comments and CDATA. */
function ruleOffsets(text: string): number[] {
  const blanked = text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (match) => ' '.repeat(match.length));
  return [...blanked.matchAll(/<(?:[\w.-]+:)?CORSRule(?=[\s/>])/g)].map((match) => match.index);
}

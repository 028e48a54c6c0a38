// S3's own JSON shapes: the console's array of rules, the SDK/CLI `{"CORSRules": [...]}`, and `{"CORSConfiguration": ...}`.
import type { ParsedConfiguration } from '../types';
import { atLine, CorsParseError } from './errors';
import { isRecord, S3_FIELDS } from './rule-fields';
import { basename, type JsonPath, readConfiguration, type SourceDocument, valueAt } from './source-document';

/** Where the rule list sits in an S3-shaped document, or null when the document is not S3-shaped. */
export function s3RulesPath(value: unknown): JsonPath | null {
  if (Array.isArray(value)) return [];
  if (!isRecord(value)) return null;
  if ('CORSRules' in value) return ['CORSRules'];
  if (isRecord(value.CORSConfiguration) && 'CORSRules' in value.CORSConfiguration) return ['CORSConfiguration', 'CORSRules'];
  return null;
}

export function readS3Json(doc: SourceDocument, rulesPath: JsonPath): ParsedConfiguration[] {
  if (!Array.isArray(valueAt(doc.value, rulesPath))) {
    throw new CorsParseError(`${atLine(doc.lineOf(rulesPath.slice(0, -1)))}CORSRules must be an array of CORS rules`);
  }
  return [readConfiguration(doc, rulesPath, S3_FIELDS, { name: basename(doc.file) })];
}

// Detects the format of a CORS document and parses every configuration it holds (spec §1 shapes, see each reader).
import { type Document, LineCounter, parseDocument } from 'yaml';
import type { ParsedConfiguration } from '../types';
import { cloudFormationTags, isCloudFormationTemplate, readCloudFormation } from './cloudformation';
import { CorsParseError } from './errors';
import { jsonContainerOffsets, LineIndex, pointer } from './positions';
import { readS3Json, s3RulesPath } from './s3-json';
import type { SourceDocument } from './source-document';
import { readTerraformPlan, terraformRootPath } from './terraform';
import { parseCorsXml } from './xml';

export { CorsParseError } from './errors';
export { cloudFormationTags, intrinsicPlaceholder } from './cloudformation';

/** Inputs larger than this are refused before any parsing (a PutBucketCors body is at most 64 KB). */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

const EXPECTED_SHAPES =
  'expected a JSON array of CORS rules, {"CORSRules": [...]}, <CORSConfiguration>, a CloudFormation template with AWS::S3::Bucket CorsConfiguration, or a Terraform plan';

export function parseCorsDocument(text: string, file: string): ParsedConfiguration[] {
  // UTF-8 never takes fewer bytes than UTF-16 code units, so a long string is refused without measuring it.
  if (text.length > MAX_DOCUMENT_BYTES || Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) {
    throw new CorsParseError(`input is larger than ${MAX_DOCUMENT_BYTES} bytes (5 MB), the most a CORS document may be`);
  }
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') throw new CorsParseError(`the document is empty (${EXPECTED_SHAPES})`);
  if (source.trimStart().startsWith('<')) return parseCorsXml(source, file);
  return readShapes(parseStructured(source, file));
}

function readShapes(doc: SourceDocument): ParsedConfiguration[] {
  const rulesPath = s3RulesPath(doc.value);
  if (rulesPath) return readS3Json(doc, rulesPath);
  const terraformRoot = terraformRootPath(doc.value);
  if (terraformRoot) return readTerraformPlan(doc, terraformRoot);
  if (isCloudFormationTemplate(doc.value)) return readCloudFormation(doc);
  throw new CorsParseError(`no CORS configuration found (${EXPECTED_SHAPES})`);
}

/** JSON first (fast, exact); YAML when it is not JSON. Both keep a way back to lines. */
function parseStructured(text: string, file: string): SourceDocument {
  let jsonError: Error;
  try {
    const value: unknown = JSON.parse(text);
    return jsonDocument(text, file, value);
  } catch (error) {
    jsonError = error as Error;
  }
  const looksLikeJson = /^\s*[[{]/.test(text);
  const yaml = parseYaml(text);
  if ('error' in yaml) throw new CorsParseError(`not JSON, XML, YAML or a Terraform plan: ${looksLikeJson ? jsonError.message : yaml.error}`);
  const lines = yaml.lineCounter;
  return {
    file,
    value: yaml.value,
    lineOf: (path) => {
      const node = yaml.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lines.linePos(node.range[0]).line : undefined;
    },
  };
}

function jsonDocument(text: string, file: string, value: unknown): SourceDocument {
  let offsets: Map<string, number> | undefined;
  let lines: LineIndex | undefined;
  return {
    file,
    value,
    // Positions are computed on first use: most lookups happen only for the rules that are found.
    lineOf: (path) => {
      offsets ??= jsonContainerOffsets(text);
      lines ??= new LineIndex(text);
      const offset = offsets.get(pointer(path));
      return offset === undefined ? undefined : lines.lineAt(offset);
    },
  };
}

function parseYaml(text: string): { doc: Document; value: unknown; lineCounter: LineCounter } | { error: string } {
  const lineCounter = new LineCounter();
  try {
    const doc = parseDocument(text, { customTags: cloudFormationTags, lineCounter, prettyErrors: false, uniqueKeys: false });
    const first = doc.errors[0];
    if (first) return { error: `line ${lineCounter.linePos(first.pos[0]).line}: ${first.message}` };
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (typeof value !== 'object' || value === null) return { error: 'the document is a plain value, not a mapping or a list' };
    return { doc, value, lineCounter };
  } catch (error) {
    // Deep nesting can exhaust the YAML composer's stack; alias bombs exceed maxAliasCount.
    return { error: (error as Error).message };
  }
}

// CloudFormation and SAM templates (JSON or YAML): every AWS::S3::Bucket's Properties.CorsConfiguration.CorsRules,
// one configuration per outcome of the Fn::If conditions inside it (CloudFormation evaluates each condition once).
import { Pair, Scalar, YAMLMap, type Tags, type YAMLSeq } from 'yaml';
import type { ParsedConfiguration } from '../types';
import { atLine, CorsParseError } from './errors';
import { CFN_FIELDS, isRecord } from './rule-fields';
import { readConfiguration, readRules, type JsonPath, type RuleSource, type SourceDocument } from './source-document';

const SHORT_FORM_TAGS = ['Ref', 'Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'Equals', 'Not', 'And', 'Or', 'Condition'];

function longForm(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** yaml customTags turning `!Ref X` into `{ Ref: 'X' }`, exactly the JSON template form, for scalars, lists and maps. */
export const cloudFormationTags: Tags = SHORT_FORM_TAGS.flatMap((name) => {
  const key = longForm(name);
  // A tagged list or map stays a node under its long-form key: `!If [C, {...}, ...]` then keeps the lines of its
  // branches at the same path as `Fn::If: [C, {...}, ...]` and `{"Fn::If": [...]}`.
  const wrap = (value: YAMLMap | YAMLSeq): YAMLMap => {
    const map = new YAMLMap();
    map.items.push(new Pair(new Scalar(key), value));
    return map;
  };
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: wrap },
    { tag: `!${name}`, collection: 'map' as const, resolve: wrap },
  ];
});

/**
 * Text standing in for an intrinsic function where a string is expected, so rules still see something:
 * `!Sub 'https://${Domain}'` keeps its template, anything else becomes `${Ref:Param}`, `${Fn::GetAtt:Site.Arn}`.
 */
export function intrinsicPlaceholder(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const keys = Object.keys(value);
  const key = keys[0];
  if (keys.length !== 1 || key === undefined || !(key === 'Ref' || key === 'Condition' || key.startsWith('Fn::'))) return undefined;
  const argument = value[key];
  if (key === 'Fn::Sub') {
    const template = Array.isArray(argument) ? argument[0] : argument;
    if (typeof template === 'string') return template;
  }
  const text = typeof argument === 'string' ? argument : (JSON.stringify(argument) ?? '');
  return `\${${key}:${text.length > 200 ? `${text.slice(0, 200)}…` : text}}`;
}

export function isCloudFormationTemplate(value: unknown): boolean {
  return isRecord(value) && isRecord(value.Resources);
}

export function readCloudFormation(doc: SourceDocument): ParsedConfiguration[] {
  const resources = isRecord(doc.value) && isRecord(doc.value.Resources) ? doc.value.Resources : {};
  return Object.entries(resources).flatMap(([logicalId, resource]) => {
    if (!isRecord(resource) || resource.Type !== 'AWS::S3::Bucket') return [];
    const cors = isRecord(resource.Properties) ? resource.Properties.CorsConfiguration : undefined;
    return readBucket(doc, logicalId, cors);
  });
}

/** Up to this many conditions, every combination of their values is linted (2^4 = 16 configurations at most). */
const MAX_COMBINED_CONDITIONS = 4;
/** Beyond MAX_COMBINED_CONDITIONS each condition's branches are linted against two baselines, up to this many conditions. */
const MAX_CONDITIONS = 8;
/** Rules sit a few levels deep: deeper values are left as written, so hostile nesting costs no more. */
const MAX_RESOLVED_DEPTH = 64;

type Truth = ReadonlyMap<string, boolean>;

function readBucket(doc: SourceDocument, logicalId: string, cors: unknown): ParsedConfiguration[] {
  const resourcePath: JsonPath = ['Resources', logicalId];
  const corsPath: JsonPath = [...resourcePath, 'Properties', 'CorsConfiguration'];
  const options = { resource: logicalId, resourcePath, placeholder: intrinsicPlaceholder };
  const conditions = conditionsIn(cors);
  if (conditions.length === 0) {
    // Without conditions the template is read exactly as written (an `AWS::NoValue` alone stays a placeholder).
    if (!isRecord(cors) || !Array.isArray(cors.CorsRules)) return [];
    return [readConfiguration(doc, [...corsPath, 'CorsRules'], CFN_FIELDS, { name: logicalId, ...options })];
  }
  if (conditions.length > MAX_CONDITIONS) {
    throw new CorsParseError(
      `${atLine(doc.lineOf(corsPath))}${logicalId}: CorsConfiguration depends on more than ${MAX_CONDITIONS} conditions (Fn::If), too many to lint each branch; resolve some of them first`,
    );
  }
  // Identical configurations collapse into one outcome, which lists every setting of the conditions that gives it.
  const outcomes = new Map<string, { parsed: ParsedConfiguration | undefined; settings: string[] }>();
  for (const truth of settingsOf(conditions)) {
    const asked = new Set<string>();
    const sources = rulesUnder(cors, corsPath, truth, asked);
    const parsed = sources && readRules(doc, sources, CFN_FIELDS, { name: logicalId, ...options });
    // Compared as S3 would get them: where a rule was written (its line) does not make a configuration different.
    const key = parsed ? JSON.stringify(parsed.config.rules.map(({ location: _location, ...rule }) => rule)) : 'no CORS';
    let outcome = outcomes.get(key);
    if (!outcome) outcomes.set(key, (outcome = { parsed, settings: [] }));
    // Only the conditions this outcome depended on: `!If [A, !If [B, x, y], z]` names A=false alone for z.
    const setting = conditions.flatMap((name) => (asked.has(name) ? [`${name}=${String(truth.get(name))}`] : [])).join(', ');
    if (!outcome.settings.includes(setting)) outcome.settings.push(setting);
  }
  return [...outcomes.values()].flatMap(({ parsed, settings }) => {
    if (!parsed) return [];
    // One outcome whatever the conditions say: today's name. Otherwise the name says which branch the findings are from.
    return [outcomes.size === 1 ? parsed : { ...parsed, name: `${logicalId} [${settings.join(' | ')}]` }];
  });
}

/** The settings of the conditions to lint: all combinations, or beyond the cap both baselines and each single flip. */
function settingsOf(conditions: readonly string[]): Truth[] {
  const setting = (holds: (index: number) => boolean): Truth => new Map(conditions.map((name, index) => [name, holds(index)]));
  if (conditions.length <= MAX_COMBINED_CONDITIONS) {
    // True first, the first condition varying slowest: `[A=true, B=true]`, `[A=true, B=false]`, ...
    const count = 2 ** conditions.length;
    return Array.from({ length: count }, (_, combination) => setting((index) => ((combination >> (conditions.length - 1 - index)) & 1) === 0));
  }
  // Linear, not exponential: each condition is seen both ways, in settings CloudFormation could produce. A branch
  // that needs two conditions true and two false at once (nested Fn::If four deep) is missed.
  return [
    setting(() => true),
    setting(() => false),
    ...conditions.flatMap((_, flipped) => [setting((index) => index !== flipped), setting((index) => index === flipped)]),
  ];
}

/** The rules S3 would get under this setting, with the path each was written at; undefined when the bucket gets no CORS. */
function rulesUnder(cors: unknown, corsPath: JsonPath, truth: Truth, asked: Set<string>): RuleSource[] | undefined {
  const configuration = chosen(cors, corsPath, truth, asked);
  if (!configuration || !isRecord(configuration.value)) return undefined;
  const list = chosen(configuration.value.CorsRules, [...configuration.path, 'CorsRules'], truth, asked);
  if (!list || !Array.isArray(list.value)) return undefined;
  const sources = list.value.flatMap((item: unknown, index): RuleSource[] => {
    const rule = chosen(item, [...list.path, index], truth, asked);
    return rule ? [{ raw: resolved(rule.value, truth, asked, 0), path: rule.path }] : [];
  });
  // Every rule written was dropped by AWS::NoValue (`[!If [IsProd, {...}, !Ref AWS::NoValue]]`): no CORS in this branch.
  return sources.length === 0 && list.value.length > 0 ? undefined : sources;
}

/** The branch Fn::If takes here (followed through nested Fn::If), and its path; undefined for AWS::NoValue. */
function chosen(value: unknown, path: JsonPath, truth: Truth, asked: Set<string>): { value: unknown; path: JsonPath } | undefined {
  let current = value;
  let currentPath = path;
  for (let depth = 0; depth <= MAX_RESOLVED_DEPTH; depth += 1) {
    if (isNoValue(current)) return undefined;
    const condition = conditionalOf(current);
    // A condition not collected (nested past the depth bound) is left as an intrinsic.
    const holds = condition === undefined ? undefined : truth.get(condition.name);
    if (condition === undefined || holds === undefined) break;
    asked.add(condition.name);
    current = holds ? condition.whenTrue : condition.whenFalse;
    currentPath = [...currentPath, 'Fn::If', holds ? 1 : 2];
  }
  return { value: current, path: currentPath };
}

/** A copy with every Fn::If replaced by its branch and every AWS::NoValue list item or property removed. */
function resolved(value: unknown, truth: Truth, asked: Set<string>, depth: number): unknown {
  if (depth > MAX_RESOLVED_DEPTH || typeof value !== 'object' || value === null) return value;
  const branch = (item: unknown): unknown[] => {
    const taken = chosen(item, [], truth, asked);
    return taken ? [resolved(taken.value, truth, asked, depth + 1)] : [];
  };
  if (Array.isArray(value)) return value.flatMap(branch);
  // fromEntries defines own properties, so a `__proto__` key stays data.
  return Object.fromEntries(Object.entries(value).flatMap(([key, item]) => branch(item).map((taken) => [key, taken])));
}

function isNoValue(value: unknown): boolean {
  return isRecord(value) && value.Ref === 'AWS::NoValue' && Object.keys(value).length === 1;
}

/** `{ "Fn::If": [condition, whenTrue, whenFalse] }`; anything else (a malformed Fn::If included) stays an intrinsic. */
function conditionalOf(value: unknown): { name: string; whenTrue: unknown; whenFalse: unknown } | undefined {
  if (!isRecord(value)) return undefined;
  const args = value['Fn::If'];
  if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string' || Object.keys(value).length !== 1) return undefined;
  return { name: args[0], whenTrue: args[1], whenFalse: args[2] };
}

/** The conditions Fn::If asks about inside a value, in order of first appearance (walked with a stack, depth-bounded). */
function conditionsIn(value: unknown): string[] {
  const found = new Set<string>();
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = stack.pop(); next !== undefined && found.size <= MAX_CONDITIONS; next = stack.pop()) {
    const current = next.value;
    if (next.depth > MAX_RESOLVED_DEPTH || typeof current !== 'object' || current === null) continue;
    const condition = conditionalOf(current);
    if (condition) found.add(condition.name);
    const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (let at = children.length - 1; at >= 0; at -= 1) stack.push({ value: children[at], depth: next.depth + 1 });
  }
  return [...found];
}

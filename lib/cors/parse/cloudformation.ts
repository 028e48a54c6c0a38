// CloudFormation and SAM templates (JSON or YAML): every AWS::S3::Bucket's Properties.CorsConfiguration.CorsRules.
import type { Tags } from 'yaml';
import type { ParsedConfiguration } from '../types';
import { CFN_FIELDS, isRecord } from './rule-fields';
import { readConfiguration, type SourceDocument } from './source-document';

const SHORT_FORM_TAGS = ['Ref', 'Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'ImportValue', 'Base64', 'Cidr', 'GetAZs', 'Equals', 'Not', 'And', 'Or', 'Condition'];

function longForm(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** yaml customTags turning `!Ref X` into `{ Ref: 'X' }`, exactly the JSON template form, for scalars, lists and maps. */
export const cloudFormationTags: Tags = SHORT_FORM_TAGS.flatMap((name) => {
  const key = longForm(name);
  return [
    { tag: `!${name}`, resolve: (value: string) => ({ [key]: value }) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (value: { toJSON(): unknown }) => ({ [key]: value.toJSON() }) },
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
    if (!isRecord(cors) || !Array.isArray(cors.CorsRules)) return [];
    return [
      readConfiguration(doc, ['Resources', logicalId, 'Properties', 'CorsConfiguration', 'CorsRules'], CFN_FIELDS, {
        name: logicalId,
        resource: logicalId,
        resourcePath: ['Resources', logicalId],
        placeholder: intrinsicPlaceholder,
      }),
    ];
  });
}

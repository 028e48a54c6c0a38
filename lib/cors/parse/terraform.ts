// Terraform plan JSON (`terraform show -json`): aws_s3_bucket_cors_configuration and legacy inline aws_s3_bucket cors_rule.
import type { ParsedConfiguration } from '../types';
import { isRecord, TERRAFORM_FIELDS } from './rule-fields';
import { type JsonPath, readConfiguration, type SourceDocument, valueAt } from './source-document';

const CORS_RESOURCE_TYPES = new Set(['aws_s3_bucket_cors_configuration', 'aws_s3_bucket']);
/** Module nesting deeper than this is not a real plan; stop rather than walk a hostile one forever. */
const MAX_MODULE_DEPTH = 64;

/** Where the root module sits: a plan (`planned_values`) or a state (`values`) as `terraform show -json` prints them. */
export function terraformRootPath(value: unknown): JsonPath | null {
  if (!isRecord(value)) return null;
  if (isRecord(value.planned_values) && isRecord(value.planned_values.root_module)) return ['planned_values', 'root_module'];
  if ('format_version' in value && isRecord(value.values) && isRecord(value.values.root_module)) return ['values', 'root_module'];
  return null;
}

export function readTerraformPlan(doc: SourceDocument, rootPath: JsonPath): ParsedConfiguration[] {
  const found: ParsedConfiguration[] = [];
  const pending: { path: JsonPath; depth: number }[] = [{ path: rootPath, depth: 0 }];
  for (let item = pending.shift(); item !== undefined; item = pending.shift()) {
    const { path, depth } = item;
    const module = valueAt(doc.value, path);
    if (!isRecord(module)) continue;
    const resources = Array.isArray(module.resources) ? module.resources : [];
    resources.forEach((resource: unknown, index) => {
      if (!isRecord(resource) || typeof resource.type !== 'string' || !CORS_RESOURCE_TYPES.has(resource.type)) return;
      if (!isRecord(resource.values) || !Array.isArray(resource.values.cors_rule) || resource.values.cors_rule.length === 0) return;
      const address = typeof resource.address === 'string' ? resource.address : `${resource.type}[${index}]`;
      const resourcePath = [...path, 'resources', index];
      found.push(readConfiguration(doc, [...resourcePath, 'values', 'cors_rule'], TERRAFORM_FIELDS, { name: address, resource: address, resourcePath }));
    });
    const children = Array.isArray(module.child_modules) ? module.child_modules : [];
    if (depth < MAX_MODULE_DEPTH) children.forEach((_child: unknown, index) => pending.push({ path: [...path, 'child_modules', index], depth: depth + 1 }));
  }
  return found;
}

// Bounds what is stored of a scanned configuration: CORS configurations come from audited accounts and
// are hostile, so any single string over 4 KB is cut with a visible marker. Scoring sees the full rules.
import type { S3CorsRule } from '../cors/types';
import { truncateText } from '../report/escape';

export const MAX_STORED_STRING = 4096;

export function boundRules(rules: readonly S3CorsRule[]): S3CorsRule[] {
  return rules.map((rule) => {
    const bounded: S3CorsRule = {};
    if (rule.ID !== undefined) bounded.ID = bound(rule.ID);
    if (rule.AllowedOrigins !== undefined) bounded.AllowedOrigins = rule.AllowedOrigins.map(bound);
    if (rule.AllowedMethods !== undefined) bounded.AllowedMethods = rule.AllowedMethods.map(bound);
    if (rule.AllowedHeaders !== undefined) bounded.AllowedHeaders = rule.AllowedHeaders.map(bound);
    if (rule.ExposeHeaders !== undefined) bounded.ExposeHeaders = rule.ExposeHeaders.map(bound);
    if (rule.MaxAgeSeconds !== undefined) bounded.MaxAgeSeconds = rule.MaxAgeSeconds;
    return bounded;
  });
}

function bound(value: string): string {
  return truncateText(String(value), MAX_STORED_STRING);
}

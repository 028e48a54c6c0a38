// Converts between the engine's CorsConfiguration and S3's shapes: SDK JSON, the PutBucketCors XML body, a stable hash.
import { createHash } from 'node:crypto';
import type { CorsConfiguration, CorsRule, S3CorsRule, SourceLocation } from './types';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/** Builds a configuration from GetBucketCors output (or any S3-shaped rules); sizeBytes is its PutBucketCors body size. */
export function fromS3Rules(rules: readonly S3CorsRule[], location: SourceLocation = {}): CorsConfiguration {
  return configurationOf(
    rules.map((rule, ruleIndex) => {
      const corsRule: CorsRule = {
        allowedOrigins: [...(rule.AllowedOrigins ?? [])],
        allowedMethods: [...(rule.AllowedMethods ?? [])],
        allowedHeaders: [...(rule.AllowedHeaders ?? [])],
        exposeHeaders: [...(rule.ExposeHeaders ?? [])],
        location: { ...location, ruleIndex },
      };
      if (rule.ID !== undefined) corsRule.id = rule.ID;
      if (rule.MaxAgeSeconds !== undefined) corsRule.maxAgeSeconds = rule.MaxAgeSeconds;
      return corsRule;
    }),
  );
}

/** Wraps parsed rules into a configuration, measuring the XML body S3 would receive (the 64 KB limit, spec §1). */
export function configurationOf(rules: CorsRule[]): CorsConfiguration {
  return { rules, sizeBytes: Buffer.byteLength(toCorsXml(rules.map(toS3Rule)), 'utf8') };
}

/** Back to S3's JSON shape with only the members that were set (GetBucketCors omits unset ones, spec §1.2). */
export function toS3Rules(config: CorsConfiguration): S3CorsRule[] {
  return config.rules.map(toS3Rule);
}

function toS3Rule(rule: CorsRule): S3CorsRule {
  const s3: S3CorsRule = {};
  if (rule.id !== undefined) s3.ID = rule.id;
  if (rule.allowedHeaders.length > 0) s3.AllowedHeaders = [...rule.allowedHeaders];
  if (rule.allowedMethods.length > 0) s3.AllowedMethods = [...rule.allowedMethods];
  if (rule.allowedOrigins.length > 0) s3.AllowedOrigins = [...rule.allowedOrigins];
  if (rule.exposeHeaders.length > 0) s3.ExposeHeaders = [...rule.exposeHeaders];
  if (rule.maxAgeSeconds !== undefined) s3.MaxAgeSeconds = rule.maxAgeSeconds;
  return s3;
}

/** The PutBucketCors request body, members in the SDK's serialisation order, every value XML-escaped. */
export function toCorsXml(rules: readonly S3CorsRule[]): string {
  const body = rules.map((rule) => {
    const parts = [
      element('ID', rule.ID === undefined ? [] : [rule.ID]),
      element('AllowedHeader', rule.AllowedHeaders ?? []),
      element('AllowedMethod', rule.AllowedMethods ?? []),
      element('AllowedOrigin', rule.AllowedOrigins ?? []),
      element('ExposeHeader', rule.ExposeHeaders ?? []),
      element('MaxAgeSeconds', rule.MaxAgeSeconds === undefined ? [] : [String(rule.MaxAgeSeconds)]),
    ];
    return `<CORSRule>${parts.join('')}</CORSRule>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration xmlns="${S3_NAMESPACE}">${body.join('')}</CORSConfiguration>`;
}

function element(name: string, values: readonly string[]): string {
  return values.map((value) => `<${name}>${escapeXml(value)}</${name}>`).join('');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[ch]};`);
}

/**
 * sha-256 hex of a canonical JSON: members in a fixed order, an unset list as [] and an unset scalar as null
 * (an empty list and a missing one are the same XML body), so equal rules hash equal however they were written.
 */
export function configHash(rules: readonly S3CorsRule[]): string {
  const canonical = rules.map((rule) => [
    rule.ID ?? null,
    rule.AllowedOrigins ?? [],
    rule.AllowedMethods ?? [],
    rule.AllowedHeaders ?? [],
    rule.ExposeHeaders ?? [],
    rule.MaxAgeSeconds ?? null,
  ]);
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

// S3 shapes in and out: the XML body, the hash, and the parse → serialise → parse law.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configHash, fromS3Rules, parseCorsDocument, type S3CorsRule, toCorsXml, toS3Rules } from '../../../lib/cors';

const text = fc.string({ maxLength: 30 });
const s3Rule: fc.Arbitrary<S3CorsRule> = fc.record(
  {
    ID: text,
    AllowedOrigins: fc.array(text, { minLength: 1, maxLength: 4 }),
    AllowedMethods: fc.array(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'get', 'OPTIONS'), { minLength: 1, maxLength: 5 }),
    AllowedHeaders: fc.array(text, { minLength: 1, maxLength: 4 }),
    ExposeHeaders: fc.array(text, { minLength: 1, maxLength: 4 }),
    MaxAgeSeconds: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
  },
  { requiredKeys: ['AllowedOrigins', 'AllowedMethods'] },
);

describe('toCorsXml', () => {
  it('writes the PutBucketCors body in SDK member order with escaped values', () => {
    expect(toCorsXml([{ AllowedOrigins: ['https://a.example/?a=1&b=<2>'], AllowedMethods: ['GET'], MaxAgeSeconds: 60, ID: `"it's"` }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><ID>&quot;it&apos;s&quot;</ID>' +
        '<AllowedMethod>GET</AllowedMethod><AllowedOrigin>https://a.example/?a=1&amp;b=&lt;2&gt;</AllowedOrigin><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule></CORSConfiguration>',
    );
  });

  it('sizes a configuration by the UTF-8 bytes of that body', () => {
    const rules = [{ AllowedOrigins: ['https://é.example'], AllowedMethods: ['GET'] }];
    expect(fromS3Rules(rules).sizeBytes).toBe(Buffer.byteLength(toCorsXml(rules), 'utf8'));
  });

  it('parse(toCorsXml(rules)) gives back the same rules (property)', () => {
    fc.assert(
      fc.property(fc.array(s3Rule, { minLength: 1, maxLength: 5 }), (rules) => {
        const [parsed] = parseCorsDocument(toCorsXml(rules), 'round-trip.xml');
        expect(parsed && toS3Rules(parsed.config)).toEqual(rules);
        expect(parsed && toCorsXml(toS3Rules(parsed.config))).toBe(toCorsXml(rules));
      }),
    );
  });

  it('JSON written from toS3Rules parses back to the same configuration (property)', () => {
    fc.assert(
      fc.property(fc.array(s3Rule, { maxLength: 5 }), (rules) => {
        const [parsed] = parseCorsDocument(JSON.stringify({ CORSRules: toS3Rules(fromS3Rules(rules)) }), 'round-trip.json');
        expect(parsed && toS3Rules(parsed.config)).toEqual(rules);
      }),
    );
  });
});

describe('fromS3Rules / toS3Rules', () => {
  it('keeps only the members that were set, and locates each rule', () => {
    const config = fromS3Rules([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], { file: 's3://bucket', resource: 'bucket' });
    expect(config.rules[0]?.location).toEqual({ file: 's3://bucket', resource: 'bucket', ruleIndex: 0 });
    expect(toS3Rules(config)).toEqual([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }]);
  });
});

describe('configHash', () => {
  it('is a sha-256 hex that ignores member order but not list order or values', () => {
    const a: S3CorsRule = { AllowedOrigins: ['https://a', 'https://b'], AllowedMethods: ['GET'], MaxAgeSeconds: 5 };
    const reordered: S3CorsRule = { MaxAgeSeconds: 5, AllowedMethods: ['GET'], AllowedOrigins: ['https://a', 'https://b'] };
    expect(configHash([a])).toMatch(/^[0-9a-f]{64}$/);
    expect(configHash([reordered])).toBe(configHash([a]));
    expect(configHash([{ ...a, AllowedOrigins: ['https://b', 'https://a'] }])).not.toBe(configHash([a]));
    expect(configHash([{ ...a, MaxAgeSeconds: 6 }])).not.toBe(configHash([a]));
    expect(configHash([a, a])).not.toBe(configHash([a]));
  });
});

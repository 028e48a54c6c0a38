// The simulator's choices where S3 is [UNK] (docs/simulator.md), and its robustness on arbitrary requests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromS3Rules, type RequestTarget, type S3CorsRule, type SimulationInput, simulateRequest, VARY_VALUE } from '../../../lib/cors';

const configured = (rules: S3CorsRule[], request: SimulationInput['request']): SimulationInput => ({ config: fromS3Rules(rules), bucketExists: true, request });
const preflight = (origin: string | null, acrm: string | null, acrh: string | null = null) => ({ method: 'OPTIONS', origin, accessControlRequestMethod: acrm, accessControlRequestHeaders: acrh });

describe('choices where S3 is [UNK]', () => {
  it('answers OPTIONS with Origin but no ACRM on a configured bucket with 400 BadRequest', () => {
    const result = simulateRequest(configured([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], preflight('https://a.example', null)));
    expect(result).toEqual({
      status: 400,
      headers: {},
      error: { Code: 'BadRequest', Message: 'Insufficient information. Access-Control-Request-Method request header needed.' },
      matched_rule_index: null,
      kind: 'preflight',
    });
  });

  it('compares origins and methods case-sensitively', () => {
    const rules = [{ AllowedOrigins: ['https://App.example'], AllowedMethods: ['GET'] }];
    expect(simulateRequest(configured(rules, preflight('https://app.example', 'GET'))).status).toBe(403);
    expect(simulateRequest(configured(rules, preflight('https://App.example', 'get'))).status).toBe(403);
    expect(simulateRequest(configured(rules, preflight('https://App.example', 'GET'))).status).toBe(200);
  });

  it('sends Access-Control-Max-Age: 0 for a configured MaxAgeSeconds of 0', () => {
    const result = simulateRequest(configured([{ AllowedOrigins: ['https://a.example'], AllowedMethods: ['GET'], MaxAgeSeconds: 0 }], preflight('https://a.example', 'GET')));
    expect(result.headers['Access-Control-Max-Age']).toBe('0');
  });

  it('answers `*` without credentials for a rule listing `*` beside the request origin', () => {
    const result = simulateRequest(configured([{ AllowedOrigins: ['https://a.example', '*'], AllowedMethods: ['GET'] }], preflight('https://a.example', 'GET')));
    expect(result.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(result.headers['Access-Control-Allow-Credentials']).toBeUndefined();
  });

  it('lets `*` span any characters, `/` and `:` included: `*.example.com` admits https://app.example.com', () => {
    const rules = [{ AllowedOrigins: ['*.example.com'], AllowedMethods: ['GET'] }];
    expect(simulateRequest(configured(rules, preflight('https://app.example.com', 'GET')))).toMatchObject({ status: 200, matched_rule_index: 0 });
    expect(simulateRequest(configured(rules, preflight('http://a.b.example.com', 'GET'))).status).toBe(200);
  });

  it('sends a negative MaxAgeSeconds as written', () => {
    const result = simulateRequest(configured([{ AllowedOrigins: ['https://a.example'], AllowedMethods: ['GET'], MaxAgeSeconds: -1 }], preflight('https://a.example', 'GET')));
    expect(result.headers['Access-Control-Max-Age']).toBe('-1');
  });

  it('returns status null for actual requests: S3 takes it from the operation', () => {
    const result = simulateRequest(configured([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], { method: 'GET', origin: 'https://a.example' }));
    expect(result).toMatchObject({ status: null, error: null, kind: 'actual', matched_rule_index: 0, headers: { Vary: VARY_VALUE } });
  });
});

describe('first match', () => {
  const rules: S3CorsRule[] = [
    { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['x-amz-*'] },
    { AllowedOrigins: ['https://*.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag', 'x-amz-version-id'], MaxAgeSeconds: 600 },
  ];

  it('skips a rule whose headers fail and answers from the next, echoing requested names lowercased in order', () => {
    const result = simulateRequest(configured(rules, preflight('https://app.example.com', 'GET', 'X-Amz-Date, ,Content-Type,')));
    expect(result).toEqual({
      status: 200,
      error: null,
      matched_rule_index: 1,
      kind: 'preflight',
      headers: {
        'Access-Control-Allow-Origin': 'https://app.example.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET, PUT',
        'Access-Control-Allow-Headers': 'x-amz-date, content-type',
        'Access-Control-Expose-Headers': 'ETag, x-amz-version-id',
        'Access-Control-Max-Age': '600',
        Vary: VARY_VALUE,
      },
    });
  });

  it('refuses a preflight no rule admits, naming ACRM and the resource type', () => {
    const bucket = simulateRequest(configured(rules, { ...preflight('https://example.org', 'DELETE'), target: 'bucket' }));
    expect(bucket.error).toMatchObject({ Code: 'AccessForbidden', Method: 'DELETE', ResourceType: 'BUCKET' });
    expect(simulateRequest(configured(rules, preflight('https://example.org', 'DELETE'))).error?.ResourceType).toBe('OBJECT');
  });

  it('refuses a preflight to the service endpoint without naming a bucket, whether or not one was said to exist', () => {
    for (const bucketExists of [true, false]) {
      const result = simulateRequest({ config: null, bucketExists, request: { ...preflight('https://a.example', 'GET'), target: 'service' } });
      expect(result).toMatchObject({ status: 403, error: { Code: 'AccessForbidden', Method: 'GET' } });
      expect(result.error?.ResourceType).toBeUndefined();
      expect(result.error?.Message).not.toMatch(/Bucket not found/);
    }
  });

  it('never adds CORS headers on the service endpoint', () => {
    const result = simulateRequest(configured([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], { method: 'GET', target: 'service', origin: 'https://a.example' }));
    expect(result.headers).toEqual({});
  });
});

describe('robustness', () => {
  const arbitraryRule: fc.Arbitrary<S3CorsRule> = fc.record({
    AllowedOrigins: fc.array(fc.string()),
    AllowedMethods: fc.array(fc.oneof(fc.constantFrom('GET', 'PUT', 'HEAD'), fc.string())),
    AllowedHeaders: fc.array(fc.string()),
    ExposeHeaders: fc.array(fc.string()),
    MaxAgeSeconds: fc.oneof(fc.integer(), fc.double()),
  });

  it('never throws, and always answers a preflight with a status (property)', () => {
    fc.assert(
      fc.property(
        fc.option(fc.array(arbitraryRule, { maxLength: 4 })),
        fc.boolean(),
        fc.oneof(fc.constantFrom('OPTIONS', 'GET', 'PUT'), fc.string()),
        fc.constantFrom<RequestTarget>('object', 'bucket', 'service', 'website-endpoint'),
        fc.option(fc.string()),
        fc.option(fc.string()),
        fc.option(fc.string()),
        (rules, bucketExists, method, target, origin, acrm, acrh) => {
          const input: SimulationInput = { config: rules ? fromS3Rules(rules) : null, bucketExists, request: { method, target, origin, accessControlRequestMethod: acrm, accessControlRequestHeaders: acrh } };
          const result = simulateRequest(input);
          if (method === 'OPTIONS') expect(result.status).not.toBeNull();
          else expect(result.status).toBeNull();
          if (result.matched_rule_index !== null) expect(result.headers.Vary).toBe(VARY_VALUE);
        },
      ),
    );
  });
});

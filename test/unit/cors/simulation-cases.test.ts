// Reading request cases in the corpus schema: defaults, and a one-line error naming the case for bad input.
import { describe, expect, it } from 'vitest';
import { CorsParseError, parseSimulationCases } from '../../../lib/cors';

describe('parseSimulationCases', () => {
  it('reads a case with defaults: bucket exists, target absent, missing headers null', () => {
    const [parsed] = parseSimulationCases([{ id: 'a', cors_rules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }], request: { method: 'GET', origin: 'https://x' }, expected: { status: 200 } }]);
    expect(parsed?.id).toBe('a');
    expect(parsed?.expected).toEqual({ status: 200 });
    expect(parsed?.input.bucketExists).toBe(true);
    expect(parsed?.input.request).toEqual({ method: 'GET', origin: 'https://x', accessControlRequestMethod: null, accessControlRequestHeaders: null });
    expect(parsed?.input.config?.rules[0]?.allowedOrigins).toEqual(['*']);
  });

  it('names a case without an id by its index, and keeps a null configuration', () => {
    const [parsed] = parseSimulationCases([{ bucket_exists: false, cors_rules: null, request: { method: 'OPTIONS', target: 'bucket', origin: null } }]);
    expect(parsed).toMatchObject({ id: 'case-0', input: { config: null, bucketExists: false, request: { target: 'bucket', origin: null } } });
  });

  it.each([
    [{}, 'simulation cases must be a JSON array of cases'],
    [Array.from({ length: 10_001 }, () => ({})), '10001 simulation cases; at most 10000 are accepted'],
    [[5], 'case 0: must be an object'],
    [[{ id: 'b', bucket_exists: 'yes', request: { method: 'GET' } }], 'case 0 ("b"): bucket_exists must be true or false'],
    [[{ id: 'b', cors_rules: {}, request: { method: 'GET' } }], 'case 0 ("b"): cors_rules must be an array of CORS rules or null'],
    [[{ id: 'b', cors_rules: [{ AllowedOrigins: [1] }], request: { method: 'GET' } }], 'rule 1: AllowedOrigins must be an array of strings, item 0 is number "1"'],
    [[{ id: 'b' }], 'case 0 ("b"): request must be an object'],
    [[{ id: 'b', request: { method: 'GET', origin: 3 } }], 'case 0 ("b"): request.origin must be a string or null'],
    [[{ id: 'b', request: { method: 'GET', target: 'moon' } }], 'case 0 ("b"): request.target must be one of object, bucket, service, website-endpoint'],
  ])('rejects %j', (json, message) => {
    expect(() => parseSimulationCases(json)).toThrow(new CorsParseError(message));
  });
});

import { describe, expect, it } from 'vitest';
import { describeAssumeRoleFailure, isWrongRegion, translateError } from '../../../lib/aws/error-translation';
import { sdkError } from './sdk-errors';

describe('translateError', () => {
  it.each([
    ['a named S3 error keeps its name', sdkError('NoSuchBucket', 404), { code: 'NoSuchBucket', status: 404 }],
    ['throttling past retries keeps the attempts', sdkError('SlowDown', 503, { attempts: 5 }), { code: 'SlowDown', attempts: 5, status: 503 }],
    ['a bodiless 500 is named after its status', sdkError('Unknown', 500), { code: 'Http500' }],
    ['a numeric name is named after its status', sdkError('403', 403), { code: 'Http403' }],
    ['a socket timeout is a Timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), { code: 'Timeout' }],
    ['a request timeout code is a Timeout', Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), { code: 'Timeout' }],
    ['an aborted call is Aborted', Object.assign(new Error('aborted'), { name: 'AbortError' }), { code: 'Aborted' }],
    ['a refused connection is a NetworkError', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), { code: 'NetworkError' }],
    // Node's HTTP handler renames these TimeoutError (NODEJS_TIMEOUT_ERROR_CODES); the socket code says what happened.
    ['a reset socket renamed TimeoutError is a NetworkError', Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' }), { code: 'NetworkError', message: 'ECONNRESET: socket hang up' }],
    ['a broken pipe renamed TimeoutError is a NetworkError', Object.assign(new Error('write EPIPE'), { name: 'TimeoutError', code: 'EPIPE' }), { code: 'NetworkError', message: 'write EPIPE' }],
    ['a failed DNS lookup is a NetworkError', Object.assign(new Error('getaddrinfo EAI_AGAIN s3.amazonaws.com'), { code: 'EAI_AGAIN' }), { code: 'NetworkError' }],
    ['the handler requestTimeout (TimeoutError, ETIMEDOUT) stays a Timeout', Object.assign(new Error('a request has exceeded the configured 1000 ms requestTimeout'), { name: 'TimeoutError', code: 'ETIMEDOUT' }), { code: 'Timeout' }],
    ['a thrown string still translates', 'weird', { code: 'UnknownError', message: 'weird' }],
  ])('%s', (_name, error, expected) => {
    expect(translateError(error)).toMatchObject(expected);
  });

  it('bounds messages, neutralises controls and hides access keys', () => {
    const hostile = `bucket \u001b[31mred\u202e ${'x'.repeat(1000)} key AKIAABCDEFGHIJKLMNOP`;
    const { message } = translateError(sdkError('AccessDenied', 403, { message: `AKIAABCDEFGHIJKLMNOP ${hostile}` }));
    expect(message.length).toBeLessThanOrEqual(300);
    expect(message).not.toMatch(/AKIA[A-Z0-9]{16}/);
    expect(message).toContain('[access key]');
    expect(message.includes('\u001b') || message.includes('\u202e')).toBe(false);
  });

  it.each([
    ['the x-amz-bucket-region header', sdkError('PermanentRedirect', 301, { headers: { 'x-amz-bucket-region': 'eu-west-1' } }), 'eu-west-1'],
    ['the Region element of the body', sdkError('AuthorizationHeaderMalformed', 400, { fields: { Region: 'ap-southeast-2' } }), 'ap-southeast-2'],
    ['the message of AuthorizationHeaderMalformed', sdkError('AuthorizationHeaderMalformed', 400, { message: "the region 'us-east-1' is wrong; expecting 'eu-central-1'" }), 'eu-central-1'],
  ])('reads the region hint from %s', (_name, error, region) => {
    const translated = translateError(error);
    expect(translated.regionHint).toBe(region);
    expect(isWrongRegion(translated)).toBe(true);
  });

  it('ignores a region hint that is not a region', () => {
    expect(translateError(sdkError('PermanentRedirect', 301, { headers: { 'x-amz-bucket-region': '<script>' } })).regionHint).toBeUndefined();
  });

  it('explains an AssumeRole AccessDenied with its possible causes', () => {
    const text = describeAssumeRoleFailure(translateError(sdkError('AccessDenied', 403, { message: 'not authorized' })), 'arn:aws:iam::222222222222:role/Auditor');
    expect(text).toMatch(/^AssumeRole on arn:aws:iam::222222222222:role\/Auditor was refused: .*ExternalId/);
  });
});

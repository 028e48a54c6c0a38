import { describe, expect, it } from 'vitest';
import { continuationMessage, InvalidMessageError, MAX_SLICE_BUCKETS, MAX_SLICE_BYTES, parseAccountMessage, serializeAccountMessage, type AccountMessage } from '../../../lib/scan/messages';

const base: AccountMessage = {
  version: 1,
  scanId: 'scan-2026-11-23T02-00-00Z-3f9c2a7b1d',
  trigger: 'schedule',
  account: { accountId: '222222222222', name: 'marketing-web', roleArn: 'arn:aws:iam::222222222222:role/S3CorsAuditRole', externalId: 'ext-id-1' },
};

describe('account message schema', () => {
  it('round-trips a first message and a continuation', () => {
    expect(parseAccountMessage(serializeAccountMessage(base))).toEqual(base);
    const continuation = { ...base, buckets: ['a-bucket', 'Legacy_Bucket.1'], continuationOf: 3 };
    expect(parseAccountMessage(serializeAccountMessage(continuation))).toEqual(continuation);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another version', JSON.stringify({ ...base, version: 2 }), /version/],
    ['a bad account id', JSON.stringify({ ...base, account: { ...base.account, accountId: '12' } }), /account.accountId/],
    ['a role in another partition format', JSON.stringify({ ...base, account: { ...base.account, roleArn: 'arn:aws:iam::222222222222:user/x' } }), /account.roleArn/],
    ['an unknown field', JSON.stringify({ ...base, extra: 1 }), /message|extra/],
    ['an empty slice', JSON.stringify({ ...base, buckets: [] }), /buckets/],
    ['a bucket name with a slash', JSON.stringify({ ...base, buckets: ['../etc'] }), /buckets.0/],
    ['a bad scan id', JSON.stringify({ ...base, scanId: 'x' }), /scanId/],
  ])('rejects %s with a message naming the field', (_case, body, pattern) => {
    expect(() => parseAccountMessage(body)).toThrow(InvalidMessageError);
    expect(() => parseAccountMessage(body)).toThrow(pattern);
  });

  it('never echoes a huge hostile body in the error', () => {
    const body = JSON.stringify({ ...base, scanId: `scan-${'A'.repeat(100_000)}` });
    let caught: unknown;
    try {
      parseAccountMessage(body);
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message.length).toBeLessThan(500);
  });

  it('refuses to serialise a message it could not read back', () => {
    expect(() => serializeAccountMessage({ ...base, buckets: [] })).toThrow();
  });
});

describe('continuationMessage', () => {
  it('carries every remaining bucket in order and counts the hand-offs', () => {
    const first = continuationMessage(base, ['b-1', 'b-2']);
    expect(first).toEqual({ ...base, buckets: ['b-1', 'b-2'], continuationOf: 1 });
    expect(continuationMessage(first, ['b-2']).continuationOf).toBe(2);
  });

  it('stays within one SQS message: what does not fit follows the last bucket it carries (listedAfter), never dropped', () => {
    const long = Array.from({ length: 20_000 }, (_, index) => `bucket-${String(index).padStart(6, '0')}-${'x'.repeat(40)}`);
    const message = continuationMessage(base, long);
    const carried = message.buckets ?? [];
    expect(carried).toEqual(long.slice(0, carried.length));
    expect(carried.length).toBeLessThanOrEqual(MAX_SLICE_BUCKETS);
    expect(message.listedAfter).toBe(carried.at(-1));
    expect(Buffer.byteLength(serializeAccountMessage(message))).toBeLessThan(MAX_SLICE_BYTES + 2_000);
    expect(Buffer.byteLength(serializeAccountMessage(message))).toBeLessThan(1_048_576);
    expect(parseAccountMessage(serializeAccountMessage(message))).toEqual(message);
  });

  it('names no listedAfter when everything fits', () => {
    expect(continuationMessage(base, Array.from({ length: MAX_SLICE_BUCKETS }, (_, index) => `b-${index}`))).not.toHaveProperty('listedAfter');
  });

  it('refuses listedAfter without buckets', () => {
    expect(() => parseAccountMessage(JSON.stringify({ ...base, listedAfter: 'b-1' }))).toThrow(/listedAfter: needs buckets/);
  });
});

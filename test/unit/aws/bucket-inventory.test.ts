import {
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { S3BucketInventory } from '../../../lib/aws/bucket-inventory';
import { sdkError } from './sdk-errors';

const s3 = mockClient(S3Client);
const control = mockClient(S3ControlClient);
afterEach(() => {
  s3.reset();
  control.reset();
});

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
function inventory() {
  const created: string[] = [];
  const pool = new Map<string, S3Client>();
  const s3For = (region: string) => {
    if (!pool.has(region)) {
      created.push(region);
      pool.set(region, new S3Client({ region, credentials }));
    }
    return pool.get(region)!;
  };
  const buckets = new S3BucketInventory({ accountId: '222222222222', s3For, control: new S3ControlClient({ region: 'us-east-1', credentials }), homeRegion: 'us-east-1' });
  return { buckets, created };
}

/** Records the region of the client each command was sent with. */
function regionsOf(calls: Array<{ args: unknown[]; thisValue: unknown }>) {
  return Promise.all(calls.map(async (call) => (call.thisValue as S3Client).config.region()));
}

const GRANT = (uri: string, permission: string) => ({ Grantee: { Type: 'Group' as const, URI: uri }, Permission: permission as 'READ' });
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

describe('listBuckets', () => {
  it('pages with MaxBuckets and ContinuationToken and takes BucketRegion from the listing', async () => {
    s3.on(ListBucketsCommand, { ContinuationToken: undefined }).resolves({ Buckets: [{ Name: 'a', BucketRegion: 'eu-west-1' }], ContinuationToken: 'next' });
    s3.on(ListBucketsCommand, { ContinuationToken: 'next' }).resolves({ Buckets: [{ Name: 'b', BucketRegion: 'us-east-1' }] });
    const listing = await inventory().buckets.listBuckets();
    expect(listing).toEqual({ kind: 'listed', buckets: [{ name: 'a', region: 'eu-west-1' }, { name: 'b', region: 'us-east-1' }] });
    expect(s3.commandCalls(ListBucketsCommand).map((call) => call.args[0].input)).toEqual([{ MaxBuckets: 1000 }, { MaxBuckets: 1000, ContinuationToken: 'next' }]);
  });

  it('asks GetBucketLocation when the listing has no region: empty is us-east-1, EU is eu-west-1, a failure leaves it unknown', async () => {
    s3.on(GetBucketLocationCommand, { Bucket: 'old-us' }).resolves({});
    s3.on(GetBucketLocationCommand, { Bucket: 'old-eu' }).resolves({ LocationConstraint: 'EU' });
    s3.on(GetBucketLocationCommand, { Bucket: 'modern' }).resolves({ LocationConstraint: 'ap-south-1' });
    s3.on(GetBucketLocationCommand, { Bucket: 'denied' }).rejects(sdkError('AccessDenied', 403));
    s3.on(GetBucketLocationCommand, { Bucket: 'hostile' }).resolves({ LocationConstraint: 'evil.example.com/x' as 'EU' });
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'old-us' }, { Name: 'old-eu' }, { Name: 'modern' }, { Name: 'denied' }, { Name: 'hostile' }, { Name: 'known', BucketRegion: 'sa-east-1' }] });
    const listing = await inventory().buckets.listBuckets();
    // A constraint that is not a region name is never used to build an endpoint: the region stays unknown.
    expect(listing).toEqual({ kind: 'listed', buckets: [{ name: 'old-us', region: 'us-east-1' }, { name: 'old-eu', region: 'eu-west-1' }, { name: 'modern', region: 'ap-south-1' }, { name: 'denied' }, { name: 'hostile' }, { name: 'known', region: 'sa-east-1' }] });
    expect(s3.commandCalls(GetBucketLocationCommand)).toHaveLength(5);
  });

  it('reports an unreadable listing, with the attempts the SDK made', async () => {
    s3.on(ListBucketsCommand).rejects(sdkError('SlowDown', 503, { attempts: 5, message: 'Please reduce your request rate.' }));
    expect(await inventory().buckets.listBuckets()).toMatchObject({ kind: 'unreadable', error: { code: 'SlowDown', attempts: 5 } });
  });
});

describe('getCors', () => {
  it('returns the rules as S3 returned them, in the S3 JSON shape', async () => {
    s3.on(GetBucketCorsCommand).resolves({ CORSRules: [{ ID: 'web', AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 3000 }] });
    expect(await inventory().buckets.getCors('b', 'us-east-1')).toEqual({ kind: 'configured', rules: [{ ID: 'web', AllowedOrigins: ['*'], AllowedMethods: ['GET'], MaxAgeSeconds: 3000 }] });
  });

  it.each([
    ['NoSuchCORSConfiguration', 404, { kind: 'none' }],
    ['NoSuchBucket', 404, { kind: 'gone' }],
    ['AccessDenied', 403, { kind: 'unreadable', error: { code: 'AccessDenied' } }],
    ['SlowDown', 503, { kind: 'unreadable', error: { code: 'SlowDown', attempts: 5 } }],
    ['InternalError', 500, { kind: 'unreadable', error: { code: 'InternalError', attempts: 5 } }],
    ['Unknown', 500, { kind: 'unreadable', error: { code: 'Http500' } }],
  ])('maps %s to a lookup', async (name, status, expected) => {
    s3.on(GetBucketCorsCommand).rejects(sdkError(name, status, { attempts: 5 }));
    expect(await inventory().buckets.getCors('b', 'us-east-1')).toMatchObject(expected);
  });

  it('maps a timeout to an unreadable Timeout', async () => {
    s3.on(GetBucketCorsCommand).rejects(Object.assign(new Error('Connection timed out after 10000 ms'), { name: 'TimeoutError' }));
    expect(await inventory().buckets.getCors('b', 'us-east-1')).toMatchObject({ kind: 'unreadable', error: { code: 'Timeout' } });
  });

  it('retries once in the region of a 301 PermanentRedirect, then goes there directly', async () => {
    s3.on(GetBucketCorsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) !== 'eu-west-1') throw sdkError('PermanentRedirect', 301, { headers: { 'x-amz-bucket-region': 'eu-west-1' } });
      return { CORSRules: [{ AllowedOrigins: ['https://a.example'], AllowedMethods: ['GET'] }] };
    });
    const { buckets, created } = inventory();
    // The lookup says where the bucket really lives, so the outcome does not carry the stale listed region.
    expect(await buckets.getCors('moved', 'us-east-1')).toMatchObject({ kind: 'configured', region: 'eu-west-1' });
    expect(await buckets.getCors('moved', 'us-east-1')).toMatchObject({ kind: 'configured', region: 'eu-west-1' });
    expect(await buckets.getCors('moved', 'eu-west-1')).not.toHaveProperty('region');
    expect(await regionsOf(s3.commandCalls(GetBucketCorsCommand))).toEqual(['us-east-1', 'eu-west-1', 'eu-west-1', 'eu-west-1']);
    expect(created).toEqual(['us-east-1', 'eu-west-1']);
  });

  it('follows a 400 AuthorizationHeaderMalformed with the Region of its body', async () => {
    s3.on(GetBucketCorsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) !== 'ap-southeast-2') throw sdkError('AuthorizationHeaderMalformed', 400, { fields: { Region: 'ap-southeast-2' } });
      throw sdkError('NoSuchCORSConfiguration', 404);
    });
    expect(await inventory().buckets.getCors('b', undefined)).toEqual({ kind: 'none', region: 'ap-southeast-2' });
  });

  it('asks GetBucketLocation when a redirect carries no region hint', async () => {
    s3.on(GetBucketCorsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) !== 'eu-north-1') throw sdkError('PermanentRedirect', 301);
      throw sdkError('NoSuchCORSConfiguration', 404);
    });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-north-1' });
    expect(await inventory().buckets.getCors('b', undefined)).toEqual({ kind: 'none', region: 'eu-north-1' });
  });

  it('sends the scan\'s abort signal with every call of a bucket, through a redirect and its GetBucketLocation; none without one', async () => {
    s3.on(GetBucketCorsCommand).callsFake(async (_input, getClient) => {
      if ((await getClient().config.region()) !== 'eu-north-1') throw sdkError('PermanentRedirect', 301);
      return { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] };
    });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-north-1' });
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [] });
    s3.on(GetPublicAccessBlockCommand).resolves({});
    control.on(GetAccountPublicAccessBlockCommand).resolves({});
    const { signal } = new AbortController();
    const { buckets } = inventory();
    await buckets.getCors('b', undefined, signal);
    await buckets.getSuppressionTag('b', undefined, signal);
    await buckets.getExposure('b', undefined, signal);
    await buckets.getAccountPublicAccessBlock(signal);
    const options = [...s3.calls(), ...control.calls()].map((call) => (call.args as unknown[])[1]);
    expect(options).toHaveLength(9);
    expect(options.every((given) => (given as { abortSignal?: unknown } | undefined)?.abortSignal === signal)).toBe(true);
    s3.resetHistory();
    await buckets.getCors('b', undefined);
    expect(s3.calls().map((call) => (call.args as unknown[])[1])).toEqual([undefined]);
  });

  it('does not loop when the hinted region redirects again', async () => {
    s3.on(GetBucketCorsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      throw sdkError('PermanentRedirect', 301, { headers: { 'x-amz-bucket-region': region === 'us-east-1' ? 'eu-west-1' : 'us-east-1' } });
    });
    expect(await inventory().buckets.getCors('b', 'us-east-1')).toMatchObject({ kind: 'unreadable', error: { code: 'PermanentRedirect' } });
    expect(s3.commandCalls(GetBucketCorsCommand)).toHaveLength(2);
  });
});

describe('getExposure', () => {
  it('reads the block, policy status, ACL grants to the public groups and website hosting', async () => {
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false } });
    s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: true } });
    s3.on(GetBucketAclCommand).resolves({ Grants: [GRANT(ALL_USERS, 'READ'), GRANT(AUTH_USERS, 'WRITE'), GRANT(AUTH_USERS, 'READ_ACP'), { Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }] });
    s3.on(GetBucketWebsiteCommand).resolves({ IndexDocument: { Suffix: 'index.html' } });
    expect(await inventory().buckets.getExposure('b', 'us-east-1')).toEqual({
      bucketPublicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: true, restrictPublicBuckets: false },
      policyIsPublic: true,
      aclGrants: { allUsers: ['READ'], authenticatedUsers: ['WRITE', 'READ_ACP'] },
      websiteHosting: true,
    });
  });

  it('knows an absence (no block, no policy, no website) apart from an unknown', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(sdkError('NoSuchPublicAccessBlockConfiguration', 404));
    s3.on(GetBucketPolicyStatusCommand).rejects(sdkError('NoSuchBucketPolicy', 404));
    s3.on(GetBucketAclCommand).resolves({ Grants: [] });
    s3.on(GetBucketWebsiteCommand).rejects(sdkError('NoSuchWebsiteConfiguration', 404));
    expect(await inventory().buckets.getExposure('b', 'us-east-1')).toEqual({
      bucketPublicAccessBlock: null,
      policyIsPublic: false,
      aclGrants: { allUsers: [], authenticatedUsers: [] },
      websiteHosting: false,
    });
  });

  it('leaves each member whose own call failed undefined, keeping the others', async () => {
    s3.on(GetPublicAccessBlockCommand).rejects(sdkError('AccessDenied', 403));
    s3.on(GetBucketPolicyStatusCommand).resolves({ PolicyStatus: { IsPublic: false } });
    s3.on(GetBucketAclCommand).rejects(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    s3.on(GetBucketWebsiteCommand).rejects(sdkError('InternalError', 500));
    expect(await inventory().buckets.getExposure('b', 'us-east-1')).toEqual({ policyIsPublic: false });
  });
});

describe('getSuppressionTag and the account-level block', () => {
  it.each([
    [{ TagSet: [{ Key: 'team', Value: 'web' }, { Key: 's3-cors-audit:accept', Value: 'S3CORS-ANY-ORIGIN-READ reason=cdn' }] }, undefined, { kind: 'tagged', value: 'S3CORS-ANY-ORIGIN-READ reason=cdn' }],
    [{ TagSet: [{ Key: 'team', Value: 'web' }] }, undefined, { kind: 'untagged' }],
    [undefined, sdkError('NoSuchTagSet', 404), { kind: 'untagged' }],
    [undefined, sdkError('AccessDenied', 403), { kind: 'unreadable', error: { code: 'AccessDenied' } }],
  ])('reads the s3-cors-audit:accept tag (%#)', async (answer, error, expected) => {
    if (error) s3.on(GetBucketTaggingCommand).rejects(error);
    else s3.on(GetBucketTaggingCommand).resolves(answer!);
    expect(await inventory().buckets.getSuppressionTag('b', 'us-east-1')).toMatchObject(expected);
  });

  it('reads the account block through S3 Control for the session account', async () => {
    control.on(GetAccountPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true } });
    expect(await inventory().buckets.getAccountPublicAccessBlock()).toEqual({ kind: 'read', flags: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } });
    expect(control.commandCalls(GetAccountPublicAccessBlockCommand)[0]?.args[0].input).toEqual({ AccountId: '222222222222' });
  });

  it.each([
    [sdkError('NoSuchPublicAccessBlockConfiguration', 404), { kind: 'read', flags: null }],
    [sdkError('AccessDenied', 403), { kind: 'unreadable', error: { code: 'AccessDenied' } }],
  ])('maps an S3 Control failure (%#)', async (error, expected) => {
    control.on(GetAccountPublicAccessBlockCommand).rejects(error);
    expect(await inventory().buckets.getAccountPublicAccessBlock()).toMatchObject(expected);
  });
});

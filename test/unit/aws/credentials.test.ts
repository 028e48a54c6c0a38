import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssumeRoleSessions, assumedRoleCredentials, CallerSessions, isExpiredToken, ProfileError, profileCredentials, roleSessionName } from '../../../lib/aws/credentials';
import type { BucketInventory } from '../../../lib/scan/ports';
import { sdkError } from './sdk-errors';

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const T0 = Date.parse('2026-11-23T02:00:00Z');
const issued = (n: number, expiresAt: number) => ({ Credentials: { AccessKeyId: `ASIAKEY${n}`, SecretAccessKey: `secret-${n}`, SessionToken: `token-${n}`, Expiration: new Date(expiresAt) } });
const target = { accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/S3CorsAuditRole', externalId: 'ext-123' };
const inventoryFor = () => ({ buckets: {} as BucketInventory, close: () => undefined });

describe('roleSessionName', () => {
  it('is s3-cors-audit-<scanId>, with characters STS refuses replaced and at most 64 characters', () => {
    expect(roleSessionName('scan-20261123T020000Z-abcd')).toBe('s3-cors-audit-scan-20261123T020000Z-abcd');
    expect(roleSessionName('a b:c/d')).toBe('s3-cors-audit-a-b-c-d');
    expect(roleSessionName('x'.repeat(100))).toHaveLength(64);
  });
});

describe('assumedRoleCredentials', () => {
  it('assumes once, then again only when expiry comes within the refresh margin (fake clock)', async () => {
    let now = T0;
    sts.on(AssumeRoleCommand).resolvesOnce(issued(1, T0 + 3_600_000)).resolvesOnce(issued(2, T0 + 7_200_000));
    const provider = assumedRoleCredentials(new STSClient({ region: 'us-east-1' }), { roleArn: target.roleArn, sessionName: 's3-cors-audit-x' }, { now: () => now, refreshMarginMs: 300_000 });
    expect((await provider()).accessKeyId).toBe('ASIAKEY1');
    now = T0 + 3_600_000 - 300_001;
    expect((await provider()).accessKeyId).toBe('ASIAKEY1');
    now = T0 + 3_600_000 - 299_999;
    const refreshed = await provider();
    expect(refreshed).toMatchObject({ accessKeyId: 'ASIAKEY2', sessionToken: 'token-2', expiration: new Date(T0 + 7_200_000) });
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('shares one AssumeRole between concurrent callers', async () => {
    sts.on(AssumeRoleCommand).resolves(issued(1, T0 + 3_600_000));
    const provider = assumedRoleCredentials(new STSClient({ region: 'us-east-1' }), { roleArn: target.roleArn, sessionName: 's' + 'x' }, { now: () => T0 });
    await Promise.all([provider(), provider(), provider()]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('assumes again once told its key was refused, but not when told about a key it already replaced', async () => {
    sts.on(AssumeRoleCommand).resolvesOnce(issued(1, T0 + 3_600_000)).resolvesOnce(issued(2, T0 + 3_600_000)).resolves(issued(3, T0 + 3_600_000));
    const provider = assumedRoleCredentials(new STSClient({ region: 'us-east-1' }), { roleArn: target.roleArn, sessionName: 'sx' }, { now: () => T0 });
    const first = await provider();
    provider.invalidate(first);
    const second = await provider();
    expect(second.accessKeyId).toBe('ASIAKEY2');
    provider.invalidate(first);
    expect((await provider()).accessKeyId).toBe('ASIAKEY2');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    // Memoised itself: the SDK must not wrap it in its own cache, or a dropped key would still be signed with.
    expect(provider.memoized).toBe(true);
  });

  it('tries again after a failed refresh instead of caching the failure', async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(sdkError('Throttling', 400)).resolves(issued(3, T0 + 3_600_000));
    const provider = assumedRoleCredentials(new STSClient({ region: 'us-east-1' }), { roleArn: target.roleArn, sessionName: 'sx' }, { now: () => T0 });
    await expect(provider()).rejects.toMatchObject({ name: 'Throttling' });
    expect((await provider()).accessKeyId).toBe('ASIAKEY3');
  });
});

describe('isExpiredToken', () => {
  it.each([
    ['ExpiredToken', true],
    ['ExpiredTokenException', true],
    ['TokenRefreshRequired', true],
    // A signature outside its time window: the SDK corrects its clock skew itself; new credentials would not help.
    ['RequestExpired', false],
    ['AccessDenied', false],
    ['InvalidToken', false],
  ])('%s → %s', (name, expected) => {
    expect(isExpiredToken(sdkError(name, 400))).toBe(expected);
  });
});

describe('AssumeRoleSessions', () => {
  it('assumes the target role with its ExternalId, a deterministic session name and a one-hour session', async () => {
    sts.on(AssumeRoleCommand).resolves(issued(1, T0 + 3_600_000));
    const seen: Array<{ accountId: string; key: string | undefined }> = [];
    const sessions = new AssumeRoleSessions({
      sts: new STSClient({ region: 'us-east-1' }),
      inventoryFor: (accountId, credentials) => {
        void credentials?.().then((value) => seen.push({ accountId, key: value.accessKeyId }));
        return inventoryFor();
      },
    });
    const opening = await sessions.open(target, 'scan-20261123T020000Z-abcd');
    expect(opening.kind).toBe('assumed');
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: target.roleArn,
      RoleSessionName: 's3-cors-audit-scan-20261123T020000Z-abcd',
      ExternalId: 'ext-123',
      DurationSeconds: 3600,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(seen).toEqual([{ accountId: '222222222222', key: 'ASIAKEY1' }]);
  });

  it.each([
    ['AccessDenied (missing role, trust policy, ExternalId mismatch)', sdkError('AccessDenied', 403, { message: 'User: arn:aws:iam::111111111111:user/x is not authorized to perform: sts:AssumeRole' }), 'AccessDenied', /was refused: the role is missing/],
    ['an expired caller token', sdkError('ExpiredToken', 400, { message: 'The security token included in the request is expired' }), 'ExpiredToken', /expired/],
    ['STS disabled in the region', sdkError('RegionDisabledException', 403, { message: 'STS is not activated' }), 'RegionDisabledException', /STS is not activated/],
    ['a network failure', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'NetworkError', /ECONNREFUSED/],
  ])('turns %s into a per-account denial, never a throw', async (_name, error, code, message) => {
    sts.on(AssumeRoleCommand).rejects(error);
    const opening = await new AssumeRoleSessions({ sts: new STSClient({ region: 'us-east-1' }), inventoryFor }).open(target, 'scan-1');
    expect(opening).toMatchObject({ kind: 'denied', code });
    if (opening.kind === 'denied') expect(opening.message).toMatch(message);
  });
});

describe('CallerSessions', () => {
  it('opens only the caller own account, without AssumeRole', async () => {
    const sessions = new CallerSessions({ callerAccountId: '222222222222', inventoryFor });
    expect((await sessions.open(target)).kind).toBe('assumed');
    expect(await sessions.open({ ...target, accountId: '333333333333' })).toMatchObject({ kind: 'denied', code: 'WrongAccount' });
    expect(sts.calls()).toHaveLength(0);
  });
});

describe('profileCredentials (real shared credentials files)', () => {
  const saved = { credentials: process.env.AWS_SHARED_CREDENTIALS_FILE, config: process.env.AWS_CONFIG_FILE };
  let directory = '';
  afterEach(async () => {
    for (const [name, value] of [['AWS_SHARED_CREDENTIALS_FILE', saved.credentials], ['AWS_CONFIG_FILE', saved.config]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  async function useFiles(credentials: string): Promise<void> {
    directory = await mkdtemp(join(tmpdir(), 'profile-'));
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(directory, 'credentials');
    process.env.AWS_CONFIG_FILE = join(directory, 'config');
    await writeFile(process.env.AWS_SHARED_CREDENTIALS_FILE, credentials);
    await writeFile(process.env.AWS_CONFIG_FILE, '');
  }

  it('resolves a defined profile once up front and hands on its provider', async () => {
    await useFiles('[audit]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example-secret\n');
    const provider = await profileCredentials('audit');
    expect((await provider()).accessKeyId).toBe('AKIAEXAMPLE');
  });

  it('throws ProfileError, naming the profile, when no file defines it', async () => {
    await useFiles('[audit]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = example-secret\n');
    const failure = await profileCredentials('nosuch').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProfileError);
    expect((failure as Error).message).toMatch(/nosuch/);
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings } from '../../../lib/config';
import { resolveAccounts, roleArnFor } from '../../../lib/scan';
import type { AccountDirectory, DirectoryAccount } from '../../../lib/scan/ports';

const directory = (accounts: DirectoryAccount[]): AccountDirectory & { asked: Array<{ parentId?: string }> } => {
  const asked: Array<{ parentId?: string }> = [];
  return { asked, listAccounts: async (options) => (asked.push(options), accounts) };
};

const ORG: DirectoryAccount[] = [
  { accountId: '111111111111', name: 'management', status: 'ACTIVE' },
  { accountId: '222222222222', name: 'prod', status: 'ACTIVE' },
  { accountId: '333333333333', name: 'old', status: 'SUSPENDED' },
  { accountId: '444444444444', name: 'dev', status: 'ACTIVE' },
];

async function problemsOf(env: Record<string, string>): Promise<string> {
  try {
    await resolveAccounts(loadSettings(env), { directory: directory(ORG) });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no error';
}

describe('resolveAccounts from configuration', () => {
  it('derives the role ARN from AUDIT_ROLE_NAME and the ExternalId from AUDIT_EXTERNAL_ID unless the entry sets them', async () => {
    const settings = loadSettings({
      AUDIT_ROLE_NAME: 'Auditor',
      AUDIT_EXTERNAL_ID: 'shared-secret',
      ACCOUNTS: JSON.stringify([
        { accountId: '222222222222', name: 'prod', regions: ['eu-west-1'] },
        { accountId: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/path/Custom', externalId: 'own-id' },
      ]),
    });
    expect(await resolveAccounts(settings, {})).toEqual([
      { accountId: '222222222222', name: 'prod', roleArn: 'arn:aws:iam::222222222222:role/Auditor', externalId: 'shared-secret', regions: ['eu-west-1'] },
      { accountId: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/path/Custom', externalId: 'own-id' },
    ]);
  });

  it.each([
    [{}, /^config: ACCOUNTS is required when ACCOUNTS_SOURCE=config/],
    [{ ACCOUNTS: '[]' }, /ACCOUNTS is required/],
    [{ ACCOUNTS: '[{"accountId":"222222222222"},{"accountId":"222222222222"}]' }, /ACCOUNTS\[1\]\.accountId 222222222222 is listed twice/],
    [{ ACCOUNTS: '[{"accountId":"222222222222"}]', ORGANIZATION_OU: 'ou-abcd-12345678' }, /ORGANIZATION_OU only applies when ACCOUNTS_SOURCE=organizations/],
    [{ ACCOUNTS_SOURCE: 'organizations', ACCOUNTS: '[{"accountId":"222222222222"}]' }, /ACCOUNTS is only read when ACCOUNTS_SOURCE=config/],
    [{ ACCOUNTS_SOURCE: 'organizations', ORGANIZATION_INCLUDE: '222222222222', ORGANIZATION_EXCLUDE: '222222222222' }, /both list 222222222222/],
  ])('refuses %j with a line naming the variable', async (env, message) => {
    expect(await problemsOf(env as Record<string, string>)).toMatch(message);
  });
});

describe('resolveAccounts from Organizations', () => {
  it('keeps ACTIVE accounts, honours include and exclude, and asks for the OU subtree', async () => {
    const org = directory(ORG);
    const settings = loadSettings({ ACCOUNTS_SOURCE: 'organizations', ORGANIZATION_EXCLUDE: '111111111111', ORGANIZATION_OU: 'ou-abcd-12345678', AUDIT_EXTERNAL_ID: 'ext-1' });
    const targets = await resolveAccounts(settings, { directory: org });
    expect(targets).toEqual([
      { accountId: '222222222222', name: 'prod', roleArn: 'arn:aws:iam::222222222222:role/S3CorsAuditRole', externalId: 'ext-1' },
      { accountId: '444444444444', name: 'dev', roleArn: 'arn:aws:iam::444444444444:role/S3CorsAuditRole', externalId: 'ext-1' },
    ]);
    expect(org.asked).toEqual([{ parentId: 'ou-abcd-12345678' }]);
  });

  it('keeps only the included accounts, and never a suspended one even when included', async () => {
    const settings = loadSettings({ ACCOUNTS_SOURCE: 'organizations', ORGANIZATION_INCLUDE: '333333333333,444444444444' });
    expect((await resolveAccounts(settings, { directory: directory(ORG) })).map((t) => t.accountId)).toEqual(['444444444444']);
  });

  it('drops directory entries without a valid account id', async () => {
    const settings = loadSettings({ ACCOUNTS_SOURCE: 'organizations' });
    const targets = await resolveAccounts(settings, { directory: directory([{ accountId: '', status: 'ACTIVE' }, { accountId: '222222222222', status: 'ACTIVE' }]) });
    expect(targets.map((t) => t.accountId)).toEqual(['222222222222']);
  });
});

describe('role ARNs in the partition of the deployment\'s region', () => {
  it.each([
    ['us-east-1', 'arn:aws:iam::222222222222:role/S3CorsAuditRole'],
    ['cn-north-1', 'arn:aws-cn:iam::222222222222:role/S3CorsAuditRole'],
    ['us-gov-west-1', 'arn:aws-us-gov:iam::222222222222:role/S3CorsAuditRole'],
  ])('in %s the audit role is %s', async (region, arn) => {
    expect(roleArnFor('222222222222', 'S3CorsAuditRole', region)).toBe(arn);
    const fromConfig = await resolveAccounts(loadSettings({ AWS_REGION: region, ACCOUNTS: '[{"accountId":"222222222222"}]' }), {});
    const fromOrganization = await resolveAccounts(loadSettings({ AWS_REGION: region, ACCOUNTS_SOURCE: 'organizations', ORGANIZATION_INCLUDE: '222222222222' }), { directory: directory(ORG) });
    expect([...fromConfig, ...fromOrganization].map((target) => target.roleArn)).toEqual([arn, arn]);
  });
});

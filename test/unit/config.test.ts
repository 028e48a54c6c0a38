import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, partitionOf } from '../../lib/config';

/** The problems loadSettings reports for `env`, or [] when it accepts it. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

const accounts = (...entries: object[]) => JSON.stringify(entries);
/** What Lambda (and `osls invoke local`) sets: the deployment's IAM policy then bounds the roles. */
const inLambda = { AWS_LAMBDA_FUNCTION_NAME: 's3-cors-audit-prod-schedule-scan', AWS_REGION: 'eu-west-1' };

describe('partitionOf', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['ap-southeast-2', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
  ])('%s is in partition %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});

describe('ACCOUNTS[].roleArn in a deployment', () => {
  it.each([
    ['another role name', 'arn:aws:iam::222222222222:role/OtherAudit', 'OtherAudit'],
    ['the audit role under a path', 'arn:aws:iam::222222222222:role/security/S3CorsAuditRole', 'security/S3CorsAuditRole'],
    ['another role under a path', 'arn:aws:iam::222222222222:role/security/OtherAudit', 'security/OtherAudit'],
  ])('refuses %s: serverless.yml lets the functions assume role/<AUDIT_ROLE_NAME> only', (_case, roleArn, found) => {
    expect(problemsOf({ ...inLambda, ACCOUNTS: accounts({ accountId: '111111111111' }, { accountId: '222222222222', roleArn }) })).toEqual([
      `ACCOUNTS[1].roleArn names role "${found}", but this deployment may only assume AUDIT_ROLE_NAME "S3CorsAuditRole" (serverless.yml grants sts:AssumeRole on role/S3CorsAuditRole, without a path): drop roleArn, or deploy with auditRoleName=<that role's name>`,
    ]);
  });

  it('names the configured AUDIT_ROLE_NAME, one line per entry', () => {
    const problems = problemsOf({
      ...inLambda,
      AUDIT_ROLE_NAME: 'Auditor',
      ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/S3CorsAuditRole' }, { accountId: '333333333333', roleArn: 'arn:aws:iam::333333333333:role/Other' }),
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^ACCOUNTS\[0\]\.roleArn names role "S3CorsAuditRole", but this deployment may only assume AUDIT_ROLE_NAME "Auditor" /);
    expect(problems[1]).toMatch(/^ACCOUNTS\[1\]\.roleArn names role "Other", but this deployment may only assume AUDIT_ROLE_NAME "Auditor" /);
  });

  it('refuses a role in another partition than the region\'s', () => {
    expect(problemsOf({ ...inLambda, AWS_REGION: 'cn-north-1', ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/S3CorsAuditRole' }) })).toEqual([
      'ACCOUNTS[0].roleArn is in partition aws, but this deployment runs in aws-cn (AWS_REGION cn-north-1): "arn:aws:iam::222222222222:role/S3CorsAuditRole"',
    ]);
  });

  it.each([
    ['the audit role', { AWS_REGION: 'eu-west-1', ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/S3CorsAuditRole' }) }],
    ['a renamed audit role', { AWS_REGION: 'eu-west-1', AUDIT_ROLE_NAME: 'Auditor', ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/Auditor' }) }],
    ['the audit role in China', { AWS_REGION: 'cn-north-1', ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws-cn:iam::222222222222:role/S3CorsAuditRole' }) }],
    ['the audit role in GovCloud', { AWS_REGION: 'us-gov-west-1', ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws-us-gov:iam::222222222222:role/S3CorsAuditRole' }) }],
    ['no roleArn (derived from AUDIT_ROLE_NAME)', { AWS_REGION: 'eu-west-1', ACCOUNTS: accounts({ accountId: '222222222222' }) }],
  ])('accepts %s', (_case, env) => {
    expect(problemsOf({ ...inLambda, ...env })).toEqual([]);
  });

  it('leaves the CLI (no Lambda runtime) free to assume any role with the user\'s credentials', () => {
    expect(problemsOf({ ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/security/OtherAudit' }) })).toEqual([]);
  });

  it('still refuses a role in another account, in Lambda or not', () => {
    const env = { ACCOUNTS: accounts({ accountId: '222222222222', roleArn: 'arn:aws:iam::333333333333:role/S3CorsAuditRole' }) };
    const expected = ['ACCOUNTS[0].roleArn is in account 333333333333, not 222222222222: "arn:aws:iam::333333333333:role/S3CorsAuditRole"'];
    expect(problemsOf(env)).toEqual(expected);
    expect(problemsOf({ ...inLambda, ...env })).toEqual(expected);
  });
});

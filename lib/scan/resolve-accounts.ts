// Which accounts a scan covers: the ACCOUNTS list, or the organisation's ACTIVE accounts (optionally one
// OU subtree) with include/exclude lists. config.ts validates each variable; this validates how they combine.
import { ConfigError, partitionOf, type Settings } from '../config';
import type { AccountDirectory } from './ports';
import type { AccountTarget } from './types';

export interface ResolveDeps {
  /** Required when ACCOUNTS_SOURCE=organizations. */
  directory?: AccountDirectory;
}

/** The audit role's ARN in `accountId`, in the partition of the deployment's region (aws, aws-cn, aws-us-gov...). */
export function roleArnFor(accountId: string, roleName: string, region: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

export async function resolveAccounts(settings: Settings, deps: ResolveDeps): Promise<AccountTarget[]> {
  checkCombination(settings);
  return settings.ACCOUNTS_SOURCE === 'config' ? fromConfig(settings) : fromOrganization(settings, deps);
}

function checkCombination(settings: Settings): void {
  const problems: string[] = [];
  if (settings.ACCOUNTS_SOURCE === 'config') {
    if (!settings.ACCOUNTS || settings.ACCOUNTS.length === 0) {
      problems.push('ACCOUNTS is required when ACCOUNTS_SOURCE=config: a JSON list such as [{"accountId":"123456789012"}], or set ACCOUNTS_SOURCE=organizations');
    }
    for (const name of ['ORGANIZATION_INCLUDE', 'ORGANIZATION_EXCLUDE', 'ORGANIZATION_OU'] as const) {
      if (settings[name] !== undefined) problems.push(`${name} only applies when ACCOUNTS_SOURCE=organizations (it is "config")`);
    }
  } else if (settings.ACCOUNTS !== undefined) {
    problems.push('ACCOUNTS is only read when ACCOUNTS_SOURCE=config; with organizations use ORGANIZATION_INCLUDE/ORGANIZATION_EXCLUDE');
  }
  const seen = new Set<string>();
  settings.ACCOUNTS?.forEach((entry, index) => {
    if (seen.has(entry.accountId)) problems.push(`ACCOUNTS[${index}].accountId ${entry.accountId} is listed twice`);
    seen.add(entry.accountId);
  });
  const excluded = new Set(settings.ORGANIZATION_EXCLUDE ?? []);
  for (const accountId of settings.ORGANIZATION_INCLUDE ?? []) {
    if (excluded.has(accountId)) problems.push(`ORGANIZATION_INCLUDE and ORGANIZATION_EXCLUDE both list ${accountId}`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

function fromConfig(settings: Settings): AccountTarget[] {
  return (settings.ACCOUNTS ?? []).map((entry) => {
    const externalId = entry.externalId ?? settings.AUDIT_EXTERNAL_ID;
    return {
      accountId: entry.accountId,
      roleArn: entry.roleArn ?? roleArnFor(entry.accountId, settings.AUDIT_ROLE_NAME, settings.AWS_REGION),
      ...(entry.name !== undefined ? { name: entry.name } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
      ...(entry.regions !== undefined ? { regions: entry.regions } : {}),
    };
  });
}

async function fromOrganization(settings: Settings, deps: ResolveDeps): Promise<AccountTarget[]> {
  if (!deps.directory) throw new ConfigError(['ACCOUNTS_SOURCE=organizations needs Organizations access (no directory was configured)']);
  const accounts = await deps.directory.listAccounts(settings.ORGANIZATION_OU !== undefined ? { parentId: settings.ORGANIZATION_OU } : {});
  const include = settings.ORGANIZATION_INCLUDE ? new Set(settings.ORGANIZATION_INCLUDE) : undefined;
  const exclude = new Set(settings.ORGANIZATION_EXCLUDE ?? []);
  return accounts
    // Suspended or closing accounts refuse AssumeRole; scanning them would only report failures.
    .filter((account) => /^\d{12}$/.test(account.accountId) && account.status === 'ACTIVE' && (!include || include.has(account.accountId)) && !exclude.has(account.accountId))
    .map((account) => ({
      accountId: account.accountId,
      roleArn: roleArnFor(account.accountId, settings.AUDIT_ROLE_NAME, settings.AWS_REGION),
      ...(account.name !== undefined ? { name: account.name } : {}),
      ...(settings.AUDIT_EXTERNAL_ID !== undefined ? { externalId: settings.AUDIT_EXTERNAL_ID } : {}),
    }));
}

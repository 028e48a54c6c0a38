// Minimal AWS Organizations (JSON 1.1, `AWSOrganizationsV20161128.*`): ListAccounts,
// ListAccountsForParent, ListParents, ListRoots, DescribeAccount. Only the management account may call it.
import type { IssuedCredentials, CredentialRegistry } from './credentials';
import { JsonServiceError, paginate, startJsonService } from './json-protocol';
import type { EmulatedAccount, OrganizationState } from './organization-state';
import type { RunningServer } from './http-server';

export interface OrganizationsOptions {
  /** Default page size of ListAccounts when MaxResults is absent (AWS: 20). Small values exercise paging. */
  defaultPageSize?: number;
}

function describe(organization: OrganizationState, account: EmulatedAccount) {
  return {
    Id: account.id,
    Arn: `arn:aws:organizations::${organization.managementAccountId}:account/${organization.organizationId}/${account.id}`,
    Email: account.email,
    Name: account.name,
    Status: account.status,
    State: account.status,
    JoinedMethod: account.id === organization.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: account.joinedAt.getTime() / 1000,
  };
}

export function startOrganizationsServer(organization: OrganizationState, registry: CredentialRegistry, options: OrganizationsOptions = {}): Promise<RunningServer> {
  const pageSize = options.defaultPageSize ?? 20;
  const requireManagement = (caller: IssuedCredentials) => {
    if (caller.accountId !== organization.managementAccountId) {
      throw new JsonServiceError('AccessDeniedException', 'You don\'t have permissions to access this resource.');
    }
  };
  const listed = (accounts: EmulatedAccount[], input: Record<string, unknown>) => {
    const { page, NextToken } = paginate(accounts, input, pageSize, 20);
    return { Accounts: page.map((account) => describe(organization, account)), ...(NextToken ? { NextToken } : {}) };
  };
  return startJsonService('AWSOrganizationsV20161128', {
    ListAccounts: (input, caller) => {
      requireManagement(caller);
      return listed(organization.list(), input);
    },
    ListAccountsForParent: (input, caller) => {
      requireManagement(caller);
      const parentId = String(input.ParentId ?? '');
      if (parentId !== organization.rootId && !organization.organizationalUnits.has(parentId)) {
        throw new JsonServiceError('ParentNotFoundException', 'We can\'t find a root or OU with the ParentId that you specified.');
      }
      return listed(organization.list().filter((account) => account.parentId === parentId), input);
    },
    ListParents: (input, caller) => {
      requireManagement(caller);
      const childId = String(input.ChildId ?? '');
      const parentId = organization.get(childId)?.parentId ?? organization.organizationalUnits.get(childId)?.parentId;
      if (!parentId) throw new JsonServiceError('ChildNotFoundException', 'We can\'t find an organizational unit (OU) or AWS account with the ChildId that you specified.');
      return { Parents: [{ Id: parentId, Type: parentId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }] };
    },
    ListRoots: (_input, caller) => {
      requireManagement(caller);
      return { Roots: [{ Id: organization.rootId, Name: 'Root', Arn: `arn:aws:organizations::${organization.managementAccountId}:root/${organization.organizationId}/${organization.rootId}`, PolicyTypes: [] }] };
    },
    DescribeAccount: (input, caller) => {
      requireManagement(caller);
      const account = organization.get(String(input.AccountId ?? ''));
      if (!account) throw new JsonServiceError('AccountNotFoundException', 'You specified an account that doesn\'t exist.');
      return { Account: describe(organization, account) };
    },
  }, registry);
}

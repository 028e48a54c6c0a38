import { ListAccountsCommand, ListAccountsForParentCommand, ListChildrenCommand, OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectoryError, OrganizationsDirectory } from '../../../lib/aws/organizations';
import { sdkError } from './sdk-errors';

const organizations = mockClient(OrganizationsClient);
afterEach(() => organizations.reset());
const directory = () => new OrganizationsDirectory(new OrganizationsClient({ region: 'us-east-1' }));
const account = (id: string, state = 'ACTIVE'): Account => ({ Id: id, Name: `name-${id}`, Status: (state === 'CLOSED' ? 'SUSPENDED' : state) as Account['Status'], State: state as Account['State'] });

describe('OrganizationsDirectory', () => {
  it('follows ListAccounts NextToken through every page', async () => {
    organizations.on(ListAccountsCommand, { NextToken: undefined }).resolves({ Accounts: [account('111111111111'), account('222222222222')], NextToken: 'page-2' });
    organizations.on(ListAccountsCommand, { NextToken: 'page-2' }).resolves({ Accounts: [account('333333333333', 'SUSPENDED')], NextToken: 'page-3' });
    organizations.on(ListAccountsCommand, { NextToken: 'page-3' }).resolves({ Accounts: [account('444444444444', 'CLOSED')] });
    expect(await directory().listAccounts({})).toEqual([
      { accountId: '111111111111', name: 'name-111111111111', status: 'ACTIVE' },
      { accountId: '222222222222', name: 'name-222222222222', status: 'ACTIVE' },
      { accountId: '333333333333', name: 'name-333333333333', status: 'SUSPENDED' },
      { accountId: '444444444444', name: 'name-444444444444', status: 'CLOSED' },
    ]);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(3);
  });

  it('prefers State over the deprecated Status', async () => {
    organizations.on(ListAccountsCommand).resolves({ Accounts: [{ Id: '111111111111', Status: 'ACTIVE', State: 'PENDING_CLOSURE' }] });
    expect(await directory().listAccounts({})).toEqual([{ accountId: '111111111111', status: 'PENDING_CLOSURE' }]);
  });

  it('stops when a page repeats its token instead of looping', async () => {
    organizations.on(ListAccountsCommand).resolves({ Accounts: [account('111111111111')], NextToken: 'same' });
    await directory().listAccounts({});
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(2);
  });

  it('walks an OU subtree: accounts of the OU and of nested OUs, paged', async () => {
    organizations.on(ListAccountsForParentCommand, { ParentId: 'ou-root-aaaaaaaa', NextToken: undefined }).resolves({ Accounts: [account('111111111111')], NextToken: 't' });
    organizations.on(ListAccountsForParentCommand, { ParentId: 'ou-root-aaaaaaaa', NextToken: 't' }).resolves({ Accounts: [account('222222222222')] });
    organizations.on(ListAccountsForParentCommand, { ParentId: 'ou-root-bbbbbbbb' }).resolves({ Accounts: [account('333333333333')] });
    organizations.on(ListAccountsForParentCommand, { ParentId: 'ou-root-cccccccc' }).resolves({ Accounts: [account('444444444444')] });
    organizations.on(ListChildrenCommand, { ParentId: 'ou-root-aaaaaaaa', ChildType: 'ORGANIZATIONAL_UNIT' }).resolves({ Children: [{ Id: 'ou-root-bbbbbbbb', Type: 'ORGANIZATIONAL_UNIT' }] });
    organizations.on(ListChildrenCommand, { ParentId: 'ou-root-bbbbbbbb' }).resolves({ Children: [{ Id: 'ou-root-cccccccc', Type: 'ORGANIZATIONAL_UNIT' }] });
    organizations.on(ListChildrenCommand, { ParentId: 'ou-root-cccccccc' }).resolves({ Children: [] });
    const accounts = await directory().listAccounts({ parentId: 'ou-root-aaaaaaaa' });
    expect(accounts.map((entry) => entry.accountId)).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
    expect(organizations.commandCalls(ListAccountsCommand)).toHaveLength(0);
  });

  it.each([
    ['AWSOrganizationsNotInUseException', /cannot list accounts: AWSOrganizationsNotInUseException/],
    ['AccessDeniedException', /cannot list accounts: AccessDeniedException/],
  ])('stops the run with one line when Organizations answers %s', async (name, message) => {
    organizations.on(ListAccountsCommand).rejects(sdkError(name, 400));
    const failure = await directory().listAccounts({}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DirectoryError);
    expect((failure as DirectoryError).message).toMatch(message);
    expect((failure as DirectoryError).code).toBe(name);
  });

  it('names the OU when its subtree cannot be read', async () => {
    organizations.on(ListAccountsForParentCommand).rejects(sdkError('ParentNotFoundException', 400));
    await expect(directory().listAccounts({ parentId: 'ou-root-zzzzzzzz' })).rejects.toThrow(/under ou-root-zzzzzzzz: ParentNotFoundException/);
  });
});

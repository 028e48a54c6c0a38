// The AccountDirectory port over AWS Organizations: every account (ListAccounts, paged), or one OU subtree
// (ListAccountsForParent on the OU and, through ListChildren, on each nested OU).
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { AccountDirectory, DirectoryAccount } from '../scan/ports';
import { translateError } from './error-translation';

/** AWS nests OUs at most five deep; the bound also stops a cycle in a misbehaving answer. */
const MAX_OU_DEPTH = 8;
const MAX_PAGES = 10_000;

export class DirectoryError extends Error {
  override name = 'DirectoryError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export class OrganizationsDirectory implements AccountDirectory {
  constructor(private readonly organizations: OrganizationsClient) {}

  async listAccounts(options: { parentId?: string }): Promise<DirectoryAccount[]> {
    try {
      if (options.parentId === undefined) return (await this.pages((NextToken) => this.organizations.send(new ListAccountsCommand({ NextToken }))).then(flattenAccounts)).map(toDirectoryAccount);
      return (await this.subtree(options.parentId, 0)).map(toDirectoryAccount);
    } catch (error) {
      // The run cannot start without its account list: one line naming the API and the reason.
      const translated = translateError(error);
      throw new DirectoryError(translated.code, `organizations: cannot list accounts${options.parentId ? ` under ${options.parentId}` : ''}: ${translated.code}: ${translated.message}`);
    }
  }

  private async subtree(parentId: string, depth: number): Promise<Account[]> {
    const accounts = flattenAccounts(await this.pages((NextToken) => this.organizations.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }))));
    if (depth >= MAX_OU_DEPTH) return accounts;
    const children = (await this.pages((NextToken) => this.organizations.send(new ListChildrenCommand({ ParentId: parentId, ChildType: 'ORGANIZATIONAL_UNIT', NextToken }))))
      .flatMap((page) => page.Children ?? [])
      .flatMap((child) => (child.Id ? [child.Id] : []));
    for (const child of children) accounts.push(...(await this.subtree(child, depth + 1)));
    return accounts;
  }

  private async pages<T extends { NextToken?: string | undefined }>(fetch: (token: string | undefined) => Promise<T>): Promise<T[]> {
    const pages: T[] = [];
    let token: string | undefined;
    for (let count = 0; count < MAX_PAGES; count += 1) {
      const page = await fetch(token);
      pages.push(page);
      if (!page.NextToken || page.NextToken === token) break;
      token = page.NextToken;
    }
    return pages;
  }
}

function flattenAccounts(pages: ReadonlyArray<{ Accounts?: Account[] | undefined }>): Account[] {
  return pages.flatMap((page) => page.Accounts ?? []);
}

function toDirectoryAccount(account: Account): DirectoryAccount {
  // `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED) supersedes the deprecated `Status`.
  const status = String(account.State ?? account.Status ?? 'UNKNOWN');
  return { accountId: String(account.Id ?? ''), status, ...(account.Name !== undefined ? { name: account.Name } : {}) };
}

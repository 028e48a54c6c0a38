// The emulated organisation: which accounts exist, their status and OU, and how each account's audit
// role answers AssumeRole (external id, or denied outright). Shared by the STS and Organizations emulators.

export type AccountStatus = 'ACTIVE' | 'SUSPENDED';

export interface EmulatedAccount {
  id: string;
  name: string;
  email: string;
  status: AccountStatus;
  /** Root id (r-xxxx) or OU id the account sits in. */
  parentId: string;
  /** Role names that can be assumed in the account. */
  roleNames: string[];
  /** When set, AssumeRole must pass exactly this ExternalId. */
  externalId?: string;
  /** The role's trust policy refuses everybody: AssumeRole answers AccessDenied. */
  denyAssumeRole: boolean;
  joinedAt: Date;
}

export interface AccountSeed {
  id: string;
  name: string;
  email?: string;
  status?: AccountStatus;
  parentId?: string;
  roleNames?: string[];
  externalId?: string;
  denyAssumeRole?: boolean;
}

export class OrganizationState {
  readonly rootId = 'r-demo';
  readonly organizationId = 'o-demo0example';
  private readonly accounts = new Map<string, EmulatedAccount>();
  readonly organizationalUnits = new Map<string, { id: string; name: string; parentId: string }>();

  constructor(readonly managementAccountId: string) {
    this.upsert({ id: managementAccountId, name: 'management', roleNames: [] });
  }

  upsert(seed: AccountSeed): EmulatedAccount {
    const account: EmulatedAccount = {
      id: seed.id,
      name: seed.name,
      email: seed.email ?? `aws+${seed.id}@example.com`,
      status: seed.status ?? 'ACTIVE',
      parentId: seed.parentId ?? this.rootId,
      roleNames: seed.roleNames ?? ['S3CorsAuditRole'],
      ...(seed.externalId !== undefined ? { externalId: seed.externalId } : {}),
      denyAssumeRole: seed.denyAssumeRole ?? false,
      joinedAt: this.accounts.get(seed.id)?.joinedAt ?? new Date('2024-01-15T09:00:00Z'),
    };
    this.accounts.set(seed.id, account);
    return account;
  }

  addOrganizationalUnit(id: string, name: string, parentId: string = this.rootId): void {
    this.organizationalUnits.set(id, { id, name, parentId });
  }

  get(accountId: string): EmulatedAccount | undefined {
    return this.accounts.get(accountId);
  }

  /** Accounts in a stable order (management first, then by id), as ListAccounts pages them. */
  list(): EmulatedAccount[] {
    return [...this.accounts.values()].sort((a, b) =>
      a.id === this.managementAccountId ? -1 : b.id === this.managementAccountId ? 1 : a.id.localeCompare(b.id));
  }
}

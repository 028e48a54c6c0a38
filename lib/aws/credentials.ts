// Credentials for member accounts: STS AssumeRole with ExternalId and a deterministic session name (so
// CloudTrail shows who looked), memoised and refreshed before expiry because long scans outlive a session.
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AccountSession, AccountSessionFactory, BucketInventory, SessionOpening } from '../scan/ports';
import type { AccountTarget } from '../scan/types';
import type { CredentialProvider, Credentials } from './clients';
import { describeAssumeRoleFailure, translateError } from './error-translation';

/** Refresh this long before expiry: a call signed just before expiry must still land in time. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
export const SESSION_SECONDS = 3600;

/** `s3-cors-audit-<scanId>`, reduced to what RoleSessionName accepts ([\w+=,.@-], 2-64 characters). */
export function roleSessionName(scanId: string): string {
  return `s3-cors-audit-${scanId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64);
}

export interface AssumeRoleRequest {
  roleArn: string;
  externalId?: string;
  sessionName: string;
  durationSeconds?: number;
}

export interface ProviderClock {
  /** Epoch milliseconds; a fake clock in tests. */
  now?: () => number;
  refreshMarginMs?: number;
}

/** A memoised provider: one AssumeRole per session, again once expiry is within the margin; concurrent callers share one call. */
export function assumedRoleCredentials(sts: STSClient, request: AssumeRoleRequest, clock: ProviderClock = {}): CredentialProvider {
  const now = clock.now ?? Date.now;
  const margin = clock.refreshMarginMs ?? REFRESH_MARGIN_MS;
  let current: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  const fresh = (credentials: Credentials | undefined): credentials is Credentials =>
    credentials !== undefined && (credentials.expiration === undefined || credentials.expiration.getTime() - margin > now());
  return async () => {
    if (fresh(current)) return current;
    pending ??= assume(sts, request).then(
      (credentials) => {
        current = credentials;
        pending = undefined;
        return credentials;
      },
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    );
    return pending;
  };
}

async function assume(sts: STSClient, request: AssumeRoleRequest): Promise<Credentials> {
  const answer = await sts.send(new AssumeRoleCommand({
    RoleArn: request.roleArn,
    RoleSessionName: request.sessionName,
    DurationSeconds: request.durationSeconds ?? SESSION_SECONDS,
    ...(request.externalId !== undefined ? { ExternalId: request.externalId } : {}),
  }));
  const issued = answer.Credentials;
  if (!issued?.AccessKeyId || !issued.SecretAccessKey) throw Object.assign(new Error('AssumeRole answered without credentials'), { name: 'InvalidCredentials' });
  return {
    accessKeyId: issued.AccessKeyId,
    secretAccessKey: issued.SecretAccessKey,
    ...(issued.SessionToken ? { sessionToken: issued.SessionToken } : {}),
    ...(issued.Expiration ? { expiration: new Date(issued.Expiration) } : {}),
  };
}

export type InventoryFactory = (accountId: string, credentials: CredentialProvider | undefined) => { buckets: BucketInventory; close(): void };

/** Opens member-account sessions by AssumeRole; every refusal becomes a per-account `denied`, never a throw. */
export class AssumeRoleSessions implements AccountSessionFactory {
  constructor(private readonly deps: { sts: STSClient; inventoryFor: InventoryFactory; clock?: ProviderClock; durationSeconds?: number }) {}

  async open(target: AccountTarget, scanId: string): Promise<SessionOpening> {
    const credentials = assumedRoleCredentials(this.deps.sts, {
      roleArn: target.roleArn,
      sessionName: roleSessionName(scanId),
      ...(target.externalId !== undefined ? { externalId: target.externalId } : {}),
      ...(this.deps.durationSeconds !== undefined ? { durationSeconds: this.deps.durationSeconds } : {}),
    }, this.deps.clock);
    try {
      // Assume now, not on the first S3 call: a refusal is the account's outcome, not every bucket's.
      await credentials();
    } catch (error) {
      const translated = translateError(error);
      return { kind: 'denied', code: translated.code, message: describeAssumeRoleFailure(translated, target.roleArn) };
    }
    return { kind: 'assumed', session: sessionOf(target.accountId, this.deps.inventoryFor(target.accountId, credentials)) };
  }
}

/** The caller's own account with the caller's own credentials (the CLI without --accounts): no AssumeRole. */
export class CallerSessions implements AccountSessionFactory {
  constructor(private readonly deps: { callerAccountId: string; credentials?: CredentialProvider; inventoryFor: InventoryFactory }) {}

  async open(target: AccountTarget): Promise<SessionOpening> {
    if (target.accountId !== this.deps.callerAccountId) {
      return { kind: 'denied', code: 'WrongAccount', message: `the credentials belong to ${this.deps.callerAccountId}, not ${target.accountId}` };
    }
    return { kind: 'assumed', session: sessionOf(target.accountId, this.deps.inventoryFor(target.accountId, this.deps.credentials)) };
  }
}

function sessionOf(accountId: string, inventory: { buckets: BucketInventory; close(): void }): AccountSession {
  return { accountId, buckets: inventory.buckets, close: inventory.close };
}

/** Who the caller is (GetCallerIdentity): the account the CLI scans when none is named. */
export async function callerIdentity(sts: STSClient): Promise<{ accountId: string; arn: string }> {
  const answer = await sts.send(new GetCallerIdentityCommand({}));
  if (!answer.Account || !answer.Arn) throw Object.assign(new Error('GetCallerIdentity answered without an account'), { name: 'InvalidIdentity' });
  return { accountId: answer.Account, arn: answer.Arn };
}

/** A named profile of the user's shared config files (the CLI's --profile). */
export async function profileCredentials(profile: string): Promise<CredentialProvider> {
  const { fromIni } = await import('@aws-sdk/credential-providers');
  return fromIni({ profile }) as CredentialProvider;
}

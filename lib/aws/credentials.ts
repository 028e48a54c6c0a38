// Credentials for member accounts: STS AssumeRole with ExternalId and a deterministic session name (so
// CloudTrail shows who looked), memoised and refreshed before expiry because long scans outlive a session.
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AccountSession, AccountSessionFactory, BucketInventory, SessionOpening } from '../scan/ports';
import type { AccountTarget } from '../scan/types';
import type { CredentialProvider, Credentials } from './client-config';
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

/** A provider that can be told its credentials were refused (revoked, or expired before their stated expiry). */
export interface RenewableCredentialProvider extends CredentialProvider {
  /** Marks the provider as memoising itself: the SDK then asks it before every signature instead of caching its answer. */
  readonly memoized: true;
  /** Drops `rejected` if it is still the cached answer, so the next call assumes the role again. */
  invalidate(rejected: Credentials): void;
}

/** A memoised provider: one AssumeRole per session, again once expiry is within the margin; concurrent callers share one call. */
export function assumedRoleCredentials(sts: STSClient, request: AssumeRoleRequest, clock: ProviderClock = {}): RenewableCredentialProvider {
  const now = clock.now ?? Date.now;
  const margin = clock.refreshMarginMs ?? REFRESH_MARGIN_MS;
  let current: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  const fresh = (credentials: Credentials | undefined): credentials is Credentials =>
    credentials !== undefined && (credentials.expiration === undefined || credentials.expiration.getTime() - margin > now());
  const provide = async () => {
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
  return Object.assign(provide, {
    memoized: true as const,
    invalidate: (rejected: Credentials) => {
      // Compared by identity: a refusal of an older key must not throw away the one that replaced it.
      if (current === rejected) current = undefined;
    },
  });
}

/** S3's answers for a session token it no longer accepts (ExpiredToken, TokenRefreshRequired) and the JSON services' one. */
const EXPIRED_TOKEN_CODES = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);

export function isExpiredToken(error: unknown): boolean {
  return EXPIRED_TOKEN_CODES.has(translateError(error).code);
}

/** The part of an SDK client this needs: its middleware stack (every v3 client has one). */
interface MiddlewareClient {
  middlewareStack: { add(middleware: (next: (args: never) => Promise<unknown>) => (args: never) => Promise<unknown>, options: { step: 'initialize'; name: string; override: boolean }): void };
}

/**
 * A key can be refused as ExpiredToken before its stated expiry (revoked session, clock skew). The SDK does
 * not retry that, so this middleware drops the cached credentials and sends the call once more with fresh
 * ones; a second refusal is the call's answer (no loop). Without a renewable provider it changes nothing.
 */
export function renewOnExpiredToken<C extends MiddlewareClient>(client: C, credentials: CredentialProvider | undefined): C {
  if (!isRenewable(credentials)) return client;
  client.middlewareStack.add(
    <A, R>(next: (args: A) => Promise<R>) => async (args: A): Promise<R> => {
      // The key this call will be signed with (the provider is memoised, so this costs no STS call).
      const used = await credentials();
      try {
        return await next(args);
      } catch (error) {
        if (!isExpiredToken(error)) throw error;
        credentials.invalidate(used);
        return next(args);
      }
    },
    { step: 'initialize', name: 'renewOnExpiredToken', override: true },
  );
  return client;
}

function isRenewable(credentials: CredentialProvider | undefined): credentials is RenewableCredentialProvider {
  return typeof (credentials as Partial<RenewableCredentialProvider> | undefined)?.invalidate === 'function';
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

/** A --profile that yields no credentials (not defined, or its source refuses): the user's input to fix. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

/**
 * A named profile of the user's shared config files (the CLI's --profile), resolved once up front: a missing or
 * broken profile is one clear error before the scan, not one "failed" per account after it.
 */
export async function profileCredentials(profile: string): Promise<CredentialProvider> {
  const { fromIni } = await import('@aws-sdk/credential-providers');
  const provider = fromIni({ profile }) as CredentialProvider;
  try {
    await provider();
  } catch (error) {
    const { code, message } = translateError(error);
    throw new ProfileError(`${code}: ${message}`);
  }
  return provider;
}

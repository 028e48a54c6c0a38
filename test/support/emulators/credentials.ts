// Access keys issued by the emulated STS (and the management account's own key): each key encodes
// the account it belongs to (`ASIA` + 12-digit account + 4 random characters), so every emulator
// can tell which account is calling from the SigV4 Authorization header alone.
import { randomBytes } from 'node:crypto';

export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  accountId: string;
  /** Principal ARN answered by GetCallerIdentity. */
  arn: string;
  /** Undefined for long-lived keys. */
  expiration?: Date;
}

export type CallerLookup =
  | { kind: 'valid'; credentials: IssuedCredentials }
  | { kind: 'unknown' }
  | { kind: 'expired'; credentials: IssuedCredentials };

const suffix = () => randomBytes(4).toString('hex').toUpperCase().slice(0, 4);

export class CredentialRegistry {
  private readonly byKey = new Map<string, IssuedCredentials>();
  /** How many lookups found an expired key (each one an ExpiredToken answer to the caller). */
  expiredLookups = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  issue(input: { accountId: string; arn: string; lifetimeSeconds?: number; longLived?: boolean }): IssuedCredentials {
    const credentials: IssuedCredentials = {
      accessKeyId: `${input.longLived ? 'AKIA' : 'ASIA'}${input.accountId}${suffix()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      accountId: input.accountId,
      arn: input.arn,
      ...(input.longLived ? {} : { sessionToken: randomBytes(48).toString('base64') }),
      ...(input.lifetimeSeconds !== undefined ? { expiration: new Date(this.now().getTime() + input.lifetimeSeconds * 1000) } : {}),
    };
    this.byKey.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  lookup(accessKeyId: string | undefined): CallerLookup {
    const credentials = accessKeyId === undefined ? undefined : this.byKey.get(accessKeyId);
    if (!credentials) return { kind: 'unknown' };
    if (credentials.expiration && credentials.expiration.getTime() <= this.now().getTime()) {
      this.expiredLookups += 1;
      return { kind: 'expired', credentials };
    }
    return { kind: 'valid', credentials };
  }
}

/** The account encoded in an access key id issued here, or undefined for a foreign key. */
export function accountOfAccessKey(accessKeyId: string): string | undefined {
  return /^(?:AKIA|ASIA)(\d{12})[A-Z0-9]{4}$/.exec(accessKeyId)?.[1];
}

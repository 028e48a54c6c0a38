// Builds the scanner's real adapters from Settings, once per container (or per CLI run). Clients come in
// through `clients` so tests can replace them; per-account S3 clients are made per session and closed with it.
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ControlClient } from '@aws-sdk/client-s3-control';
import type { STSClient } from '@aws-sdk/client-sts';
import pLimit from 'p-limit';
import type { Settings } from '../config';
import type { ScanDeps } from '../scan/scan-account';
import type { ScanLog } from '../scan/log';
import type { AccountDirectory } from '../scan/ports';
import { S3BucketInventory } from './bucket-inventory';
import { createOrganizationsClient, createS3Client, createS3ControlClient, createStsClient, type ClientSettings, type CredentialProvider } from './clients';
import { AssumeRoleSessions, CallerSessions, callerIdentity, profileCredentials, renewOnExpiredToken, type InventoryFactory, type ProviderClock } from './credentials';
import { translateError } from './error-translation';
import { OrganizationsDirectory } from './organizations';

export interface ScanClientFactories {
  sts?: STSClient;
  organizations?: OrganizationsClient;
  s3?: (region: string, credentials: CredentialProvider | undefined) => S3Client;
  s3Control?: (credentials: CredentialProvider | undefined) => S3ControlClient;
}

export interface CreateScanDepsOptions {
  clients?: ScanClientFactories;
  log?: ScanLog;
  /** Base credentials (the CLI's --profile); the SDK's default chain otherwise. */
  credentials?: CredentialProvider;
  /** `caller`: scan the caller's own account with its own credentials, no AssumeRole. */
  mode?: { kind: 'assume-role'; clock?: ProviderClock } | { kind: 'caller'; accountId: string };
}

export interface RealScanDeps extends ScanDeps {
  directory: AccountDirectory;
  /** Releases the shared clients (the CLI calls it before exiting). */
  close(): void;
}

export function createScanDeps(settings: Settings, options: CreateScanDepsOptions = {}): RealScanDeps {
  const clientSettings: ClientSettings = settings;
  const base = options.credentials;
  const sts = options.clients?.sts ?? createStsClient(clientSettings, base);
  const organizations = options.clients?.organizations ?? createOrganizationsClient(clientSettings, base);
  const s3For = options.clients?.s3 ?? ((region, credentials) => createS3Client(clientSettings, region, credentials));
  const controlFor = options.clients?.s3Control ?? ((credentials) => createS3ControlClient(clientSettings, credentials));

  const inventoryFor: InventoryFactory = (accountId, credentials) => {
    const pool = new Map<string, S3Client>();
    const control = renewOnExpiredToken(controlFor(credentials), credentials);
    const s3 = (region: string) => {
      let client = pool.get(region);
      if (!client) {
        client = renewOnExpiredToken(s3For(region, credentials), credentials);
        pool.set(region, client);
      }
      return client;
    };
    return {
      buckets: new S3BucketInventory({ accountId, s3For: s3, control, homeRegion: settings.AWS_REGION }),
      close: () => {
        for (const client of pool.values()) client.destroy();
        control.destroy();
      },
    };
  };

  const mode = options.mode ?? { kind: 'assume-role' };
  const sessions = mode.kind === 'caller'
    ? new CallerSessions({ callerAccountId: mode.accountId, inventoryFor, ...(base ? { credentials: base } : {}) })
    : new AssumeRoleSessions({ sts, inventoryFor, ...(mode.clock ? { clock: mode.clock } : {}) });

  return {
    sessions,
    directory: new OrganizationsDirectory(organizations),
    limitTotal: pLimit(settings.CONCURRENCY_TOTAL),
    ...(options.log ? { log: options.log } : {}),
    close: () => {
      sts.destroy();
      organizations.destroy();
    },
  };
}

export class ConnectError extends Error {
  override name = 'ConnectError';
}

/**
 * The CLI's wiring: the user's credentials (a --profile, or the default chain) and, when no accounts are
 * named, the caller's own account from GetCallerIdentity, scanned without AssumeRole.
 */
export async function connectScan(settings: Settings, options: { profile?: string; ownAccount: boolean; log?: ScanLog }): Promise<{ deps: RealScanDeps; caller?: { accountId: string; arn: string } }> {
  const credentials = options.profile !== undefined ? await profileCredentials(options.profile) : undefined;
  const sts = createStsClient(settings, credentials);
  const common = { ...(credentials ? { credentials } : {}), ...(options.log ? { log: options.log } : {}), clients: { sts } };
  if (!options.ownAccount) return { deps: createScanDeps(settings, common) };
  let caller: { accountId: string; arn: string };
  try {
    caller = await callerIdentity(sts);
  } catch (error) {
    sts.destroy();
    const { code, message } = translateError(error);
    throw new ConnectError(`cannot tell whose credentials these are (GetCallerIdentity): ${code}: ${message}`);
  }
  return { deps: createScanDeps(settings, { ...common, mode: { kind: 'caller', accountId: caller.accountId } }), caller };
}

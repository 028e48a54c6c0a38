// The local AWS shared by `npm start` and the integration tests: real servers on 127.0.0.1 with random
// ports, started in-process. Application code reaches them only through the SDK's standard
// AWS_ENDPOINT_URL_<SERVICE> variables in `env`; nothing in lib/ or functions/ knows they are local.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import type { DemoOrganization } from '../../lib/demo/organization';
import { CredentialRegistry, type IssuedCredentials } from './emulators/credentials';
import { startFauxqsProxy } from './emulators/fauxqs-proxy';
import { listen, type RunningServer } from './emulators/http-server';
import { OrganizationState, type AccountSeed, type EmulatedAccount } from './emulators/organization-state';
import { startOrganizationsServer } from './emulators/organizations-server';
import { startS3Proxy } from './emulators/s3-proxy';
import { S3State } from './emulators/s3-state';
import { seedOrganization, type SeedResult } from './emulators/seed';
import { startSlackSink, type SlackSink } from './emulators/slack-sink';
import { ParameterStore, startSsmServer } from './emulators/ssm-server';
import { startStsServer } from './emulators/sts-server';

export type { SlackSink, SlackPost } from './emulators/slack-sink';
export type { IssuedCredentials } from './emulators/credentials';

export interface LocalAwsOptions {
  /** Region of AWS_REGION (default us-east-1). */
  region?: string;
  /** The account whose long-lived key is in env (runs the scan; owns the organisation). */
  managementAccountId?: string;
  /** AssumeRole credential lifetime in seconds (default 3600); a few seconds exercises refresh. */
  sessionLifetimeSeconds?: number;
  /**
   * The clock that issues and expires credentials (default: the real one). A test that shares a fake clock
   * with the credential provider advances it to expire sessions instead of sleeping.
   */
  credentialClock?: () => Date;
  /** ListAccounts page size when MaxResults is absent (default 20, as AWS). */
  organizationsPageSize?: number;
  /** How S3 refuses a request signed for the wrong region (default: 301 PermanentRedirect). */
  wrongRegion?: 'redirect' | 'malformed';
  slack?: { rateLimitFirst?: number; retryAfterSeconds?: number };
}

export interface LocalAwsAccounts {
  /** Adds (or replaces) a member account of the organisation. */
  add(seed: AccountSeed): EmulatedAccount;
  get(accountId: string): EmulatedAccount | undefined;
  list(): EmulatedAccount[];
  /** Makes the account's audit role refuse (or accept again) every AssumeRole. */
  denyAssumeRole(accountId: string, deny?: boolean): void;
  /** Long-lived keys acting as the account itself, for seeding and test set-up (not for the product). */
  adminCredentials(accountId: string): IssuedCredentials;
}

type EndpointVariable = `AWS_ENDPOINT_URL_${'S3' | 'S3_CONTROL' | 'STS' | 'ORGANIZATIONS' | 'SSM' | 'DYNAMODB' | 'SNS' | 'SQS'}`;
/** The variables a process needs to reach the local AWS through the real SDK (and a few LOCAL_AWS_* facts). */
export type LocalAwsEnv = Record<string, string> & Record<EndpointVariable | 'AWS_REGION' | 'AWS_ACCESS_KEY_ID' | 'AWS_SECRET_ACCESS_KEY' | 'LOCAL_AWS_SLACK_WEBHOOK_URL', string>;

export interface LocalAws {
  /** Everything a process needs to use the local AWS through the real SDK. */
  env: LocalAwsEnv;
  slack: SlackSink;
  accounts: LocalAwsAccounts;
  managementAccountId: string;
  region: string;
  /** Emulator state, for assertions and for seeding what no API sets (e.g. a bucket's creation date). */
  s3: S3State;
  parameters: ParameterStore;
  /** How many requests, to any emulator, were refused because their key had expired (ExpiredToken). */
  expiredKeyRefusals(): number;
  /** Creates the organisation's accounts and buckets through the real SDK clients. */
  seed(organization: DemoOrganization): Promise<SeedResult>;
  stop(): Promise<void>;
}

export async function startLocalAws(options: LocalAwsOptions = {}): Promise<LocalAws> {
  const region = options.region ?? 'us-east-1';
  const managementAccountId = options.managementAccountId ?? '111111111111';
  const registry = new CredentialRegistry(options.credentialClock);
  const organization = new OrganizationState(managementAccountId);
  const s3 = new S3State();
  const parameters = new ParameterStore();
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    // Stop in reverse order and keep going when one fails, so no server outlives the run.
    const failures: unknown[] = [];
    for (const stopOne of stops.splice(0).reverse()) await stopOne().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw new AggregateError(failures, 'local-aws: some servers did not stop cleanly');
  };
  try {
    const directory = await mkdtemp(join(tmpdir(), 's3-cors-audit-s3rver-'));
    stops.push(() => rm(directory, { recursive: true, force: true }));
    const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, resetOnClose: true });
    const s3rverAddress = await s3rver.run();
    stops.push(() => s3rver.close());
    const s3Proxy = await startS3Proxy(s3, registry, { upstream: `http://127.0.0.1:${s3rverAddress.port}`, ...(options.wrongRegion ? { wrongRegion: options.wrongRegion } : {}) });
    stops.push(() => s3Proxy.close());
    const sts = await track(startStsServer(organization, registry, options.sessionLifetimeSeconds !== undefined ? { sessionLifetimeSeconds: options.sessionLifetimeSeconds } : {}));
    const organizations = await track(startOrganizationsServer(organization, registry, options.organizationsPageSize !== undefined ? { defaultPageSize: options.organizationsPageSize } : {}));
    const ssm = await track(startSsmServer(parameters, registry, region));
    const dynamo = await track(listen(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 })));
    // buildApp rather than startFauxqs: the latter listens on 0.0.0.0; the local AWS stays on 127.0.0.1.
    const fauxqs = buildApp({ logger: false, defaultRegion: region });
    await fauxqs.listen({ port: 0, host: '127.0.0.1' });
    stops.push(() => fauxqs.close());
    const fauxqsProxy = await track(startFauxqsProxy(`http://127.0.0.1:${(fauxqs.server.address() as AddressInfo).port}`));
    const slack = await startSlackSink(options.slack ?? {});
    stops.push(() => slack.close());
    const management = registry.issue({ accountId: managementAccountId, arn: `arn:aws:iam::${managementAccountId}:user/s3-cors-audit-operator`, longLived: true });
    const fauxqsUrl = fauxqsProxy.url;
    const env: LocalAwsEnv = {
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: management.accessKeyId,
      AWS_SECRET_ACCESS_KEY: management.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3Proxy.url,
      AWS_ENDPOINT_URL_S3_CONTROL: s3Proxy.url,
      AWS_ENDPOINT_URL_STS: sts.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: organizations.url,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
      AWS_ENDPOINT_URL_SNS: fauxqsUrl,
      AWS_ENDPOINT_URL_SQS: fauxqsUrl,
      S3_FORCE_PATH_STYLE: 'true',
      // Never fall back to the instance metadata service when credentials are looked up.
      AWS_EC2_METADATA_DISABLED: 'true',
      LOCAL_AWS_MANAGEMENT_ACCOUNT_ID: managementAccountId,
      LOCAL_AWS_SLACK_WEBHOOK_URL: slack.webhookUrl,
      LOCAL_AWS_SLACK_CONTROL_URL: slack.controlUrl,
    };
    const accounts: LocalAwsAccounts = {
      add: (seed) => organization.upsert(seed),
      get: (accountId) => organization.get(accountId),
      list: () => organization.list(),
      denyAssumeRole: (accountId, deny = true) => {
        const account = organization.get(accountId);
        if (!account) throw new Error(`local-aws: no account ${accountId}`);
        account.denyAssumeRole = deny;
      },
      adminCredentials: (accountId) => registry.issue({ accountId, arn: `arn:aws:iam::${accountId}:root`, longLived: true }),
    };
    const localAws: LocalAws = {
      env,
      slack,
      accounts,
      managementAccountId,
      region,
      s3,
      parameters,
      expiredKeyRefusals: () => registry.expiredLookups,
      seed: (demo) => seedOrganization(localAws, demo),
      stop,
    };
    return localAws;
  } catch (error) {
    await stop();
    throw error;
  }

  async function track(started: Promise<RunningServer>): Promise<RunningServer> {
    const server = await started;
    stops.push(() => server.close());
    return server;
  }
}

// ExpiredToken before the credentials' stated expiry, through the real S3 client stack against a scripted
// S3 over HTTP: the session drops the refused key and retries once with a fresh AssumeRole, never more.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createS3Client, createS3ControlClient, type ClientSettings } from '../../../lib/aws/clients';
import { createScanDeps } from '../../../lib/aws/scan-deps';
import { loadSettings } from '../../../lib/config';
import type { BucketInventory } from '../../../lib/scan/ports';
import { serveOnRandomPort, type RunningServer } from '../../support/emulators/http-server';

const clientSettings: ClientSettings = { AWS_REGION: 'us-east-1', MAX_ATTEMPTS: 3, CALL_TIMEOUT_MS: 2_000, S3_FORCE_PATH_STYLE: true };
const CORS_XML = '<CORSConfiguration><CORSRule><AllowedOrigin>https://app.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>';
const EXPIRED_XML = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message><RequestId>r</RequestId></Error>';
const HOUR = 3_600_000;

const sts = mockClient(STSClient);
let server: RunningServer;
/** Keys S3 refuses, whatever their stated expiry says (a revoked session). */
const refused = new Set<string>();
/** Access key of every request S3 received, in order, per bucket. */
const seen: Array<{ bucket: string; key: string }> = [];

beforeAll(async () => {
  server = await serveOnRandomPort((request, _body, response) => {
    const bucket = (request.url ?? '/').split('?')[0]!.split('/')[1] ?? '';
    const key = /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1] ?? '';
    seen.push({ bucket, key });
    response.writeHead(refused.has(key) ? 400 : 200, { 'content-type': 'application/xml' });
    response.end(refused.has(key) ? EXPIRED_XML : CORS_XML);
  });
  vi.stubEnv('AWS_ENDPOINT_URL_S3', server.url);
  vi.stubEnv('AWS_ENDPOINT_URL_S3_CONTROL', server.url);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

beforeEach(() => {
  let issued = 0;
  // Every AssumeRole hands out a new key that claims an hour of validity.
  sts.on(AssumeRoleCommand).callsFake(() => {
    issued += 1;
    return { Credentials: { AccessKeyId: `ASIAKEY${issued}`, SecretAccessKey: 's', SessionToken: `t${issued}`, Expiration: new Date(Date.now() + HOUR) } };
  });
});

afterEach(() => {
  sts.reset();
  refused.clear();
  seen.length = 0;
});

const settings = loadSettings({ AWS_REGION: 'us-east-1', MAX_ATTEMPTS: '3', CALL_TIMEOUT_MS: '2000', S3_FORCE_PATH_STYLE: 'true' });
const target = { accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/S3CorsAuditRole' };

async function session(mode?: { kind: 'caller'; accountId: string }): Promise<{ buckets: BucketInventory; close: () => void }> {
  const deps = createScanDeps(settings, {
    clients: {
      sts: new STSClient({ region: 'us-east-1' }),
      s3: (region, credentials) => createS3Client(clientSettings, region, credentials),
      s3Control: (credentials) => createS3ControlClient(clientSettings, credentials),
    },
    ...(mode ? { mode, credentials: async () => ({ accessKeyId: 'AKIACALLER', secretAccessKey: 's' }) } : {}),
  });
  const opening = await deps.sessions.open(target, 'scan-1');
  if (opening.kind !== 'assumed') throw new Error(`expected a session, got ${opening.code}`);
  return { buckets: opening.session.buckets, close: () => (opening.session.close?.(), deps.close()) };
}

describe('an ExpiredToken before the stated expiry', () => {
  it('drops the refused key, assumes the role again and answers the call with the fresh key', async () => {
    refused.add('ASIAKEY1');
    const { buckets, close } = await session();
    try {
      expect(await buckets.getCors('web', 'us-east-1')).toMatchObject({ kind: 'configured' });
      expect(seen).toEqual([{ bucket: 'web', key: 'ASIAKEY1' }, { bucket: 'web', key: 'ASIAKEY2' }]);
      // Later calls keep the fresh key: no AssumeRole per call.
      expect(await buckets.getCors('api', 'us-east-1')).toMatchObject({ kind: 'configured' });
      expect(seen.at(-1)).toEqual({ bucket: 'api', key: 'ASIAKEY2' });
      expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    } finally {
      close();
    }
  });

  it('retries only once: a fresh key refused too is the call answer, recorded as ExpiredToken', async () => {
    refused.add('ASIAKEY1').add('ASIAKEY2').add('ASIAKEY3');
    const { buckets, close } = await session();
    try {
      expect(await buckets.getCors('web', 'us-east-1')).toMatchObject({ kind: 'unreadable', error: { code: 'ExpiredToken' } });
      expect(seen.map((request) => request.key)).toEqual(['ASIAKEY1', 'ASIAKEY2']);
      expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    } finally {
      close();
    }
  });

  it('renews once for many concurrent calls refused with the same key', async () => {
    refused.add('ASIAKEY1');
    const { buckets, close } = await session();
    try {
      const lookups = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((bucket) => buckets.getCors(bucket, 'us-east-1')));
      expect(lookups.map((lookup) => lookup.kind)).toEqual(['configured', 'configured', 'configured', 'configured', 'configured']);
      expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
      expect(seen.filter((request) => request.key === 'ASIAKEY2')).toHaveLength(5);
    } finally {
      close();
    }
  });

  it('covers the S3 Control client too (the account-level PublicAccessBlock)', async () => {
    refused.add('ASIAKEY1');
    const { buckets, close } = await session();
    try {
      const lookup = await buckets.getAccountPublicAccessBlock();
      expect(seen.map((request) => request.key)).toEqual(['ASIAKEY1', 'ASIAKEY2']);
      // The scripted S3 answers CORS XML to S3 Control: it only matters that the call was re-signed, not how it parses.
      expect(lookup.kind === 'unreadable' && lookup.error.code).not.toBe('ExpiredToken');
    } finally {
      close();
    }
  });

  it('leaves the caller own credentials alone: nothing to renew, the refusal is recorded at once', async () => {
    refused.add('AKIACALLER');
    const { buckets, close } = await session({ kind: 'caller', accountId: target.accountId });
    try {
      expect(await buckets.getCors('web', 'us-east-1')).toMatchObject({ kind: 'unreadable', error: { code: 'ExpiredToken' } });
      expect(seen).toHaveLength(1);
      expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    } finally {
      close();
    }
  });
});

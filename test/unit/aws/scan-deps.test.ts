import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createScanDeps } from '../../../lib/aws/scan-deps';
import { loadSettings } from '../../../lib/config';

const s3 = mockClient(S3Client);
const sts = mockClient(STSClient);
afterEach(() => {
  s3.reset();
  sts.reset();
});

describe('createScanDeps', () => {
  it('makes one S3 client per account and region, with the assumed credentials, and closes them with the session', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'a', BucketRegion: 'eu-west-1' }] });
    const made: Array<{ region: string; client: S3Client; destroyed: boolean }> = [];
    const deps = createScanDeps(loadSettings({ AWS_REGION: 'eu-central-1', CONCURRENCY_TOTAL: '3' }), {
      clients: {
        sts: new STSClient({ region: 'us-east-1' }),
        s3: (region, credentials) => {
          const client = new S3Client({ region, ...(credentials ? { credentials } : {}) });
          const entry = { region, client, destroyed: false };
          client.destroy = () => void (entry.destroyed = true);
          made.push(entry);
          return client;
        },
        s3Control: () => new S3ControlClient({ region: 'us-east-1' }),
      },
    });
    const opening = await deps.sessions.open({ accountId: '222222222222', roleArn: 'arn:aws:iam::222222222222:role/R' }, 'scan-1');
    if (opening.kind !== 'assumed') throw new Error('expected a session');
    await opening.session.buckets.listBuckets();
    await opening.session.buckets.listBuckets();
    expect(made.map((entry) => entry.region)).toEqual(['eu-central-1']);
    expect((await made[0]!.client.config.credentials()).accessKeyId).toBe('ASIAEXAMPLE');
    opening.session.close?.();
    expect(made.every((entry) => entry.destroyed)).toBe(true);
    deps.close();
  });
});

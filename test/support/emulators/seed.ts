// Seeds a demo organisation into the local AWS through the real SDK clients, signed as each account
// and for each bucket's region, exactly as the owners would have configured them.
import { CreateBucketCommand, DeleteBucketCorsCommand, PutBucketAclCommand, PutBucketCorsCommand, PutBucketPolicyCommand, PutBucketTaggingCommand, PutBucketWebsiteCommand, PutPublicAccessBlockCommand, S3Client, type BucketLocationConstraint, type CORSRule } from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import pLimit from 'p-limit';
import type { S3CorsRule } from '../../../lib/cors/types';
import type { DemoChange } from '../../../lib/demo/changes';
import type { DemoBucket, DemoOrganization } from '../../../lib/demo/organization';
import type { LocalAws } from '../local-aws';
import { createS3ControlClient } from './s3-control-client';

export interface SeedResult {
  accounts: number;
  buckets: number;
  /** SSM parameter holding the Slack webhook URL (SecureString). */
  slackWebhookParameter: string;
}

export const SLACK_WEBHOOK_PARAMETER = '/s3-cors-audit/slack-webhook-url';

/** An S3 client acting as the account itself, signed for one region. */
export function s3ClientFor(localAws: LocalAws, accountId: string, region: string): S3Client {
  const { accessKeyId, secretAccessKey } = localAws.accounts.adminCredentials(accountId);
  return new S3Client({ region, endpoint: localAws.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
}

export async function seedOrganization(localAws: LocalAws, organization: DemoOrganization): Promise<SeedResult> {
  for (const account of organization.accounts) {
    localAws.accounts.add({
      id: account.id,
      name: account.name,
      status: account.status,
      roleNames: [organization.auditRoleName],
      externalId: organization.externalId,
      denyAssumeRole: account.auditRole === 'deny',
    });
  }
  const limit = pLimit(8);
  await Promise.all(organization.accounts.flatMap((account) => account.buckets.map((bucket) => limit(() => createDemoBucket(localAws, account.id, bucket)))));
  // Account-level blocks go last: BlockPublicPolicy would refuse the public policies seeded above,
  // which is how such buckets come to exist in real accounts (policy first, block later).
  for (const account of organization.accounts) {
    if (!account.publicAccessBlock) continue;
    const { accessKeyId, secretAccessKey } = localAws.accounts.adminCredentials(account.id);
    const control = createS3ControlClient({ region: localAws.region, endpoint: localAws.env.AWS_ENDPOINT_URL_S3_CONTROL, credentials: { accessKeyId, secretAccessKey } });
    const flags = account.publicAccessBlock;
    await control.send(new PutAccountPublicAccessBlockCommand({
      AccountId: account.id,
      PublicAccessBlockConfiguration: { BlockPublicAcls: flags.blockPublicAcls, IgnorePublicAcls: flags.ignorePublicAcls, BlockPublicPolicy: flags.blockPublicPolicy, RestrictPublicBuckets: flags.restrictPublicBuckets },
    }));
    control.destroy();
  }
  localAws.parameters.put(SLACK_WEBHOOK_PARAMETER, localAws.slack.webhookUrl, 'SecureString');
  return { accounts: organization.accounts.length, buckets: organization.accounts.reduce((sum, account) => sum + account.buckets.length, 0), slackWebhookParameter: SLACK_WEBHOOK_PARAMETER };
}

export async function createDemoBucket(localAws: LocalAws, accountId: string, bucket: DemoBucket): Promise<void> {
  const s3 = s3ClientFor(localAws, accountId, bucket.region);
  const Bucket = bucket.name;
  try {
    await s3.send(new CreateBucketCommand({
      Bucket,
      ...(bucket.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: bucket.region as BucketLocationConstraint } }),
      ...(bucket.acl ? { ACL: bucket.acl } : {}),
    }));
    if (bucket.cors) await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules: sdkCorsRules(bucket.cors) } }));
    if (bucket.policy) await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(bucket.policy) }));
    if (bucket.website) await s3.send(new PutBucketWebsiteCommand({ Bucket, WebsiteConfiguration: { IndexDocument: { Suffix: bucket.website.indexDocument } } }));
    if (bucket.tags) await s3.send(new PutBucketTaggingCommand({ Bucket, Tagging: { TagSet: Object.entries(bucket.tags).map(([Key, Value]) => ({ Key, Value })) } }));
    if (bucket.publicAccessBlock) {
      const flags = bucket.publicAccessBlock;
      await s3.send(new PutPublicAccessBlockCommand({ Bucket, PublicAccessBlockConfiguration: { BlockPublicAcls: flags.blockPublicAcls, IgnorePublicAcls: flags.ignorePublicAcls, BlockPublicPolicy: flags.blockPublicPolicy, RestrictPublicBuckets: flags.restrictPublicBuckets } }));
    }
    if (bucket.acl && bucket.acl !== 'private') await s3.send(new PutBucketAclCommand({ Bucket, ACL: bucket.acl }));
  } finally {
    s3.destroy();
  }
}

/** The engine's rule shape leaves origins and methods optional (lint input); S3's API requires them. */
function sdkCorsRules(rules: readonly S3CorsRule[]): CORSRule[] {
  return rules.map((rule) => ({ ...rule, AllowedOrigins: rule.AllowedOrigins ?? [], AllowedMethods: rule.AllowedMethods ?? [] }));
}

/** Applies the changes made between two demo scans, as the bucket owners would. */
export async function applyDemoChanges(localAws: LocalAws, changes: readonly DemoChange[]): Promise<void> {
  for (const change of changes) {
    if (change.kind === 'create-bucket') {
      await createDemoBucket(localAws, change.accountId, change.bucket);
      continue;
    }
    const s3 = s3ClientFor(localAws, change.accountId, change.region);
    try {
      if (change.kind === 'put-cors') await s3.send(new PutBucketCorsCommand({ Bucket: change.bucket, CORSConfiguration: { CORSRules: sdkCorsRules(change.cors) } }));
      else await s3.send(new DeleteBucketCorsCommand({ Bucket: change.bucket }));
    } finally {
      s3.destroy();
    }
  }
}

// The local AWS answers the REAL SDK clients over HTTP as AWS does: these tests check the emulators
// themselves (the product's adapters have their own integration tests).
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { OrganizationsClient, ListAccountsCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import { GetBucketAclCommand, GetBucketCorsCommand, GetBucketLocationCommand, GetBucketPolicyStatusCommand, GetBucketTaggingCommand, GetBucketWebsiteCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client, S3ServiceException, paginateListBuckets } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { PublishBatchCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOSTILE_ORIGINS, DEMO_ORGANIZATION, DEMO_SUPPRESSION_TAG, DEMO_SUPPRESSION_VALUE, type DemoAccount } from '../../lib/demo/organization';
import { parseSuppressionTag } from '../../lib/engine/suppressions';
import { fakeClock } from '../support/fake-clock';
import { startLocalAws, type LocalAws } from '../support/local-aws';
import { createTable, createTopicWithQueue, drainQueue, localClientConfig } from '../support/local-aws-resources';
import { createS3ControlClient } from '../support/emulators/s3-control-client';
import { SLACK_WEBHOOK_PARAMETER } from '../support/emulators/seed';
import { readSlackPosts, uniqueResourceName, useLocalAws } from '../support/use-local-aws';

const ROLE = DEMO_ORGANIZATION.auditRoleName;
const EXTERNAL_ID = DEMO_ORGANIZATION.externalId;
const account = (name: string): DemoAccount => {
  const found = DEMO_ORGANIZATION.accounts.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no demo account ${name}`);
  return found;
};
const MARKETING = account('marketing-web');
const PAYMENTS = account('payments-prod');

let aws: LocalAws;
/** The local STS issues and expires sessions on this clock: a test expires them by advancing it, not by sleeping. */
const clock = fakeClock();
const clients: Array<{ destroy(): void }> = [];
const track = <T extends { destroy(): void }>(client: T): T => {
  clients.push(client);
  return client;
};

beforeAll(async () => {
  // A private instance (the shared one is seeded with defaults): short sessions and small pages.
  aws = await startLocalAws({ sessionLifetimeSeconds: 2, organizationsPageSize: 2, credentialClock: clock.date, slack: { rateLimitFirst: 2, retryAfterSeconds: 3 } });
  await aws.seed(DEMO_ORGANIZATION);
});

afterAll(async () => {
  clients.forEach((client) => client.destroy());
  await aws?.stop();
});

const management = () => localClientConfig(aws.env);
const sts = () => track(new STSClient({ ...management(), endpoint: aws.env.AWS_ENDPOINT_URL_STS }));

async function assume(accountId: string, externalId: string | undefined = EXTERNAL_ID): Promise<AwsCredentialIdentity> {
  const { Credentials } = await sts().send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: 's3-cors-audit-test', ...(externalId ? { ExternalId: externalId } : {}) }));
  return { accessKeyId: Credentials?.AccessKeyId ?? '', secretAccessKey: Credentials?.SecretAccessKey ?? '', sessionToken: Credentials?.SessionToken ?? '', ...(Credentials?.Expiration ? { expiration: Credentials.Expiration } : {}) };
}

function s3As(credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider, region = 'us-east-1', extra: { followRegionRedirects?: boolean } = {}): S3Client {
  return track(new S3Client({ region, endpoint: aws.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, credentials, ...extra }));
}

async function s3Error(promise: Promise<unknown>): Promise<S3ServiceException> {
  const error: unknown = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error, 'expected the call to fail').toBeInstanceOf(Error);
  return error as S3ServiceException;
}

describe('S3: ListBuckets per calling account', () => {
  it('lists exactly the caller account\'s buckets, each with its BucketRegion', async () => {
    const s3 = s3As(await assume(MARKETING.id));
    const { Buckets = [], Owner } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets.map((bucket) => [bucket.Name, bucket.BucketRegion]).sort()).toEqual(MARKETING.buckets.map((bucket) => [bucket.name, bucket.region]).sort());
    expect(Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pages with MaxBuckets/ContinuationToken and filters by bucket-region', async () => {
    const s3 = s3As(await assume(MARKETING.id));
    const pages: string[][] = [];
    for await (const page of paginateListBuckets({ client: s3, pageSize: 5 }, {})) pages.push((page.Buckets ?? []).map((bucket) => bucket.Name ?? ''));
    expect(pages.map((page) => page.length)).toEqual([5, 5, 4]);
    expect(pages.flat()).toEqual(MARKETING.buckets.map((bucket) => bucket.name).sort());
    const { Buckets = [] } = await s3.send(new ListBucketsCommand({ BucketRegion: 'eu-west-1' }));
    expect(Buckets.map((bucket) => bucket.Name).sort()).toEqual(['mkt-landing-pages', 'mkt-ngrok-demo', 'mkt-preview-builds']);
  });
});

describe('S3: regions', () => {
  it('answers GetBucketLocation from any region (empty for us-east-1)', async () => {
    const s3 = s3As(await assume(MARKETING.id), 'ap-southeast-2');
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'mkt-landing-pages' }))).LocationConstraint).toBe('eu-west-1');
    expect((await s3.send(new GetBucketLocationCommand({ Bucket: 'mkt-public-assets' }))).LocationConstraint ?? '').toBe('');
  });

  it('refuses a request signed for the wrong region with 301 PermanentRedirect and the region hint', async () => {
    const credentials = await assume(MARKETING.id);
    const error = await s3Error(s3As(credentials, 'us-east-1').send(new GetBucketCorsCommand({ Bucket: 'mkt-landing-pages' })));
    expect(error.name).toBe('PermanentRedirect');
    expect(error.$metadata.httpStatusCode).toBe(301);
    expect(error.$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
    const followed = await s3As(credentials, 'us-east-1', { followRegionRedirects: true }).send(new GetBucketCorsCommand({ Bucket: 'mkt-landing-pages' }));
    expect(followed.CORSRules?.[0]?.AllowedOrigins).toEqual(['https://*example.com']);
  });
});

describe('S3: exposure APIs', () => {
  let s3: S3Client;
  beforeAll(async () => {
    s3 = s3As(await assume(MARKETING.id));
  });

  it('GetBucketPolicyStatus: public, not public (conditioned), and NoSuchBucketPolicy', async () => {
    expect((await s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'mkt-public-assets' }))).PolicyStatus?.IsPublic).toBe(true);
    expect((await s3Error(s3.send(new GetBucketPolicyStatusCommand({ Bucket: 'mkt-campaign-uploads' })))).name).toBe('NoSuchBucketPolicy');
    const dataPlatform = s3As(await assume(account('data-platform').id), 'ap-southeast-2');
    expect((await dataPlatform.send(new GetBucketPolicyStatusCommand({ Bucket: 'dp-notebook-exports-apse2' }))).PolicyStatus?.IsPublic).toBe(false);
  });

  it('GetPublicAccessBlock (bucket level): the flags, or NoSuchPublicAccessBlockConfiguration', async () => {
    expect((await s3.send(new GetPublicAccessBlockCommand({ Bucket: 'mkt-private-reports' }))).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const missing = await s3Error(s3.send(new GetPublicAccessBlockCommand({ Bucket: 'mkt-public-assets' })));
    expect([missing.name, missing.$metadata.httpStatusCode]).toEqual(['NoSuchPublicAccessBlockConfiguration', 404]);
  });

  it('GetBucketAcl: AllUsers grants from canned ACLs, owner-only otherwise', async () => {
    const groupGrants = async (client: S3Client, bucket: string) =>
      ((await client.send(new GetBucketAclCommand({ Bucket: bucket }))).Grants ?? []).filter((grant) => grant.Grantee?.Type === 'Group').map((grant) => [grant.Grantee?.URI, grant.Permission]);
    expect(await groupGrants(s3, 'mkt-fonts-cdn')).toEqual([['http://acs.amazonaws.com/groups/global/AllUsers', 'READ']]);
    expect(await groupGrants(s3, 'mkt-campaign-uploads')).toEqual([]);
    const dataPlatform = s3As(await assume(account('data-platform').id), 'ap-southeast-2');
    expect(await groupGrants(dataPlatform, 'dp-shared-datasets')).toEqual([['http://acs.amazonaws.com/groups/global/AllUsers', 'READ'], ['http://acs.amazonaws.com/groups/global/AllUsers', 'WRITE']]);
  });

  it('GetBucketWebsite and GetBucketTagging: the configuration, or their NoSuch* errors', async () => {
    expect((await s3.send(new GetBucketWebsiteCommand({ Bucket: 'mkt-website-www' }))).IndexDocument?.Suffix).toBe('index.html');
    expect((await s3Error(s3.send(new GetBucketWebsiteCommand({ Bucket: 'mkt-public-assets' })))).name).toBe('NoSuchWebsiteConfiguration');
    const { TagSet = [] } = await s3.send(new GetBucketTaggingCommand({ Bucket: 'mkt-accepted-assets' }));
    expect(TagSet).toContainEqual({ Key: DEMO_SUPPRESSION_TAG, Value: DEMO_SUPPRESSION_VALUE });
    expect(parseSuppressionTag(DEMO_SUPPRESSION_VALUE, 'mkt-accepted-assets').problems).toEqual([]);
    expect((await s3Error(s3.send(new GetBucketTaggingCommand({ Bucket: 'mkt-public-assets' })))).name).toBe('NoSuchTagSet');
  });

  it('GetBucketCors round-trips hostile origins unchanged, and NoSuchCORSConfiguration without CORS', async () => {
    const payments = s3As(await assume(PAYMENTS.id), 'eu-west-1');
    const { CORSRules = [] } = await payments.send(new GetBucketCorsCommand({ Bucket: 'pay-hostile-cors' }));
    expect(CORSRules[0]?.AllowedOrigins).toEqual(DEMO_HOSTILE_ORIGINS);
    expect(CORSRules[0]?.ID).toBe('<!channel> please look');
    expect((await s3Error(payments.send(new GetBucketCorsCommand({ Bucket: 'pay-settlement-archive' })))).name).toBe('NoSuchCORSConfiguration');
  });

  it('refuses another account\'s bucket with AccessDenied and an unknown bucket with NoSuchBucket', async () => {
    expect((await s3Error(s3As(await assume(MARKETING.id), 'eu-west-1').send(new GetBucketCorsCommand({ Bucket: 'pay-receipts-eu' })))).name).toBe('AccessDenied');
    expect((await s3Error(s3.send(new GetBucketCorsCommand({ Bucket: 'no-such-bucket-anywhere' })))).name).toBe('NoSuchBucket');
  });
});

describe('S3 Control: account-level public access block', () => {
  it('answers the flags, NoSuchPublicAccessBlockConfiguration, and AccessDenied for another account', async () => {
    const control = (credentials: AwsCredentialIdentity) => track(createS3ControlClient({ region: 'us-east-1', endpoint: aws.env.AWS_ENDPOINT_URL_S3_CONTROL, credentials }));
    const payments = control(await assume(PAYMENTS.id));
    expect((await payments.send(new GetAccountPublicAccessBlockCommand({ AccountId: PAYMENTS.id }))).PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const marketing = control(await assume(MARKETING.id));
    expect((await s3Error(marketing.send(new GetAccountPublicAccessBlockCommand({ AccountId: MARKETING.id })))).name).toBe('NoSuchPublicAccessBlockConfiguration');
    expect((await s3Error(marketing.send(new GetAccountPublicAccessBlockCommand({ AccountId: PAYMENTS.id })))).name).toBe('AccessDenied');
  });
});

describe('STS', () => {
  it('GetCallerIdentity answers for the management key and for assumed-role credentials', async () => {
    expect((await sts().send(new GetCallerIdentityCommand({}))).Account).toBe(aws.managementAccountId);
    const assumed = track(new STSClient({ region: 'us-east-1', endpoint: aws.env.AWS_ENDPOINT_URL_STS, credentials: await assume(MARKETING.id) }));
    const identity = await assumed.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(MARKETING.id);
    expect(identity.Arn).toBe(`arn:aws:sts::${MARKETING.id}:assumed-role/${ROLE}/s3-cors-audit-test`);
  });

  it.each([
    ['the denied account', () => assume(account('legacy-sandbox').id)],
    ['a wrong ExternalId', () => assume(MARKETING.id, 'not-the-external-id')],
    ['no ExternalId', () => assume(MARKETING.id, '')],
    ['an account outside the organisation', () => assume('999999999999')],
    ['a suspended account', () => assume(account('closed-2023').id)],
  ])('AssumeRole refuses %s with AccessDenied', async (_case, attempt) => {
    const error = await s3Error(attempt());
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toContain('is not authorized to perform: sts:AssumeRole');
  });

  it('issues credentials that encode the account and expire; a refreshing provider keeps working', async () => {
    const credentials = await assume(MARKETING.id);
    expect(credentials.accessKeyId).toMatch(new RegExp(`^ASIA${MARKETING.id}[A-Z0-9]{4}$`));
    expect(credentials.expiration!.getTime() - clock.now()).toBe(2_000);
    const refreshing = fromTemporaryCredentials({
      params: { RoleArn: `arn:aws:iam::${MARKETING.id}:role/${ROLE}`, RoleSessionName: 'refresh-test', ExternalId: EXTERNAL_ID },
      masterCredentials: management().credentials,
      clientConfig: { region: 'us-east-1', endpoint: aws.env.AWS_ENDPOINT_URL_STS },
    });
    const fixed = s3As(credentials);
    const refreshed = s3As(refreshing);
    await refreshed.send(new ListBucketsCommand({}));
    expect((await fixed.send(new ListBucketsCommand({}))).Buckets).toHaveLength(MARKETING.buckets.length);
    clock.advance(2_100);
    expect((await s3Error(fixed.send(new ListBucketsCommand({})))).name).toBe('ExpiredToken');
    expect((await refreshed.send(new ListBucketsCommand({}))).Buckets).toHaveLength(MARKETING.buckets.length);
  });
});

describe('Organizations', () => {
  it('pages ListAccounts and reports ACTIVE and SUSPENDED accounts', async () => {
    const organizations = track(new OrganizationsClient({ ...management(), endpoint: aws.env.AWS_ENDPOINT_URL_ORGANIZATIONS }));
    const first = await organizations.send(new ListAccountsCommand({}));
    expect(first.Accounts).toHaveLength(2);
    expect(first.NextToken).toBeTruthy();
    const all = [];
    for await (const page of paginateListAccounts({ client: organizations }, {})) all.push(...(page.Accounts ?? []));
    expect(all.map((entry) => [entry.Id, entry.Status])).toEqual(DEMO_ORGANIZATION.accounts.map((entry) => [entry.id, entry.status]));
    expect(all[0]?.JoinedTimestamp).toBeInstanceOf(Date);
  });

  it('refuses a member account with AccessDeniedException', async () => {
    const member = track(new OrganizationsClient({ region: 'us-east-1', endpoint: aws.env.AWS_ENDPOINT_URL_ORGANIZATIONS, credentials: await assume(MARKETING.id) }));
    expect((await s3Error(member.send(new ListAccountsCommand({})))).name).toBe('AccessDeniedException');
  });
});

describe('SSM', () => {
  it('decrypts the Slack webhook only WithDecryption, and reports missing parameters', async () => {
    const ssm = track(new SSMClient({ ...management(), endpoint: aws.env.AWS_ENDPOINT_URL_SSM }));
    expect((await ssm.send(new GetParameterCommand({ Name: SLACK_WEBHOOK_PARAMETER, WithDecryption: true }))).Parameter?.Value).toBe(aws.slack.webhookUrl);
    expect((await ssm.send(new GetParameterCommand({ Name: SLACK_WEBHOOK_PARAMETER }))).Parameter?.Value).not.toBe(aws.slack.webhookUrl);
    expect((await s3Error(ssm.send(new GetParameterCommand({ Name: '/missing' })))).name).toBe('ParameterNotFound');
    const both = await ssm.send(new GetParametersCommand({ Names: [SLACK_WEBHOOK_PARAMETER, '/missing'], WithDecryption: true }));
    expect([both.Parameters?.map((parameter) => parameter.Value), both.InvalidParameters]).toEqual([[aws.slack.webhookUrl], ['/missing']]);
  });
});

describe('SNS → SQS (fauxqs) and DynamoDB (dynalite)', () => {
  it('fans Publish and PublishBatch out to a subscribed queue with the SNS envelope and attributes', async () => {
    const { topicArn, queueUrl } = await createTopicWithQueue(aws.env, uniqueResourceName('alerts'));
    // Queue URLs point at the endpoint itself (never *.localhost), so the SQS client stays on it.
    expect(queueUrl.startsWith(`${aws.env.AWS_ENDPOINT_URL_SQS}/`)).toBe(true);
    const sns = track(new SNSClient({ ...management(), endpoint: aws.env.AWS_ENDPOINT_URL_SNS }));
    await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ n: 1 }), MessageAttributes: { severity: { DataType: 'String', StringValue: 'high' } } }));
    await sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [2, 3].map((n) => ({ Id: `m${n}`, Message: JSON.stringify({ n }) })) }));
    const bodies = (await drainQueue(aws.env, queueUrl)).map((message) => JSON.parse(message.Body ?? '{}') as { Type: string; TopicArn: string; Message: string; MessageAttributes?: Record<string, { Value: string }> });
    expect(bodies.map((body) => (JSON.parse(body.Message) as { n: number }).n).sort()).toEqual([1, 2, 3]);
    expect(bodies.every((body) => body.Type === 'Notification' && body.TopicArn === topicArn)).toBe(true);
    expect(bodies.find((body) => body.MessageAttributes)?.MessageAttributes?.severity?.Value).toBe('high');
  });

  it('creates a table, puts and queries items', async () => {
    const table = await createTable(aws.env, {
      TableName: uniqueResourceName('report'),
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    });
    const dynamo = track(new DynamoDBClient({ ...management(), endpoint: aws.env.AWS_ENDPOINT_URL_DYNAMODB }));
    for (const sk of ['b', 'a', 'c']) await dynamo.send(new PutItemCommand({ TableName: table.tableName, Item: { pk: { S: 'account#1' }, sk: { S: sk } } }));
    const { Items = [] } = await dynamo.send(new QueryCommand({ TableName: table.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'account#1' } } }));
    expect(Items.map((item) => item.sk?.S)).toEqual(['a', 'b', 'c']);
    await table.drop();
  });
});

describe('Slack sink', () => {
  it('answers the first posts 429 with Retry-After, then records JSON bodies', async () => {
    const post = (text: string) => fetch(aws.slack.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
    const answers = [await post('one'), await post('two'), await post('three')];
    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 200]);
    expect(answers[0]?.headers.get('retry-after')).toBe('3');
    expect(aws.slack.delivered().map((delivered) => delivered.body)).toEqual([{ text: 'three' }]);
    expect(aws.slack.posts).toHaveLength(3);
  });

  it('is driven over its control URL: rate-limit the next post, list, clear', async () => {
    await fetch(`${aws.slack.controlUrl}?count=1&retryAfterSeconds=5`, { method: 'POST' });
    const post = () => fetch(aws.slack.webhookUrl, { method: 'POST', body: '{"text":"x"}' });
    const first = await post();
    expect([first.status, first.headers.get('retry-after'), (await post()).status]).toEqual([429, '5', 200]);
    const listed = (await (await fetch(aws.slack.controlUrl)).json()) as unknown[];
    expect(listed).toHaveLength(aws.slack.posts.length);
    await fetch(aws.slack.controlUrl, { method: 'DELETE' });
    expect(aws.slack.posts).toEqual([]);
  });
});

describe('the shared local AWS from globalSetup', () => {
  it('is reachable through process.env alone, as application code reaches it', async () => {
    const env = useLocalAws();
    const client = track(new STSClient({}));
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe(env.LOCAL_AWS_MANAGEMENT_ACCOUNT_ID);
    const ssm = track(new SSMClient({}));
    expect((await ssm.send(new GetParameterCommand({ Name: env.LOCAL_AWS_SLACK_WEBHOOK_PARAMETER, WithDecryption: true }))).Parameter?.Value).toBe(env.LOCAL_AWS_SLACK_WEBHOOK_URL);
  });

  it('lets a test file read the shared Slack sink over HTTP', async () => {
    // Other files share this sink: no clearing or rate limiting here, only our own marked post.
    const env = useLocalAws();
    const marker = uniqueResourceName('post');
    expect((await fetch(env.LOCAL_AWS_SLACK_WEBHOOK_URL ?? '', { method: 'POST', body: JSON.stringify({ text: `${marker} <!here>` }) })).status).toBe(200);
    expect((await readSlackPosts(env)).filter((entry) => JSON.stringify(entry.body).includes(marker)).map((entry) => [entry.status, entry.body])).toEqual([[200, { text: `${marker} <!here>` }]]);
  });
});

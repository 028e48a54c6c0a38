// Packages the service with osls (offline: fake credentials, no telemetry, no dashboard) and checks the
// CloudFormation it produces: functions and the settings each one gets, events, queue and DLQ, table, topic
// and Slack filter with its failure queue, HTTP API with IAM auth, and least-privilege roles. Also checks
// the member-account audit role template.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { parse, type Tags } from 'yaml';
import { reportTableDefinition } from '../../lib/aws/report-table';
import { loadSettings, type Settings } from '../../lib/config';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

type Json = Record<string, unknown>;
interface Statement { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }

let outDir = '';
let template: { Resources: Record<string, { Type: string; Properties: Json; Condition?: string }>; Conditions?: Json };

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 's3-cors-audit-package-'));
  // Packaging time is a bench/ figure, not an assertion here: the timeouts only stop a hung osls.
  await run(join(root, 'node_modules/.bin/osls'), ['package', '--stage', 'test', '--region', 'us-east-1', '--package', outDir], {
    cwd: root,
    timeout: 170_000,
    env: {
      PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
      HOME: outDir,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      SLS_DEPRECATION_DISABLE: '*',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  template = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
}, 180_000);

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const resource = (logicalId: string) => {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`no resource ${logicalId}`);
  return found;
};
const ofType = (type: string) => Object.entries(template.Resources).filter(([, item]) => item.Type === type);

const FUNCTIONS = {
  'schedule-scan': { logicalId: 'ScheduleDashscanLambdaFunction', role: 'ScheduleScanRole' },
  'scan-account': { logicalId: 'ScanDashaccountLambdaFunction', role: 'ScanAccountRole' },
  'on-cors-change': { logicalId: 'OnDashcorsDashchangeLambdaFunction', role: 'OnCorsChangeRole' },
  'notify-slack': { logicalId: 'NotifyDashslackLambdaFunction', role: 'NotifySlackRole' },
  'query-report': { logicalId: 'QueryDashreportLambdaFunction', role: 'QueryReportRole' },
} as const;

describe('osls package', () => {
  it.each(Object.entries(FUNCTIONS))('%s runs on nodejs22.x arm64 with its bundled handler and its own role', (name, { logicalId, role }) => {
    const fn = resource(logicalId).Properties;
    expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: `.esbuild/${name}/index.handler`, Role: { 'Fn::GetAtt': [role, 'Arn'] } });
    // Only the bundle goes into the zip; zipped it stays under 1 MB.
    const zip = join(outDir, `${name}.zip`);
    expect(statSync(zip).size).toBeLessThan(1_000_000);
    // Zip entry names are stored in clear: the ESM bundle and the package.json that makes it ESM, nothing else.
    const names = [...readFileSync(zip).toString('latin1').matchAll(/\.esbuild\/[\w./-]+?\.(?:json|js|map|ts)\b/g)].map((match) => match[0]);
    expect(new Set(names)).toEqual(new Set([`.esbuild/${name}/index.js`, `.esbuild/${name}/package.json`]));
  });

  it('never retries a failed scan start; retries a rescan twice within an hour', () => {
    const configs = Object.fromEntries(ofType('AWS::Lambda::EventInvokeConfig').map(([, config]) => [(config.Properties.FunctionName as { Ref: string }).Ref, config.Properties]));
    expect(configs[FUNCTIONS['schedule-scan'].logicalId]).toMatchObject({ MaximumRetryAttempts: 0 });
    expect(configs[FUNCTIONS['on-cors-change'].logicalId]).toMatchObject({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
  });

  it('schedules schedule-scan nightly', () => {
    const rules = ofType('AWS::Events::Rule').map(([, rule]) => rule.Properties).filter((rule) => rule.ScheduleExpression);
    expect(rules).toEqual([expect.objectContaining({ ScheduleExpression: 'cron(0 2 * * ? *)', State: 'ENABLED', Targets: [expect.objectContaining({ Arn: { 'Fn::GetAtt': [FUNCTIONS['schedule-scan'].logicalId, 'Arn'] } })] })]);
  });

  it('feeds scan-account from the scan queue with partial batch failures, the queue redriving to a DLQ', () => {
    const [[, mapping] = []] = ofType('AWS::Lambda::EventSourceMapping');
    expect(mapping?.Properties).toMatchObject({ EventSourceArn: { 'Fn::GetAtt': ['ScanQueue', 'Arn'] }, FunctionResponseTypes: ['ReportBatchItemFailures'], Enabled: true });
    expect(mapping?.Properties.BatchSize).toBeLessThanOrEqual(10);
    const queue = resource('ScanQueue').Properties;
    expect(queue.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': ['ScanDeadLetterQueue', 'Arn'] }, maxReceiveCount: 3 });
    // Lambda's guidance: the visibility timeout is at least six times the function timeout.
    expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(6 * (resource(FUNCTIONS['scan-account'].logicalId).Properties.Timeout as number));
    expect(resource('ScanDeadLetterQueue').Properties.MessageRetentionPeriod).toBe(1_209_600);
  });

  it('routes CloudTrail PutBucketCors and DeleteBucketCors to on-cors-change', () => {
    const rule = ofType('AWS::Events::Rule').map(([, item]) => item.Properties).find((item) => item.EventPattern);
    expect(rule?.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketCors', 'DeleteBucketCors'] },
    });
    expect(rule?.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [FUNCTIONS['on-cors-change'].logicalId, 'Arn'] } })]);
  });

  it('listens on an existing bus and never creates one (eventBus is "default" or an ARN; a plain name is refused)', async () => {
    expect(ofType('AWS::Events::EventBus')).toEqual([]);
    const { refuseNewEventBus } = (await import(new URL('../../scripts/bundle.mjs', import.meta.url).href)) as { refuseNewEventBus: (functions: Json) => void };
    const listening = (eventBus: string) => ({ 'on-cors-change': { events: [{ eventBridge: { eventBus } }] } });
    expect(() => refuseNewEventBus(listening('default'))).not.toThrow();
    expect(() => refuseNewEventBus(listening('arn:aws:events:us-east-1:111111111111:event-bus/org-cors-events'))).not.toThrow();
    expect(() => refuseNewEventBus(listening('org-cors-events'))).toThrow('on-cors-change: eventBus must be "default" or the ARN of an existing event bus');
  });

  it('creates the report table with exactly the keys and indexes the code queries, and TTL', () => {
    const table = resource('ReportTable').Properties;
    const { TableName: _name, ...definition } = reportTableDefinition('unused');
    expect(table).toMatchObject({ ...definition, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } });
    expect((table.GlobalSecondaryIndexes as unknown[]).length).toBe(definition.GlobalSecondaryIndexes?.length);
    expect((table.AttributeDefinitions as unknown[]).length).toBe(definition.AttributeDefinitions?.length);
    expect(resource('ReportTable')).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  it('subscribes notify-slack to the alerts topic with a body filter: digests and findings at or above high', () => {
    const [[, subscription] = []] = ofType('AWS::SNS::Subscription');
    expect(subscription?.Properties).toEqual({
      TopicArn: { Ref: 'AlertsTopic' },
      Protocol: 'lambda',
      Endpoint: { 'Fn::GetAtt': [FUNCTIONS['notify-slack'].logicalId, 'Arn'] },
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: { $or: [{ type: ['digest'] }, { finding: { severity: ['high', 'critical'] } }] },
    });
  });

  it('serves query-report through an HTTP API route that requires IAM (SigV4) authentication', () => {
    const routes = ofType('AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route).toMatchObject({ AuthorizationType: 'AWS_IAM', RouteKey: expect.stringMatching(/^GET /) });
  });

  it('passes the table, topic and queue to the functions by reference', () => {
    expect(environmentOf('scan-account')).toMatchObject({ REPORT_TABLE_NAME: { Ref: 'ReportTable' }, ALERTS_TOPIC_ARN: { Ref: 'AlertsTopic' }, SCAN_QUEUE_URL: { Ref: 'ScanQueue' } });
    expect(environmentOf('schedule-scan')).toMatchObject({ SCAN_MODE: 'queue' });
  });

  it('gives each function only the settings it reads: the account list never reaches scan-account, notify-slack or query-report', () => {
    // Lambda caps a function's environment at 4 KB in total: the growing lists go only where they are read.
    const everyFunction = ['LOG_LEVEL', 'POWERTOOLS_SERVICE_NAME', 'REPORT_TABLE_NAME', 'ALERTS_TOPIC_ARN', 'SCAN_QUEUE_URL'];
    const accountSelection = ['ACCOUNTS_SOURCE', 'ACCOUNTS', 'ORGANIZATION_OU', 'ORGANIZATION_INCLUDE', 'ORGANIZATION_EXCLUDE', 'AUDIT_ROLE_NAME', 'AUDIT_EXTERNAL_ID'];
    const scanning = ['SCAN_REGIONS', 'CONCURRENCY_PER_ACCOUNT', 'CONCURRENCY_TOTAL', 'DEADLINE_SAFETY_MS', 'SUPPRESSIONS', 'ALERT_MIN_SEVERITY', 'ALERT_ON_RESOLVED', 'HISTORY_RETENTION_DAYS', 'SECURITY_HUB_ENABLED'];
    const clients = ['CALL_TIMEOUT_MS', 'MAX_ATTEMPTS'];
    const expected: Record<keyof typeof FUNCTIONS, string[]> = {
      'schedule-scan': [...everyFunction, ...accountSelection, ...scanning, ...clients, 'SCAN_MODE'],
      'scan-account': [...everyFunction, ...scanning, ...clients],
      'on-cors-change': [...everyFunction, ...accountSelection, ...scanning, ...clients],
      'notify-slack': [...everyFunction, 'SLACK_WEBHOOK_PARAMETER', 'SLACK_WEBHOOK_SECRET_ID', 'SLACK_MIN_SEVERITY'],
      'query-report': [...everyFunction, ...clients],
    };
    for (const name of Object.keys(FUNCTIONS) as Array<keyof typeof FUNCTIONS>) {
      expect({ name, variables: Object.keys(environmentOf(name)).sort() }).toEqual({ name, variables: [...expected[name]].sort() });
    }
  });

  it('wires the scanner limits and suppressions from params, with the defaults of lib/config.ts', () => {
    const defaults = loadSettings({});
    const limits = ['CONCURRENCY_PER_ACCOUNT', 'CONCURRENCY_TOTAL', 'CALL_TIMEOUT_MS', 'MAX_ATTEMPTS', 'DEADLINE_SAFETY_MS', 'SUPPRESSIONS'] as const satisfies ReadonlyArray<keyof Settings>;
    for (const name of ['schedule-scan', 'scan-account', 'on-cors-change'] as const) {
      const environment = environmentOf(name);
      for (const variable of limits) {
        expect(environment[variable], `${name} ${variable}`).toBeTypeOf('string');
        expect(loadSettings({ [variable]: environment[variable] as string })[variable], `${name} ${variable}`).toEqual(defaults[variable]);
      }
    }
    expect(environmentOf('schedule-scan').SUPPRESSIONS).toBe('');
  });

  it('sends notify-slack\'s failed asynchronous invocations, after two retries, to an encrypted queue kept 14 days', () => {
    const configs = ofType('AWS::Lambda::EventInvokeConfig').map(([, config]) => config.Properties);
    const notify = configs.find((config) => (config.FunctionName as { Ref: string }).Ref === FUNCTIONS['notify-slack'].logicalId);
    expect(notify).toMatchObject({ MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['NotifySlackFailureQueue', 'Arn'] } } } });
    expect(resource('NotifySlackFailureQueue')).toMatchObject({ Type: 'AWS::SQS::Queue', Properties: { MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true } });
    // No other function routes its failures anywhere.
    expect(configs.filter((config) => Object.keys(config.DestinationConfig as Json).length > 0)).toEqual([notify]);
  });
});

/** A function's environment as packaged (provider.environment merged with the function's own). */
function environmentOf(name: keyof typeof FUNCTIONS): Json {
  return (resource(FUNCTIONS[name].logicalId).Properties.Environment as { Variables: Json }).Variables;
}

/**
 * cfn-lint is a Python tool (the npm `cfn-lint` is years out of date). The machine image ships it; CI
 * (CI=true) requires it, a developer machine without it skips the one test that needs it, saying so.
 */
function cfnLintPath(): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(':')) {
    const candidate = join(directory, 'cfn-lint');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
const cfnLint = cfnLintPath();
const IN_CI = /^(?:1|true)$/i.test(process.env.CI ?? '');

describe('cfn-lint', () => {
  it('finds no error in the packaged template or the member-account role template', async (context) => {
    if (cfnLint === undefined && IN_CI) throw new Error('cfn-lint is not on PATH, and CI must run it: install it with `pip install cfn-lint` (the machine image ships it; .ci/run says whether it found it)');
    const executable = cfnLint ?? context.skip('cfn-lint is not installed (`pip install cfn-lint`); CI runs this test');
    const templates = [join(outDir, 'cloudformation-template-update-stack.json'), join(root, 'deploy/member-audit-role.yml')];
    // Exit status is a bit mask: 2 errors, 4 warnings, 8 informational. Warnings are expected (osls adds
    // DependsOn beside GetAtt; conditions on deploy-time parameters are constants once packaged).
    const status = await run(executable, ['--format', 'parseable', ...templates], { timeout: 120_000 }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, stdout: error.stdout ?? '' }),
    );
    const errors = status.stdout.split('\n').filter((line) => /:E\d{4}:/.test(line));
    expect(errors).toEqual([]);
    expect(status.code & 2).toBe(0);
  }, 150_000);
});

describe('IAM: least privilege per function', () => {
  /** Statements of a role, with both branches of every Fn::If (a condition may switch either on). */
  function statements(roleId: string): Statement[] {
    const policies = resource(roleId).Properties.Policies as Array<{ PolicyDocument: { Statement: unknown[] } }>;
    return policies.flatMap((policy) => policy.PolicyDocument.Statement).flatMap((statement) => {
      const branches = (statement as Json)['Fn::If'] as [string, unknown, unknown] | undefined;
      return (branches ? [branches[1], branches[2]] : [statement]).filter((item): item is Statement => typeof item === 'object' && item !== null && 'Effect' in item);
    });
  }
  const actionsOf = (roleId: string) => [...new Set(statements(roleId).flatMap((statement) => [statement.Action].flat()))].sort();
  const resourcesOf = (statement: Statement) => [statement.Resource].flat();

  const table = ['dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'];
  const logs = ['logs:CreateLogStream', 'logs:PutLogEvents'];
  const orgs = ['organizations:ListAccounts', 'organizations:ListAccountsForParent', 'organizations:ListChildren'];
  const expected: Record<string, string[]> = {
    ScheduleScanRole: [...logs, ...orgs, ...table, 'sqs:SendMessage', 'sts:AssumeRole', 'sns:Publish', 'securityhub:BatchImportFindings'],
    ScanAccountRole: [...logs, 'sts:AssumeRole', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:SendMessage', ...table, 'sns:Publish', 'securityhub:BatchImportFindings'],
    OnCorsChangeRole: [...logs, 'sts:AssumeRole', ...table, 'sns:Publish', ...orgs, 'securityhub:BatchImportFindings'],
    NotifySlackRole: [...logs, 'ssm:GetParameters', 'secretsmanager:GetSecretValue', 'sqs:SendMessage'],
    QueryReportRole: [...logs, 'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
  };

  it.each(Object.entries(expected))('%s allows exactly the actions its function uses', (roleId, actions) => {
    expect(actionsOf(roleId)).toEqual([...new Set(actions)].sort());
  });

  it('every role is assumable by Lambda only and has no managed policies', () => {
    for (const [, role] of ofType('AWS::IAM::Role')) {
      expect(role.Properties.AssumeRolePolicyDocument).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('no action is a wildcard, and resources are specific', () => {
    for (const roleId of Object.keys(expected)) {
      for (const statement of statements(roleId)) {
        expect(statement.Effect).toBe('Allow');
        for (const action of [statement.Action].flat()) expect(action).toMatch(/^[a-z0-9-]+:[A-Za-z]+$/);
        for (const item of resourcesOf(statement)) {
          if (item === '*') {
            // Organizations' List* actions have no resource type: '*' is the only valid resource.
            expect([statement.Action].flat().every((action) => orgs.includes(action))).toBe(true);
            continue;
          }
          expect(item).toEqual(expect.any(Object)); // Ref, Fn::GetAtt or Fn::Sub, never a literal pattern
          const sub = (item as Json)['Fn::Sub'];
          // The only wildcards: any account's audit role, a log group's streams, the table's indexes.
          if (typeof sub === 'string') expect(sub.replace(/:iam::\*:role\//, ':iam::ACCOUNT:role/').replace(/:\*$/, '').replace(/\/index\/\*$/, '')).not.toContain('*');
        }
      }
    }
  });

  it('sts:AssumeRole reaches only the audit role name in any account, restricted to the organisation when set', () => {
    for (const roleId of ['ScanAccountRole', 'OnCorsChangeRole', 'ScheduleScanRole']) {
      const assume = statements(roleId).filter((statement) => [statement.Action].flat().includes('sts:AssumeRole'));
      expect(assume).toHaveLength(1);
      expect(assume[0]?.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/S3CorsAuditRole' });
      expect(assume[0]?.Condition).toEqual({ 'Fn::If': ['HasOrganizationId', { StringEquals: { 'aws:ResourceOrgID': '' } }, { Ref: 'AWS::NoValue' }] });
    }
  });

  it('each log permission names the function\'s own log group', () => {
    for (const [name, { role }] of Object.entries(FUNCTIONS)) {
      const logStatement = statements(role).find((statement) => [statement.Action].flat().includes('logs:PutLogEvents'));
      expect(logStatement?.Resource).toEqual({ 'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/s3-cors-audit-test-${name}:*` });
    }
  });

  it('data actions name the table (and its indexes), the queue, the topic and the one SSM parameter', () => {
    for (const roleId of Object.keys(expected)) {
      for (const statement of statements(roleId)) {
        const service = [statement.Action].flat()[0]?.split(':')[0];
        const resources = resourcesOf(statement);
        if (service === 'dynamodb') expect(resources).toEqual([{ 'Fn::GetAtt': ['ReportTable', 'Arn'] }, { 'Fn::Sub': '${ReportTable.Arn}/index/*' }]);
        // notify-slack only sends to its failure queue (the on-failure destination delivers with its role).
        if (service === 'sqs' && roleId === 'NotifySlackRole') expect(statement).toMatchObject({ Action: ['sqs:SendMessage'], Resource: { 'Fn::GetAtt': ['NotifySlackFailureQueue', 'Arn'] } });
        else if (service === 'sqs') expect(resources).toEqual([{ 'Fn::GetAtt': ['ScanQueue', 'Arn'] }]);
        if (service === 'sns') expect(resources).toEqual([{ Ref: 'AlertsTopic' }]);
        if (service === 'ssm') expect(resources).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/s3-cors-audit/test/slack-webhook-url' }]);
        if (service === 'securityhub') expect(resources).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:securityhub:${AWS::Region}:${AWS::AccountId}:product/${AWS::AccountId}/default' }]);
        if (service === 'secretsmanager') expect(resources).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:-??????' }]);
      }
    }
  });

  it('inline-mode permissions of schedule-scan exist only under the InlineMode condition, Organizations only when accounts come from it', () => {
    const statements = (resource('ScheduleScanRole').Properties.Policies as Array<{ PolicyDocument: { Statement: Json[] } }>).flatMap((policy) => policy.PolicyDocument.Statement);
    const conditional = statements.filter((statement) => statement['Fn::If']);
    expect(conditional.map((statement) => (statement['Fn::If'] as unknown[])[0])).toEqual(['FromOrganizations', 'InlineMode', 'InlineWithSecurityHub']);
    expect(template.Conditions?.InlineMode).toEqual({ 'Fn::Equals': ['queue', 'inline'] });
    // Queue mode completes a scan that queued nothing in schedule-scan too: its digest must be publishable.
    expect(statements.filter((statement) => !statement['Fn::If']).flatMap((statement) => [statement.Action].flat())).toContain('sns:Publish');
  });

  it('Security Hub and the Slack secret are granted only when switched on', () => {
    const conditionsOf = (roleId: string, action: string) => {
      const policies = resource(roleId).Properties.Policies as Array<{ PolicyDocument: { Statement: Json[] } }>;
      return policies.flatMap((policy) => policy.PolicyDocument.Statement).flatMap((statement) => {
        const branches = statement['Fn::If'] as [string, Statement, unknown] | undefined;
        return branches && [branches[1].Action].flat().includes(action) ? [branches[0]] : [];
      });
    };
    for (const roleId of ['ScanAccountRole', 'OnCorsChangeRole']) expect(conditionsOf(roleId, 'securityhub:BatchImportFindings')).toEqual(['SecurityHubEnabled']);
    expect(conditionsOf('NotifySlackRole', 'secretsmanager:GetSecretValue')).toEqual(['HasSlackSecret']);
    expect(conditionsOf('NotifySlackRole', 'ssm:GetParameters')).toEqual(['UsesSlackParameter']);
    expect(template.Conditions?.SecurityHubEnabled).toEqual({ 'Fn::Equals': ['false', 'true'] });
    const slack = (resource(FUNCTIONS['notify-slack'].logicalId).Properties.Environment as { Variables: Json }).Variables;
    expect(slack.SLACK_WEBHOOK_SECRET_ID).toEqual({ 'Fn::If': ['HasSlackSecret', '', { Ref: 'AWS::NoValue' }] });
  });
});

describe('deploy/member-audit-role.yml', () => {
  // CloudFormation's short-form tags, kept as their long form so the template can be asserted.
  const tag = (name: string, long: string, kind: 'scalar' | 'seq' | 'map') => ({
    tag: `!${name}`,
    ...(kind === 'scalar' ? {} : { collection: kind }),
    resolve: (value: unknown) => ({ [long]: typeof value === 'object' && value !== null && 'toJSON' in value ? (value as { toJSON(): unknown }).toJSON() : value }),
  });
  const cfnTags = [
    ...['Ref', 'Sub', 'ImportValue', 'Condition'].map((name) => tag(name, name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`, 'scalar')),
    // `!GetAtt Role.Arn` is the short form of { Fn::GetAtt: [Role, Arn] }.
    { tag: '!GetAtt', resolve: (value: string) => ({ 'Fn::GetAtt': value.split('.', 2) }) },
    ...['Sub', 'Join', 'If', 'Equals', 'Not', 'And', 'Or', 'Select', 'Split', 'GetAtt', 'FindInMap'].map((name) => tag(name, `Fn::${name}`, 'seq')),
  ] as Tags;
  const role = parse(readFileSync(join(root, 'deploy/member-audit-role.yml'), 'utf8'), { customTags: cfnTags }) as {
    Parameters: Record<string, Json>;
    Resources: Record<string, { Type: string; Properties: Json; Condition?: string }> & { AuditRole: { Type: string; Properties: Json } };
  };
  const properties = role.Resources.AuditRole.Properties;

  it('takes StackSet-friendly parameters with a NoEcho ExternalId and the default role name', () => {
    expect(Object.keys(role.Parameters).sort()).toEqual(['AuditAccountId', 'CentralEventBusArn', 'ExternalId', 'MaxSessionDuration', 'RoleName', 'RoleRegion', 'ScannerRoleArns']);
    expect(role.Parameters.ExternalId).toMatchObject({ Type: 'String', NoEcho: true });
    expect(role.Parameters.RoleName?.Default).toBe('S3CorsAuditRole');
    expect(properties.MaxSessionDuration).toEqual({ Ref: 'MaxSessionDuration' });
  });

  it('creates the role (global in IAM) in one region only, so the StackSet can also run in every region that forwards changes', () => {
    expect((role as unknown as { Conditions: Json }).Conditions.CreateAuditRole).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, { Ref: 'RoleRegion' }] });
    expect((role.Resources.AuditRole as { Condition?: string }).Condition).toBe('CreateAuditRole');
    expect(role.Parameters.RoleRegion?.Default).toBe('us-east-1');
    // Everything else is per region: no other named IAM resource.
    const named = Object.entries(role.Resources).filter(([, resource]) => resource.Type === 'AWS::IAM::Role' && 'RoleName' in resource.Properties);
    expect(named.map(([logicalId]) => logicalId)).toEqual(['AuditRole']);
  });

  it('trusts only the audit account (or its exact scanner roles) and requires the ExternalId', () => {
    const trust = properties.AssumeRolePolicyDocument as { Statement: Statement[] & Array<{ Principal: Json }> };
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': { Ref: 'ExternalId' } } },
      Principal: { AWS: { 'Fn::If': ['TrustAccount', { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AuditAccountId}:root' }, { Ref: 'ScannerRoleArns' }] } },
    });
  });

  it('grants exactly the read-only S3 actions the scanner makes', () => {
    const [policy] = properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>;
    const actions = policy?.PolicyDocument.Statement.flatMap((statement) => [statement.Action].flat()).sort();
    expect(actions).toEqual([
      's3:GetAccountPublicAccessBlock', 's3:GetBucketAcl', 's3:GetBucketCORS', 's3:GetBucketLocation', 's3:GetBucketPolicyStatus',
      's3:GetBucketPublicAccessBlock', 's3:GetBucketTagging', 's3:GetBucketWebsite', 's3:ListAllMyBuckets',
    ]);
    for (const statement of policy?.PolicyDocument.Statement ?? []) {
      expect(statement.Effect).toBe('Allow');
      // Account-level reads have no resource type; bucket reads name buckets, never objects.
      if ([statement.Action].flat().includes('s3:GetBucketCORS')) expect(statement.Resource).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::*' });
      else expect(statement.Resource).toBe('*');
    }
  });

  it('optionally forwards exactly the CORS change events to the central bus, with a role limited to PutEvents on it', () => {
    const rule = role.Resources.CorsChangeForwardingRule;
    expect(rule?.Condition).toBe('ForwardCorsChanges');
    expect(rule?.Properties.EventPattern).toEqual({ source: ['aws.s3'], 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventSource: ['s3.amazonaws.com'], eventName: ['PutBucketCors', 'DeleteBucketCors'] } });
    expect(rule?.Properties.Targets).toEqual([{ Id: 's3-cors-audit', Arn: { Ref: 'CentralEventBusArn' }, RoleArn: { 'Fn::GetAtt': ['CorsChangeForwardingRole', 'Arn'] } }]);
    const forwarding = role.Resources.CorsChangeForwardingRole?.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>;
    expect(forwarding[0]?.PolicyDocument.Statement).toEqual([{ Effect: 'Allow', Action: 'events:PutEvents', Resource: { Ref: 'CentralEventBusArn' } }]);
  });
});

// Every setting, parsed and validated in one place: the only module that reads process.env.
// A bad value stops start-up with one line per problem that names the variable and the fix.
import * as z from 'zod';
import { SEVERITIES } from './engine/types';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const roleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1');
const externalId = z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of [A-Za-z0-9+=,.@:/-]');

/** One entry of ACCOUNTS: an account id with either a role ARN or (with AUDIT_ROLE_NAME) nothing more. */
export const accountEntrySchema = z
  .object({
    accountId,
    name: z.string().max(256).optional(),
    roleArn: roleArn.optional(),
    externalId: externalId.optional(),
    regions: z.array(region).min(1).optional(),
  })
  .strict();
export type AccountEntry = z.infer<typeof accountEntrySchema>;

const csv = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((value) => value.split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item));
const bool = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const jsonOf = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      context.addIssue({ code: 'custom', message: `is not valid JSON (${(error as Error).message})` });
      return z.NEVER;
    }
  }).pipe(schema);

const envSchema = z.object({
  AWS_REGION: region.default('us-east-1'),
  /** `config` (ACCOUNTS) or `organizations` (ListAccounts). */
  ACCOUNTS_SOURCE: z.enum(['config', 'organizations']).default('config'),
  ACCOUNTS: jsonOf(z.array(accountEntrySchema)).optional(),
  ORGANIZATION_INCLUDE: csv(accountId).optional(),
  ORGANIZATION_EXCLUDE: csv(accountId).optional(),
  ORGANIZATION_OU: z.string().regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32})$/, 'must be an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)').optional(),
  AUDIT_ROLE_NAME: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name').default('S3CorsAuditRole'),
  AUDIT_EXTERNAL_ID: externalId.optional(),
  SCAN_REGIONS: csv(region).optional(),
  /** Path-style S3 addressing, for S3-compatible endpoints (AWS_ENDPOINT_URL_S3) that lack virtual hosts. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  SCAN_MODE: z.enum(['queue', 'inline']).default('queue'),
  SCAN_QUEUE_URL: z.string().url().optional(),
  CONCURRENCY_PER_ACCOUNT: int(1, 256).default(16),
  CONCURRENCY_TOTAL: int(1, 1024).default(64),
  CALL_TIMEOUT_MS: int(100, 120_000).default(10_000),
  MAX_ATTEMPTS: int(1, 20).default(5),
  DEADLINE_SAFETY_MS: int(1_000, 600_000).default(30_000),
  REPORT_TABLE_NAME: z.string().min(3).max(255).optional(),
  HISTORY_RETENTION_DAYS: int(1, 3650).default(90),
  ALERTS_TOPIC_ARN: z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/, 'must be an SNS topic ARN').optional(),
  ALERT_MIN_SEVERITY: z.enum(SEVERITIES).default('medium'),
  ALERT_ON_RESOLVED: bool.default(false),
  SLACK_WEBHOOK_PARAMETER: z.string().min(1).optional(),
  SLACK_WEBHOOK_SECRET_ID: z.string().min(1).optional(),
  SLACK_MIN_SEVERITY: z.enum(SEVERITIES).default('high'),
  SECURITY_HUB_ENABLED: bool.default(false),
  SUPPRESSIONS: jsonOf(
    z.array(
      z.object({
        ruleId: z.string().min(1),
        accountId: accountId.optional(),
        bucket: z.string().optional(),
        origin: z.string().optional(),
        reason: z.string().min(1, 'a suppression needs a reason'),
        expiresAt: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO date').optional(),
      }).strict(),
    ),
  ).optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});

export type Settings = z.infer<typeof envSchema>;

/** Region prefixes of the partitions other than `aws` (the SDK's partitions.json `regionRegex`). */
const PARTITIONS: ReadonlyArray<readonly [regionPrefix: string, partition: string]> = [
  ['cn-', 'aws-cn'],
  ['us-gov-', 'aws-us-gov'],
  ['us-iso-', 'aws-iso'],
  ['us-isob-', 'aws-iso-b'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-isof-', 'aws-iso-f'],
];

/** The partition an ARN names (`arn:<partition>:...`) for resources of this region: serverless.yml's ${AWS::Partition}. */
export function partitionOf(region: string): string {
  return PARTITIONS.find(([prefix]) => region.startsWith(prefix))?.[1] ?? 'aws';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(problems.map((problem) => `config: ${problem}`).join('\n'));
  }
}

/** Formats zod issues as `NAME[2].field <problem>: "<value, truncated>"` lines. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], input: Record<string, unknown>): string[] {
  return issues.map((issue) => {
    const [variable, ...rest] = issue.path.map(String);
    const where = `${variable ?? '(settings)'}${rest.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;
    const raw = variable !== undefined ? input[variable] : undefined;
    const shown = typeof raw === 'string' && rest.length === 0 ? `: ${JSON.stringify(raw.slice(0, 80))}` : '';
    return `${where} ${issue.message}${shown}`;
  });
}

export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const input = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error.issues, input));
  const settings = parsed.data;
  const problems: string[] = [];
  // In Lambda (the runtime sets AWS_LAMBDA_FUNCTION_NAME; so does `osls invoke local`) the function's role
  // may assume only arn:${AWS::Partition}:iam::*:role/<auditRoleName> (serverless.yml): any other role
  // would fail every scan with AccessDenied. The CLI assumes roles with the user's own credentials.
  const deployed = env.AWS_LAMBDA_FUNCTION_NAME !== undefined && env.AWS_LAMBDA_FUNCTION_NAME !== '';
  const partition = partitionOf(settings.AWS_REGION);
  settings.ACCOUNTS?.forEach((entry, index) => {
    if (!entry.roleArn) return;
    const [, arnPartition, , , arnAccount] = entry.roleArn.split(':');
    const roleName = entry.roleArn.slice(entry.roleArn.indexOf(':role/') + ':role/'.length);
    if (arnAccount !== entry.accountId) {
      problems.push(`ACCOUNTS[${index}].roleArn is in account ${arnAccount ?? '(none)'}, not ${entry.accountId}: "${entry.roleArn}"`);
    } else if (deployed && roleName !== settings.AUDIT_ROLE_NAME) {
      problems.push(`ACCOUNTS[${index}].roleArn names role "${roleName}", but this deployment may only assume AUDIT_ROLE_NAME "${settings.AUDIT_ROLE_NAME}" (serverless.yml grants sts:AssumeRole on role/${settings.AUDIT_ROLE_NAME}, without a path): drop roleArn, or deploy with auditRoleName=<that role's name>`);
    } else if (deployed && arnPartition !== partition) {
      problems.push(`ACCOUNTS[${index}].roleArn is in partition ${arnPartition ?? '(none)'}, but this deployment runs in ${partition} (AWS_REGION ${settings.AWS_REGION}): "${entry.roleArn}"`);
    }
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

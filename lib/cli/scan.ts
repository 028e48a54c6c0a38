// `s3-cors-audit scan`: the nightly scan, run now from a laptop with the user's credentials. Without
// --accounts/--organization it scans the caller's own account (no AssumeRole). Progress goes to stderr.
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { connectScan, type RealScanDeps } from '../aws/scan-deps';
import { ProfileError } from '../aws/credentials';
import { ConfigError, loadSettings, type Settings } from '../config';
import type { Finding } from '../engine/types';
import { renderHtmlReport } from '../report/html';
import { renderSarif, type SarifFile, type SarifInvocation, type SarifScanError } from '../report/sarif';
import { snapshotFromResults } from '../report/snapshot';
import { newScanId } from '../scan/orchestrate';
import { computeCoverage, resolveAccounts, scanAccount, scanLimitsFrom } from '../scan';
import type { AccountScanResult, AccountTarget, BucketOutcome, ScanCoverage } from '../scan/types';
import { CliUsageError, oneLine, type CommandIo } from './io';
import { toReadableJson } from '../report/escape';

const FORMATS = ['text', 'json', 'sarif', 'html'] as const;
type Format = (typeof FORMATS)[number];
/** Accounts scanned at the same time; calls stay bounded by CONCURRENCY_TOTAL. */
const ACCOUNT_CONCURRENCY = 4;

const USAGE = `Usage: s3-cors-audit scan [--profile P] [--accounts FILE | --organization] [--regions r1,r2]
                          [--format ${FORMATS.join('|')}] [--output FILE] [--external-id ID] [--role-name NAME]

Scans the CORS configuration of every bucket now, with your credentials (default chain or --profile).
Without --accounts or --organization: your own account, without AssumeRole.
--accounts FILE: JSON list like ACCOUNTS ([{"accountId":"123456789012","roleArn":"...","externalId":"..."}]).
--organization: the ACTIVE accounts of your AWS Organization (run from the management or a delegated account).
Exit status: 0 scanned, 1 no account could be read, 2 bad input or flags (an unknown --profile too).`;

/** The AWS side, injectable so tests run the command over fakes. */
export interface ScanCommandDeps {
  loadSettings(): Settings;
  connect: typeof connectScan;
  now(): Date;
}

const realDeps: ScanCommandDeps = { loadSettings: () => loadSettings(), connect: connectScan, now: () => new Date() };

export async function run(args: string[], io: CommandIo, commandDeps: ScanCommandDeps = realDeps): Promise<number> {
  const options = parseOptions(args);
  if (options === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const settings = await settingsFor(options, io, commandDeps);
  const ownAccount = options.accounts === undefined && !options.organization;
  let connection: Awaited<ReturnType<typeof connectScan>>;
  try {
    connection = await commandDeps.connect(settings, { ownAccount, ...(options.profile !== undefined ? { profile: options.profile } : {}) });
  } catch (error) {
    // A --profile without credentials is the user's input, like a bad flag; other failures are "could not read".
    if (error instanceof ProfileError) throw new CliUsageError(`--profile ${options.profile ?? ''}: ${oneLine(error.message)}`);
    io.stderr(`s3-cors-audit scan: ${oneLine((error as Error).message)}\n`);
    return 1;
  }
  const { deps, caller } = connection;
  try {
    const targets = caller ? [{ accountId: caller.accountId, roleArn: caller.arn, ...(settings.SCAN_REGIONS ? { regions: settings.SCAN_REGIONS } : {}) }] : await targetsOf(settings, deps);
    const startedAt = commandDeps.now();
    const scanId = newScanId(startedAt);
    io.stderr(`scan ${scanId}: ${targets.length} account${targets.length === 1 ? '' : 's'}\n`);
    const results = await scanAll(targets, deps, settings, scanId, io);
    const coverage = computeCoverage(results, targets.length);
    const output = render(options.format, { scanId, startedAt, accountIds: targets.map((target) => target.accountId), now: commandDeps.now() }, results, coverage);
    if (options.output !== undefined) await io.writeFile(options.output, output);
    else io.stdout(output);
    return targets.length > 0 && coverage.accountsScanned === 0 ? 1 : 0;
  } finally {
    deps.close();
  }
}

interface ScanFlags {
  profile?: string;
  accounts?: string;
  organization: boolean;
  regions?: string;
  format: Format;
  output?: string;
  externalId?: string;
  roleName?: string;
}

function parseOptions(args: string[]): ScanFlags | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      allowPositionals: false,
      options: {
        profile: { type: 'string' },
        accounts: { type: 'string' },
        organization: { type: 'boolean', default: false },
        regions: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string', short: 'o' },
        'external-id': { type: 'string' },
        'role-name': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new CliUsageError(oneLine((error as Error).message));
  }
  if (values.help) return 'help';
  if (!FORMATS.includes(values.format as Format)) throw new CliUsageError(`--format must be one of ${FORMATS.join(', ')} (got "${oneLine(values.format).slice(0, 40)}")`);
  if (values.accounts !== undefined && values.organization) throw new CliUsageError('--accounts and --organization exclude each other: name the accounts or take the organisation\'s');
  if (values.profile !== undefined && !/^[\w.@+-]{1,128}$/.test(values.profile)) throw new CliUsageError(`--profile is not a profile name: "${oneLine(values.profile).slice(0, 40)}"`);
  const flags: ScanFlags = { organization: values.organization, format: values.format as Format };
  if (values.profile !== undefined) flags.profile = values.profile;
  if (values.accounts !== undefined) flags.accounts = values.accounts;
  if (values.regions !== undefined) flags.regions = values.regions;
  if (values.output !== undefined) flags.output = values.output;
  if (values['external-id'] !== undefined) flags.externalId = values['external-id'];
  if (values['role-name'] !== undefined) flags.roleName = values['role-name'];
  return flags;
}

/** Flags are validated by lib/config exactly as the deployed settings are, then named as flags in errors. */
async function settingsFor(flags: ScanFlags, io: CommandIo, commandDeps: ScanCommandDeps): Promise<Settings> {
  const base = asUsage(() => commandDeps.loadSettings(), {});
  const overrides: Record<string, string> = {};
  if (flags.accounts !== undefined) overrides.ACCOUNTS = await readAccountsFile(flags.accounts, io);
  if (flags.regions !== undefined) overrides.SCAN_REGIONS = flags.regions;
  if (flags.externalId !== undefined) overrides.AUDIT_EXTERNAL_ID = flags.externalId;
  if (flags.roleName !== undefined) overrides.AUDIT_ROLE_NAME = flags.roleName;
  const FLAG_NAMES = { ACCOUNTS: `--accounts ${flags.accounts ?? ''}`, SCAN_REGIONS: '--regions', AUDIT_EXTERNAL_ID: '--external-id', AUDIT_ROLE_NAME: '--role-name' };
  const parsed = asUsage(() => loadSettings(overrides), FLAG_NAMES);
  const settings: Settings = { ...base, ACCOUNTS_SOURCE: flags.organization ? 'organizations' : 'config' };
  // Only what the flags set wins; the deployment's own account list never leaks into a CLI run.
  delete settings.ACCOUNTS;
  if (!flags.organization) {
    delete settings.ORGANIZATION_INCLUDE;
    delete settings.ORGANIZATION_EXCLUDE;
    delete settings.ORGANIZATION_OU;
  }
  if (parsed.ACCOUNTS !== undefined) settings.ACCOUNTS = parsed.ACCOUNTS;
  if (parsed.SCAN_REGIONS !== undefined) settings.SCAN_REGIONS = parsed.SCAN_REGIONS;
  if (flags.externalId !== undefined && parsed.AUDIT_EXTERNAL_ID !== undefined) settings.AUDIT_EXTERNAL_ID = parsed.AUDIT_EXTERNAL_ID;
  if (flags.roleName !== undefined) settings.AUDIT_ROLE_NAME = parsed.AUDIT_ROLE_NAME;
  return settings;
}

async function readAccountsFile(path: string, io: CommandIo): Promise<string> {
  try {
    return await io.readFile(path);
  } catch (error) {
    throw new CliUsageError(`--accounts ${oneLine(path)}: cannot read it (${oneLine((error as NodeJS.ErrnoException).code ?? (error as Error).message)})`);
  }
}

/** Runs a settings step; a ConfigError becomes a one-line usage error with variables named as flags. */
function asUsage<T>(step: () => T, flagNames: Record<string, string>): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const lines = error.problems.map((problem) => Object.entries(flagNames).reduce((text, [variable, flag]) => (text.startsWith(variable) ? flag + text.slice(variable.length) : text), problem));
    throw new CliUsageError(oneLine(lines.join('; ')));
  }
}

async function targetsOf(settings: Settings, deps: RealScanDeps): Promise<AccountTarget[]> {
  try {
    return await resolveAccounts(settings, { directory: deps.directory });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliUsageError(oneLine(error.problems.join('; ')));
    throw new CliUsageError(oneLine((error as Error).message));
  }
}

async function scanAll(targets: readonly AccountTarget[], deps: RealScanDeps, settings: Settings, scanId: string, io: CommandIo): Promise<AccountScanResult[]> {
  const limits = scanLimitsFrom(settings);
  const limit = pLimit(ACCOUNT_CONCURRENCY);
  let done = 0;
  return Promise.all(targets.map((target) => limit(async () => {
    const result = await scanAccount(target, deps, { scanId, trigger: 'manual', ...limits });
    done += 1;
    io.stderr(`[${done}/${targets.length}] ${progressLine(result)}\n`);
    return result;
  })));
}

function progressLine(result: AccountScanResult): string {
  const count = (status: BucketOutcome['status']) => result.buckets.filter((outcome) => outcome.status === status).length;
  const problem = result.errors[0] ? `: ${result.errors[0].code}` : '';
  return `${accountLabel(result)} ${result.status}${problem}, ${result.buckets.length} buckets (${count('evaluated')} with CORS, ${count('unknown')} unknown)`;
}

function render(format: Format, scan: { scanId: string; startedAt: Date; accountIds: string[]; now: Date }, results: AccountScanResult[], coverage: ScanCoverage): string {
  const { scanId } = scan;
  // The self-contained report.html, from this run alone: every finding is new, no history to compare.
  if (format === 'html') return renderHtmlReport(snapshotFromResults(results, { ...scan, startedAt: scan.startedAt.toISOString() }));
  if (format === 'json') return `${toReadableJson({ scanId, coverage, results }, 2)}\n`;
  if (format === 'sarif') return `${toReadableJson(renderSarif(results.map(sarifFileOf), { invocation: sarifInvocationOf(results, coverage) }), 2)}\n`;
  return renderText(results, coverage);
}

function sarifFileOf(result: AccountScanResult): SarifFile {
  return {
    file: `aws-account-${result.accountId}`,
    buckets: result.buckets.flatMap((outcome) => (outcome.status === 'evaluated' ? [{ name: outcome.bucket, location: { file: `s3://${outcome.bucket}`, resource: outcome.bucket }, assessment: outcome.assessment }] : [])),
  };
}

/** What the run could not read, as SARIF notifications: without them a partial scan reads as a clean one. */
function sarifInvocationOf(results: readonly AccountScanResult[], coverage: ScanCoverage): SarifInvocation {
  const errors: SarifScanError[] = results.flatMap((result) => [
    ...result.errors.map((error) => ({ code: error.code, message: error.message, accountId: result.accountId, stage: error.stage })),
    ...result.buckets.flatMap((outcome) => (outcome.status === 'unknown' ? [{ code: outcome.error.code, message: outcome.error.message, accountId: result.accountId, bucket: outcome.bucket }] : [])),
  ]);
  return { complete: errors.length === 0, errors, coverage: { ...coverage } };
}

function renderText(results: readonly AccountScanResult[], coverage: ScanCoverage): string {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`Account ${accountLabel(result)}: ${result.status}`);
    for (const error of result.errors) lines.push(`  ! ${error.stage}: ${error.code}: ${oneLine(error.message)}`);
    for (const outcome of result.buckets) lines.push(...bucketLines(outcome));
    const quiet = result.buckets.filter((outcome) => outcome.status === 'no-cors' || outcome.status === 'gone').length;
    if (quiet > 0) lines.push(`  (${quiet} bucket${quiet === 1 ? '' : 's'} without CORS or deleted during the scan)`);
    lines.push('');
  }
  lines.push(`Coverage: ${coverage.accountsScanned}/${coverage.accountsTotal} accounts scanned, ${coverage.accountsFailed} failed; `
    + `${coverage.bucketsListed} buckets: ${coverage.bucketsEvaluated} with CORS, ${coverage.bucketsWithoutCors} without, ${coverage.bucketsGone} gone, ${coverage.bucketsUnknown} unknown`);
  return `${lines.join('\n')}\n`;
}

function bucketLines(outcome: BucketOutcome): string[] {
  const where = `${oneLine(outcome.bucket)}${outcome.region ? ` (${outcome.region})` : ''}`;
  if (outcome.status === 'unknown') return [`  ?   ${where}: unknown, ${outcome.error.code}: ${oneLine(outcome.error.message)}`];
  if (outcome.status !== 'evaluated') return [];
  const { grade, score, findings, suppressed } = outcome.assessment;
  return [
    `  ${grade} ${String(score).padStart(3)}  ${where}${suppressed.length > 0 ? `  [${suppressed.length} suppressed]` : ''}`,
    ...findings.map((finding: Finding) => `        ${finding.severity.padEnd(8)} ${finding.ruleId}  ${oneLine(finding.message)}`),
  ];
}

function accountLabel(result: AccountScanResult): string {
  return result.accountName ? `${result.accountId} (${oneLine(result.accountName)})` : result.accountId;
}

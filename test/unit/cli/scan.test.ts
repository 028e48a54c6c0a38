import { describe, expect, it } from 'vitest';
import type { RealScanDeps } from '../../../lib/aws/scan-deps';
import { ProfileError } from '../../../lib/aws/credentials';
import { run, type ScanCommandDeps } from '../../../lib/cli/scan';
import { CliUsageError, type CommandIo } from '../../../lib/cli/io';
import { loadSettings } from '../../../lib/config';
import type { DirectoryAccount } from '../../../lib/scan/ports';
import { ANY_ORIGIN_READ, FakeInventory, FakeSessions, countingLimiter } from '../scan/fake-ports';

function captureIo(files: Record<string, string> = {}) {
  const out = { stdout: '', stderr: '', written: {} as Record<string, string> };
  const io: CommandIo = {
    stdout: (text) => void (out.stdout += text),
    stderr: (text) => void (out.stderr += text),
    readFile: async (path) => {
      if (!(path in files)) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return files[path]!;
    },
    writeFile: async (path, contents) => void (out.written[path] = contents),
    isTty: false,
  };
  return { io, out };
}

const OWN = '222222222222';
function commandDeps(options: { inventories?: Record<string, FakeInventory>; denied?: Record<string, { code: string; message: string }>; org?: DirectoryAccount[] } = {}) {
  const connected: Array<{ ownAccount: boolean; profile?: string; settings: ReturnType<typeof loadSettings> }> = [];
  let closed = 0;
  const sessions = new FakeSessions(options.inventories ?? {}, options.denied ?? {});
  const deps: ScanCommandDeps = {
    loadSettings: () => loadSettings({}),
    now: () => new Date('2026-11-23T02:00:00Z'),
    connect: async (settings, connectOptions) => {
      connected.push({ ...connectOptions, settings });
      const real: RealScanDeps = { sessions, limitTotal: countingLimiter(8), directory: { listAccounts: async () => options.org ?? [] }, close: () => void (closed += 1) };
      return connectOptions.ownAccount ? { deps: real, caller: { accountId: OWN, arn: `arn:aws:iam::${OWN}:user/me` } } : { deps: real };
    },
  };
  return { deps, connected, sessions, closed: () => closed };
}

const hostileBucket = 'evil\u001b[2J\u202ebucket';

describe('s3-cors-audit scan', () => {
  it('scans the caller own account by default and prints grades and findings as text', async () => {
    const inventory = new FakeInventory([{ name: 'open-assets', region: 'eu-west-1', cors: ANY_ORIGIN_READ }, { name: 'plain' }]);
    const fakes = commandDeps({ inventories: { [OWN]: inventory } });
    const { io, out } = captureIo();
    expect(await run(['--profile', 'dev'], io, fakes.deps)).toBe(0);
    expect(fakes.connected[0]).toMatchObject({ ownAccount: true, profile: 'dev' });
    expect(out.stdout).toMatch(/^Account 222222222222: complete$/m);
    expect(out.stdout).toMatch(/^ {2}[A-F] +\d+ {2}open-assets \(eu-west-1\)$/m);
    expect(out.stdout).toMatch(/S3CORS-ANY-ORIGIN-READ/);
    expect(out.stdout).toMatch(/Coverage: 1\/1 accounts scanned, 0 failed; 2 buckets: 1 with CORS, 1 without, 0 gone, 0 unknown/);
    expect(out.stderr).toMatch(/\[1\/1\] 222222222222 complete, 2 buckets \(1 with CORS, 0 unknown\)/);
    expect(fakes.closed()).toBe(1);
  });

  it('escapes hostile bucket names in text output', async () => {
    const inventory = new FakeInventory([{ name: hostileBucket, cors: { kind: 'unreadable', error: { code: 'AccessDenied', message: 'denied \u001b]8;;http://x\u0007' } } }]);
    const { io, out } = captureIo();
    await run([], io, commandDeps({ inventories: { [OWN]: inventory } }).deps);
    expect(['\u001b', '\u202e', '\u0007'].filter((character) => out.stdout.includes(character))).toEqual([]);
    expect(out.stdout).toMatch(/\? {3}evil.*bucket: unknown, AccessDenied/);
  });

  it('scans the accounts of --accounts FILE with --role-name and --external-id, as JSON with coverage', async () => {
    const accounts = JSON.stringify([{ accountId: '333333333333', name: 'prod' }, { accountId: '444444444444' }]);
    const fakes = commandDeps({ inventories: { '333333333333': new FakeInventory([{ name: 'a', cors: ANY_ORIGIN_READ }]) }, denied: { '444444444444': { code: 'AccessDenied', message: 'refused' } } });
    const { io, out } = captureIo({ 'accounts.json': accounts });
    expect(await run(['--accounts', 'accounts.json', '--role-name', 'Auditor', '--external-id', 'ext-42', '--format', 'json', '--output', 'out.json'], io, fakes.deps)).toBe(0);
    const report = JSON.parse(out.written['out.json'] ?? '{}') as { scanId: string; coverage: Record<string, number>; results: Array<{ accountId: string; status: string }> };
    expect(report.scanId).toMatch(/^scan-2026-11-23T02-00-00Z-[a-f0-9]{10}$/);
    expect(report.coverage).toMatchObject({ accountsTotal: 2, accountsScanned: 1, accountsFailed: 1, bucketsEvaluated: 1 });
    expect(report.results.map((result) => [result.accountId, result.status])).toEqual([['333333333333', 'complete'], ['444444444444', 'failed']]);
    expect(fakes.connected[0]?.ownAccount).toBe(false);
    expect(fakes.sessions.opened.map((opened) => opened.accountId)).toEqual(['333333333333', '444444444444']);
    expect(fakes.connected[0]?.settings).toMatchObject({ AUDIT_ROLE_NAME: 'Auditor', AUDIT_EXTERNAL_ID: 'ext-42', ACCOUNTS_SOURCE: 'config' });
    expect(out.stdout).toBe('');
  });

  it('exits 1 when no account could be read', async () => {
    const fakes = commandDeps({ denied: { '333333333333': { code: 'AccessDenied', message: 'refused' } } });
    const { io } = captureIo({ 'a.json': '[{"accountId":"333333333333"}]' });
    expect(await run(['--accounts', 'a.json'], io, fakes.deps)).toBe(1);
  });

  it('takes the ACTIVE accounts of the organisation with --organization, and writes SARIF', async () => {
    const fakes = commandDeps({
      inventories: { '333333333333': new FakeInventory([{ name: 'site', cors: ANY_ORIGIN_READ }]) },
      org: [{ accountId: '333333333333', status: 'ACTIVE' }, { accountId: '555555555555', status: 'SUSPENDED' }],
    });
    const { io, out } = captureIo();
    expect(await run(['--organization', '--format', 'sarif'], io, fakes.deps)).toBe(0);
    const sarif = JSON.parse(out.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> };
    expect(sarif.runs[0]?.results.map((result) => result.ruleId)).toContain('S3CORS-ANY-ORIGIN-READ');
    expect(fakes.sessions.opened.map((opened) => opened.accountId)).toEqual(['333333333333']);
  });

  it('says in SARIF what a partial scan did not cover (executionSuccessful false, one notification per error) and points results at s3:// URIs', async () => {
    const unreadable = { kind: 'unreadable' as const, error: { code: 'SlowDown', message: 'throttled \u001b[2J' } };
    const fakes = commandDeps({
      inventories: { '333333333333': new FakeInventory([{ name: 'site', cors: ANY_ORIGIN_READ }, { name: hostileBucket, cors: unreadable }]) },
      denied: { '555555555555': { code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' } },
    });
    const { io, out } = captureIo({ 'a.json': '[{"accountId":"333333333333"},{"accountId":"555555555555"}]' });
    expect(await run(['--accounts', 'a.json', '--format', 'sarif'], io, fakes.deps)).toBe(0);
    const sarif = JSON.parse(out.stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; descriptor: { id: string }; message: { text: string }; properties: Record<string, string> }>; properties: { coverage: Record<string, number> } }>; results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const [sarifRun] = sarif.runs;
    const invocation = sarifRun?.invocations[0];
    expect(invocation?.executionSuccessful).toBe(false);
    expect(invocation?.toolExecutionNotifications.map((notification) => [notification.level, notification.descriptor.id, notification.properties.accountId])).toEqual([
      ['error', 'SlowDown', '333333333333'],
      ['error', 'AccessDenied', '555555555555'],
    ]);
    expect(invocation?.toolExecutionNotifications[1]?.message.text).toBe('account 555555555555 not covered: AccessDenied: not authorized to perform sts:AssumeRole');
    expect(invocation?.properties.coverage).toMatchObject({ accountsTotal: 2, accountsFailed: 1, bucketsUnknown: 1 });
    expect(out.stdout).not.toContain('\\u001b');
    expect(new Set(sarifRun?.results.map((result) => result.locations[0]?.physicalLocation.artifactLocation.uri))).toEqual(new Set(['s3://site']));
  });

  it('marks a SARIF run that read everything as successful, without notifications', async () => {
    const fakes = commandDeps({ inventories: { [OWN]: new FakeInventory([{ name: 'site', cors: ANY_ORIGIN_READ }]) } });
    const { io, out } = captureIo();
    expect(await run(['--format', 'sarif'], io, fakes.deps)).toBe(0);
    const invocation = (JSON.parse(out.stdout) as { runs: Array<{ invocations: Array<Record<string, unknown>> }> }).runs[0]?.invocations[0];
    expect(invocation).toMatchObject({ executionSuccessful: true });
    expect(invocation).not.toHaveProperty('toolExecutionNotifications');
  });

  it('writes a self-contained HTML report of the run with --format html, hostile origins escaped', async () => {
    const hostile = [{ AllowedOrigins: ['https://<img src=x onerror=alert(1)>.example.com', '*'], AllowedMethods: ['GET', 'PUT'] }];
    const fakes = commandDeps({
      inventories: { '333333333333': new FakeInventory([{ name: 'site', cors: ANY_ORIGIN_READ }, { name: 'hostile', cors: hostile }]) },
      org: [{ accountId: '333333333333', status: 'ACTIVE' }],
    });
    const { io, out } = captureIo();
    expect(await run(['--organization', '--format', 'html'], io, fakes.deps)).toBe(0);
    expect(out.stdout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out.stdout).toContain('hostile');
    expect(out.stdout).not.toContain('<img src=x');
  });

  it.each([
    [['--accounts', 'a.json', '--organization'], /exclude each other/],
    [['--format', 'xml'], /--format must be one of text, json, sarif/],
    [['--regions', 'mars-1'], /^--regions/],
    [['--external-id', 'a'], /^--external-id must be 2-1224 characters/],
    [['--accounts', 'missing.json'], /--accounts missing.json: cannot read it \(ENOENT\)/],
    [['--accounts', 'bad.json'], /^--accounts bad.json is not valid JSON/],
    [['--accounts', 'wrong.json'], /^--accounts wrong.json\[0\]\.accountId must be a 12-digit AWS account id/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with a one-line usage error', async (args, message) => {
    const { io } = captureIo({ 'a.json': '[]', 'bad.json': '{', 'wrong.json': '[{"accountId":"12"}]' });
    const failure = await run(args, io, commandDeps().deps).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliUsageError);
    expect((failure as Error).message).toMatch(message);
    expect((failure as Error).message).not.toContain('\n');
  });

  it('refuses a --profile without credentials as bad input (exit 2), before any account is tried', async () => {
    const fakes = commandDeps();
    fakes.deps.connect = async () => {
      throw new ProfileError('CredentialsProviderError: Could not resolve credentials using profile: [nosuch] in configuration/credentials file(s).');
    };
    const failure = await run(['--profile', 'nosuch'], captureIo().io, fakes.deps).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliUsageError);
    expect((failure as Error).message).toBe('--profile nosuch: CredentialsProviderError: Could not resolve credentials using profile: [nosuch] in configuration/credentials file(s).');
  });

  it('prints its usage with --help', async () => {
    const { io, out } = captureIo();
    expect(await run(['--help'], io, commandDeps().deps)).toBe(0);
    expect(out.stdout).toMatch(/^Usage: s3-cors-audit scan/);
  });
});

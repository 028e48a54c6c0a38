import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { CommandIo } from '../../../lib/cli/io';
import { main } from '../../../lib/cli/main';
import { ruleCatalogue } from '../../../lib/engine/catalogue';

const FIXTURES = 'test/fixtures/lint';
const fixture = (name: string) => `${FIXTURES}/${name}`;

function fakeIo(options: { isTty?: boolean; files?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: async (path) => options.files?.[path] ?? readFile(path, 'utf8'),
    writeFile: async () => undefined,
    isTty: options.isTty ?? false,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function lint(args: string[], options?: Parameters<typeof fakeIo>[0]) {
  const io = fakeIo(options);
  const code = await main(['lint', ...args], io.io);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

interface LintJson {
  files: { file: string; buckets: { name: string; score: number; grade: string; findings: { ruleId: string; severity: string; title: string; message: string; ruleIndex: number | null; location: { line?: number } }[]; suppressed: { ruleId: string }[] }[] }[];
}

describe('lint exit codes', () => {
  it.each([
    ['a clean file', [fixture('clean.json')], 0],
    ['a high finding (default --fail-on high)', [fixture('wide-open.json')], 1],
    ['a medium finding below the default threshold', [fixture('medium-only.json')], 0],
    ['a medium finding with --fail-on medium', [fixture('medium-only.json'), '--fail-on', 'medium'], 1],
    ['a high finding with --fail-on critical', [fixture('wide-open.json'), '--fail-on', 'critical'], 0],
    ['info findings with --fail-on info', [fixture('clean.json'), fixture('cors.xml'), '--fail-on', 'info'], 1],
  ])('%s', async (_name, args, expected) => {
    expect((await lint(args)).code).toBe(expected);
  });

  it.each([
    ['a missing file', [fixture('nope.json')], /nope\.json: cannot read/],
    ['a malformed file', [fixture('clean.json'), fixture('broken.json')], /broken\.json: /],
    ['no file', [], /no FILE given/],
    ['a bad --format', [fixture('clean.json'), '--format', 'yaml'], /--format must be one of text, json, sarif/],
    ['a bad --fail-on', [fixture('clean.json'), '--fail-on', 'severe'], /--fail-on must be one of/],
    ['an unknown flag', [fixture('clean.json'), '--colour'], /colour/],
    ['an invalid --context', [fixture('clean.json'), '--context', fixture('bad-context.json')], /bad-context\.json: suppressions\.0\.reason: a reason is required/],
    ['an unreadable --context', [fixture('clean.json'), '--context', fixture('missing-context.json')], /missing-context\.json: cannot read/],
  ])('exits 2 with one line for %s', async (_name, args, message) => {
    const result = await lint(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('lint --format json', () => {
  it('prints files, buckets, scores and findings for every input shape', async () => {
    const files = ['wide-open.json', 'cors.xml', 'template.yaml', 'template.json', 'plan.json'].map(fixture);
    const result = await lint([...files, '--format', 'json']);
    const report = JSON.parse(result.stdout) as LintJson;
    expect(report.files.map((file) => file.file)).toEqual(files);
    const byBucket = Object.fromEntries(report.files.flatMap((file) => file.buckets).map((bucket) => [bucket.name, bucket.findings.map((finding) => finding.ruleId)]));
    expect(byBucket['wide-open.json']).toContain('S3CORS-ANY-ORIGIN-WRITE');
    expect(byBucket['cors.xml']).toEqual(['S3CORS-ORIGIN-SUFFIX-BYPASS']);
    expect(byBucket.AssetsBucket).toEqual([]);
    expect(byBucket.UploadsBucket).toEqual(['S3CORS-UNTRUSTED-ORIGIN-WRITE', 'S3CORS-ORIGIN-NULL']);
    expect(byBucket.Site).toEqual(['S3CORS-ORIGIN-PUBLIC-HOSTING']);
    expect(byBucket['aws_s3_bucket_cors_configuration.uploads']).toEqual(expect.arrayContaining(['S3CORS-METHOD-OPTIONS', 'S3CORS-ORIGIN-DEVELOPMENT', 'S3CORS-ANY-HEADER-WRITE']));
    const first = report.files[0]!.buckets[0]!;
    expect(first).toMatchObject({ name: 'wide-open.json', grade: 'F' });
    expect(Object.keys(first.findings[0]!)).toEqual(expect.arrayContaining(['ruleId', 'severity', 'title', 'message', 'ruleIndex', 'location']));
    expect(first.findings[0]!.location.line).toBeGreaterThan(0);
  });

  it('applies --context exposure and suppressions per bucket', async () => {
    const without = JSON.parse((await lint([fixture('wide-open.json'), '--format', 'json'])).stdout) as LintJson;
    const withContext = JSON.parse((await lint([fixture('wide-open.json'), '--format', 'json', '--context', fixture('context.json')])).stdout) as LintJson;
    const bucket = withContext.files[0]!.buckets[0]!;
    expect(bucket.findings.find((finding) => finding.ruleId === 'S3CORS-ANY-ORIGIN-WRITE')?.severity).toBe('critical');
    expect(bucket.suppressed.map((finding) => finding.ruleId)).toEqual(['S3CORS-ANY-HEADER-WRITE']);
    expect(without.files[0]!.buckets[0]!.suppressed).toEqual([]);
  });
});

describe('lint of CloudFormation conditions with --context', () => {
  it('applies a bucket\'s context and suppressions, named by its logical id, to every branch of its conditions', async () => {
    const context = JSON.stringify({ buckets: { Uploads: { suppressions: [{ ruleId: 'S3CORS-ANY-ORIGIN-WRITE', bucket: 'Uploads', reason: 'prod uploads are signed' }] } } });
    const result = await lint(['test/fixtures/cfn-conditions/whole-configuration.yaml', '--format', 'json', '--context', 'context.json'], { files: { 'context.json': context } });
    const buckets = (JSON.parse(result.stdout) as LintJson).files[0]!.buckets;
    const uploads = buckets.find((bucket) => bucket.name.startsWith('Uploads ['));
    expect(uploads?.name).toBe('Uploads [IsProd=true]');
    expect(uploads?.suppressed.map((finding) => finding.ruleId)).toEqual(['S3CORS-ANY-ORIGIN-WRITE']);
    expect(uploads?.findings.map((finding) => finding.ruleId)).not.toContain('S3CORS-ANY-ORIGIN-WRITE');
    const assets = buckets.find((bucket) => bucket.name === 'Assets [IsProd=true]');
    expect(assets?.findings.map((finding) => finding.ruleId)).toContain('S3CORS-ANY-ORIGIN-WRITE');
  });
});

describe('lint --format sarif', () => {
  it('emits SARIF 2.1.0 with rule descriptors, levels, locations and fingerprints', async () => {
    const result = await lint([fixture('wide-open.json'), fixture('template.yaml'), '--format', 'sarif']);
    const sarif = JSON.parse(result.stdout);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const [run] = sarif.runs;
    expect(run.tool.driver.name).toBe('s3-cors-audit');
    expect(run.tool.driver.rules).toHaveLength(ruleCatalogue().length);
    expect(run.tool.driver.rules[0]).toMatchObject({ id: 'S3CORS-ANY-ORIGIN-WRITE', helpUri: expect.stringMatching(/rules\.md#s3cors-any-origin-write$/), defaultConfiguration: { level: 'error' } });
    const write = run.results.find((item: { ruleId: string }) => item.ruleId === 'S3CORS-ANY-ORIGIN-WRITE');
    expect(write).toMatchObject({ level: 'error', message: { text: expect.stringContaining('any origin') } });
    expect(write.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'test/fixtures/lint/wide-open.json' }, region: { startLine: 8 } });
    expect(write.partialFingerprints['s3CorsFinding/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(run.tool.driver.rules[write.ruleIndex].id).toBe('S3CORS-ANY-ORIGIN-WRITE');
    const nullOrigin = run.results.find((item: { ruleId: string }) => item.ruleId === 'S3CORS-ORIGIN-NULL');
    expect(nullOrigin.locations[0].logicalLocations[0].name).toBe('UploadsBucket/CORSRules[0]');
    expect(new Set(run.results.map((item: { partialFingerprints: Record<string, string> }) => item.partialFingerprints['s3CorsFinding/v1'])).size).toBe(run.results.length);
  });
});

describe('lint --format sarif with suppressions', () => {
  it('keeps suppressed findings as results marked with an external suppression', async () => {
    const sarif = JSON.parse((await lint([fixture('wide-open.json'), '--format', 'sarif', '--context', fixture('context.json')])).stdout);
    const accepted = sarif.runs[0].results.filter((item: { suppressions?: unknown[] }) => item.suppressions);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ ruleId: 'S3CORS-ANY-HEADER-WRITE', suppressions: [{ kind: 'external', status: 'accepted', justification: 'uploads need arbitrary metadata' }] });
    const raised = sarif.runs[0].results.find((item: { ruleId: string }) => item.ruleId === 'S3CORS-ANY-ORIGIN-WRITE');
    expect(raised.properties).toMatchObject({ severity: 'critical', baseSeverity: 'high' });
  });
});

describe('lint --format text', () => {
  it('groups by file and bucket, without colour when not a terminal', async () => {
    const result = await lint([fixture('template.yaml')]);
    expect(result.stdout).toContain('test/fixtures/lint/template.yaml\n  AssetsBucket  score 100 (A)\n    no findings\n  UploadsBucket  score');
    expect(result.stdout).toMatch(/HIGH {5}S3CORS-ORIGIN-NULL {2}\(rule 1, line 19\)/);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('colours severities on a terminal', async () => {
    const result = await lint([fixture('template.yaml')], { isTty: true });
    expect(result.stdout).toContain('\u001b[31mHIGH    \u001b[0m');
  });

  it('neutralises and bounds a hostile 60 KB origin in every format', async () => {
    const hostile = `http://<script>alert(1)</script>\u001b[2J\u001b]8;;https://evil.example\u0007<!channel>${'x'.repeat(60_000)}.example.com`;
    const files = { 'hostile.json': JSON.stringify([{ AllowedOrigins: [hostile], AllowedMethods: ['GET'], MaxAgeSeconds: 1 }]) };
    const text = await lint(['hostile.json'], { files, isTty: true });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toContain('\u001b[2J');
    expect(text.stdout).not.toContain('\u001b]8');
    expect(text.stdout).toContain('<script>');
    expect(text.stdout.length).toBeLessThan(5000);
    const json = await lint(['hostile.json', '--format', 'json'], { files });
    expect(json.stdout.length).toBeLessThan(10_000);
    const parsed = JSON.parse(json.stdout) as LintJson;
    expect(parsed.files[0]!.buckets[0]!.findings.some((finding) => /…\[\+\d+ chars\]/.test(finding.message))).toBe(true);
    const sarif = await lint(['hostile.json', '--format', 'sarif'], { files });
    expect(sarif.stdout).not.toContain('\u001b');
    expect(sarif.stdout.length).toBeLessThan(200_000);
  });

  it('escapes input quoted in a usage error (a file name, a value from the file) on its one line', async () => {
    const name = 'evil\u001b]0;pwned\u0007\u001b[2J\nFAKE: ok.json';
    const result = await lint([name], { files: { [name]: '[{"AllowedOrigins": [1\u001b[31m' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^s3-cors-audit lint: evil.*FAKE: ok\.json: /);
    expect(result.stderr.split('\n')).toEqual([expect.any(String), '']);
    expect([...result.stderr].filter((character) => character < ' ' && character !== '\n')).toEqual([]);
  });

  it('prints usage for --help', async () => {
    const result = await lint(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: s3-cors-audit lint FILE/);
  });
});

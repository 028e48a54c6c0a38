// The simulate command through run() with a fake terminal, and once as a real process over the corpus.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { run } from '../../../lib/cli/simulate';
import { CliUsageError, type CommandIo } from '../../../lib/cli/io';
import { parseSimulationCases } from '../../../lib/cors';
import { expectCorpusOutcome } from '../cors/corpus-expectations';

function fakeIo(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    readFile: async (path) => {
      const contents = files[path];
      if (contents === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return contents;
    },
    writeFile: async () => {
      throw new Error('simulate never writes files');
    },
    isTty: false,
  };
  return { io, out, err };
}

async function usageError(args: string[], files: Record<string, string> = {}): Promise<string> {
  const { io } = fakeIo(files);
  const outcome = await run(args, io).then(
    () => null,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(CliUsageError);
  const message = (outcome as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

const cors = JSON.stringify({
  CORSRules: [
    { AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'], MaxAgeSeconds: 600 },
    { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
  ],
});
const template = `Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules: [{ AllowedOrigins: ['*'], AllowedMethods: [GET] }]
  Uploads:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules: [{ AllowedOrigins: ['https://up.example.com'], AllowedMethods: [PUT] }]
`;

describe('simulate one request', () => {
  it('prints one JSON line with S3 preflight answer', async () => {
    const { io, out } = fakeIo({ 'cors.json': cors });
    const code = await run(['--config', 'cors.json', '--origin', 'https://app.example.com', '--method', 'OPTIONS', '--request-method', 'PUT', '--request-headers', 'Content-Type,X-Amz-Date'], io);
    expect(code).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(out[0] ?? '')).toEqual({
      status: 200,
      headers: {
        'Access-Control-Allow-Origin': 'https://app.example.com',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET, PUT',
        'Access-Control-Allow-Headers': 'content-type, x-amz-date',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
      },
      error: null,
      matched_rule_index: 0,
    });
  });

  it('treats a missing --origin as no Origin header, and --no-bucket as a missing bucket', async () => {
    const { io, out } = fakeIo({ 'cors.json': cors });
    await run(['--config', 'cors.json', '--method', 'OPTIONS'], io);
    await run(['--config', 'cors.json', '--method', 'OPTIONS', '--origin', 'https://x.example', '--request-method', 'GET', '--no-bucket', '--target', 'bucket'], io);
    await run(['--config', 'cors.json', '--method', 'GET', '--origin', 'https://x.example'], io);
    expect(out.map((line) => JSON.parse(line))).toEqual([
      { status: 400, headers: {}, error: { Code: 'BadRequest', Message: 'Insufficient information. Origin request header needed.' }, matched_rule_index: null },
      { status: 403, headers: {}, error: { Code: 'AccessForbidden', Message: 'CORSResponse: Bucket not found', Method: 'GET', ResourceType: 'BUCKET' }, matched_rule_index: null },
      { status: null, headers: expect.objectContaining({ 'Access-Control-Allow-Origin': '*' }), error: null, matched_rule_index: 1 },
    ]);
  });

  it('without --config simulates a bucket without CORS', async () => {
    const { io, out } = fakeIo({});
    await run(['--method', 'OPTIONS', '--origin', 'https://x.example', '--request-method', 'GET'], io);
    expect(JSON.parse(out[0] ?? '').error).toMatchObject({ Code: 'AccessForbidden', Message: 'CORSResponse: CORS is not enabled for this bucket.' });
  });

  it('picks a template bucket with --bucket, and lists the names when it is missing', async () => {
    const { io, out } = fakeIo({ 'template.yaml': template });
    await run(['--config', 'template.yaml', '--bucket', 'Uploads', '--method', 'OPTIONS', '--origin', 'https://up.example.com', '--request-method', 'PUT'], io);
    expect(JSON.parse(out[0] ?? '').status).toBe(200);
    expect(await usageError(['--config', 'template.yaml', '--method', 'GET'], { 'template.yaml': template })).toBe(
      'template.yaml: holds 2 CORS configurations; pick one with --bucket NAME: "Assets", "Uploads"',
    );
    expect(await usageError(['--config', 'template.yaml', '--bucket', 'Nope', '--method', 'GET'], { 'template.yaml': template })).toMatch(/has no configuration named "Nope": "Assets", "Uploads"$/);
  });

  it('warns on stderr when PutBucketCors would reject the configuration, and still simulates it', async () => {
    const { io, out, err } = fakeIo({ 'bad.json': '[{"AllowedOrigins":["*"],"AllowedMethods":["GET","OPTIONS"]}]' });
    expect(await run(['--config', 'bad.json', '--method', 'GET', '--origin', 'https://x.example'], io)).toBe(0);
    expect(err.join('')).toContain('PutBucketCors would reject bad.json: InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is OPTIONS');
    expect(JSON.parse(out[0] ?? '').matched_rule_index).toBe(0);
  });

  it('escapes what the warning quotes from the file: no terminal sequence, no forged second line', async () => {
    const hostile = JSON.stringify([{ AllowedOrigins: ['https://**\u001b]0;pwned\u0007\u001b[2J\nFAKE: ok'], AllowedMethods: ['GET'] }]);
    const { io, err } = fakeIo({ 'hostile.json': hostile });
    expect(await run(['--config', 'hostile.json', '--method', 'GET', '--origin', 'https://x'], io)).toBe(0);
    const warning = err.join('');
    expect(warning).toMatch(/^s3-cors-audit simulate: warning: PutBucketCors would reject hostile.json: InvalidRequest: /);
    expect(warning.split('\n')).toEqual([expect.any(String), '']);
    expect([...warning].filter((character) => character < ' ' && character !== '\n')).toEqual([]);
  });

  it('warns that values a template leaves open are simulated as their placeholder text', async () => {
    const open = `Parameters: { Domain: { Type: String }, Origins: { Type: CommaDelimitedList } }
Resources:
  Assets:
    Type: AWS::S3::Bucket
    Properties:
      CorsConfiguration:
        CorsRules:
          - { AllowedOrigins: ['https://fixed.example.com', !Sub 'https://\${Domain}'], AllowedMethods: [GET] }
          - { AllowedOrigins: !Ref Origins, AllowedMethods: [GET] }
`;
    const { io, out, err } = fakeIo({ 'open.yaml': open });
    expect(await run(['--config', 'open.yaml', '--method', 'OPTIONS', '--origin', 'https://app.example.com', '--request-method', 'GET'], io)).toBe(0);
    expect(JSON.parse(out[0] ?? '').status).toBe(403);
    expect(err.join('')).toBe(
      "s3-cors-audit simulate: warning: open.yaml: rule 1 AllowedOrigins item 2, rule 2 AllowedOrigins only known once deployed (a template intrinsic or a plan's unknown value): they are simulated as their placeholder text, so S3's answer may differ\n",
    );
  });

  it('prints usage for --help', async () => {
    const { io, out } = fakeIo({});
    expect(await run(['--help'], io)).toBe(0);
    expect(out.join('')).toMatch(/--origin O\s+Origin header\. Omit it to send a request without an Origin header\./);
  });

  it.each([
    [['--origin', 'x'], {}, /^--method is required/],
    [['--method', 'GET', '--bogus'], {}, /Unknown option '--bogus'/],
    [['--method', 'GET', '--target', 'moon'], {}, /^--target must be one of object, bucket, service, website-endpoint/],
    [['--config', 'missing.json', '--method', 'GET'], {}, /^cannot read missing.json: ENOENT/],
    [['--config', 'broken.json', '--method', 'GET'], { 'broken.json': '{"CORSRules": [' }, /^broken.json: not JSON, XML, YAML or a Terraform plan: /],
    [['--config', 'typed.json', '--method', 'GET'], { 'typed.json': '[{"AllowedOrigins":[1],"AllowedMethods":["GET"]}]' }, /^typed.json: line 1: rule 1: AllowedOrigins must be an array of strings/],
    [['--config', 'empty.yaml', '--method', 'GET'], { 'empty.yaml': 'Resources: {}\n' }, /^empty.yaml: no CORS configuration found$/],
    [['--cases', 'cases.json'], { 'cases.json': '{"not": "an array"}' }, /^cases.json: simulation cases must be a JSON array/],
    [['--cases', 'cases.json'], { 'cases.json': '[{"id": "x", "request": {"method": 5}}]' }, /^cases.json: case 0 \("x"\): request.method must be a string$/],
    [['--cases', 'cases.json'], { 'cases.json': 'nope' }, /^cases.json: not JSON: /],
    [['--cases', 'cases.json', '--method', 'GET'], { 'cases.json': '[]' }, /^--method describes one request; with --cases every case gives its own request$/],
    [['--cases', 'cases.json', '--no-bucket'], { 'cases.json': '[]' }, /^--no-bucket describes one request/],
    [['--cases', 'cases.json', '--config', 'missing.json'], { 'cases.json': '[]' }, /^cannot read missing.json: ENOENT/],
    [['--bucket', 'Assets', '--method', 'GET'], {}, /^--bucket picks a configuration in --config FILE; give --config too$/],
    [['--cases', 'cases.json', '--bucket', 'Assets'], { 'cases.json': '[]' }, /^--bucket picks a configuration in --config FILE/],
  ])('rejects %j with one line naming the problem', async (args, files, message) => {
    expect(await usageError(args, files)).toMatch(message);
  });
});

describe('simulate --cases', () => {
  const corpusPath = 'test/fixtures/cors-corpus/cases.json';
  const corpusText = readFileSync(corpusPath, 'utf8');
  const corpus = parseSimulationCases(JSON.parse(corpusText));

  function expectMatchesCorpus(output: string) {
    const results = JSON.parse(output) as { id: string; status: number | null; headers: Record<string, string>; error: null; matched_rule_index: number | null }[];
    expect(results.map((result) => result.id)).toEqual(corpus.map((testCase) => testCase.id));
    results.forEach((result, index) => {
      const testCase = corpus[index];
      if (!testCase) throw new Error('more results than cases');
      expectCorpusOutcome(testCase, { ...result, kind: testCase.input.request.method === 'OPTIONS' ? 'preflight' : 'actual' });
    });
  }

  it('answers every corpus case in order through run()', async () => {
    const { io, out } = fakeIo({ [corpusPath]: corpusText });
    expect(await run(['--cases', corpusPath], io)).toBe(0);
    expectMatchesCorpus(out.join(''));
  });

  it('answers every case with the --config configuration instead of the cases own rules', async () => {
    const cases = JSON.stringify([
      { id: 'app-put', cors_rules: [{ AllowedOrigins: ['*'], AllowedMethods: ['DELETE'] }], request: { method: 'OPTIONS', origin: 'https://app.example.com', access_control_request_method: 'PUT' } },
      { id: 'evil-put', bucket_exists: false, cors_rules: null, request: { method: 'OPTIONS', origin: 'https://evil.example', access_control_request_method: 'PUT' } },
      { id: 'evil-get', request: { method: 'GET', origin: 'https://evil.example' } },
    ]);
    const { io, out } = fakeIo({ 'cases.json': cases, 'cors.json': cors });
    expect(await run(['--cases', 'cases.json', '--config', 'cors.json'], io)).toBe(0);
    const results = JSON.parse(out.join('')) as { id: string; status: number | null; matched_rule_index: number | null; headers: Record<string, string> }[];
    expect(results.map((result) => [result.id, result.status, result.matched_rule_index])).toEqual([
      ['app-put', 200, 0],
      ['evil-put', 403, null],
      ['evil-get', null, 1],
    ]);
    expect(results[2]?.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers every corpus case as a real process (bin/s3-cors-audit.mjs)', async () => {
    const root = resolve(import.meta.dirname, '../../..');
    const env = { ...process.env, PATH: `${resolve(root, 'node_modules/.bin')}${delimiter}${process.env.PATH ?? ''}` };
    const { stdout } = await promisify(execFile)('node', ['bin/s3-cors-audit.mjs', 'simulate', '--cases', corpusPath], { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
    expectMatchesCorpus(stdout);
  }, 60_000);
});

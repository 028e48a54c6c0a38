// `s3-cors-audit simulate`: how S3 answers one browser request (or a file of corpus-schema cases) for a configuration.
import { parseArgs } from 'node:util';
import {
  CorsParseError,
  type CorsConfiguration,
  parseCorsDocument,
  parseSimulationCases,
  type RequestTarget,
  type SimulationResult,
  simulateRequest,
  validateConfiguration,
} from '../cors';
import { CliUsageError, type CommandIo, ERROR_LINE_CHARS, oneLine } from './io';
import { toReadableJson } from '../report/escape';

const USAGE = `Usage:
  s3-cors-audit simulate --config FILE --method M [--origin O] [options]
  s3-cors-audit simulate --cases FILE [--config FILE [--bucket NAME]]

Shows exactly how S3 answers a browser request for a CORS configuration, as one JSON line:
{"status","headers","error","matched_rule_index"}. status is set for OPTIONS (preflight) only: an actual
request's status comes from the S3 operation, CORS only adds headers.

Options:
  --config FILE            CORS configuration: S3 JSON, S3 XML, CloudFormation/SAM template or Terraform plan JSON.
                           Without it, the bucket has no CORS configuration.
  --bucket NAME            Which configuration to use when FILE holds several (a template or a plan).
  --method M               HTTP method of the request: OPTIONS for a preflight, or GET, PUT, POST, DELETE, HEAD.
  --origin O               Origin header. Omit it to send a request without an Origin header.
  --request-method M       Access-Control-Request-Method header (S3 uses it on actual requests too).
  --request-headers h1,h2  Access-Control-Request-Headers header.
  --target T               object (default), bucket, service or website-endpoint.
  --no-bucket              The bucket does not exist.
  --cases FILE             Run a JSON array of cases in the corpus schema; prints a JSON array of
                           {id, status, headers, error, matched_rule_index}, one per case, in order.
                           With --config, every case's request is answered by that configuration
                           (the cases' own cors_rules and bucket_exists are not used).
  -h, --help               Show this help.
`;

const TARGETS: readonly RequestTarget[] = ['object', 'bucket', 'service', 'website-endpoint'];

const OPTIONS = {
  config: { type: 'string' },
  bucket: { type: 'string' },
  method: { type: 'string' },
  origin: { type: 'string' },
  'request-method': { type: 'string' },
  'request-headers': { type: 'string' },
  target: { type: 'string' },
  'no-bucket': { type: 'boolean' },
  cases: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseFlags>;

/** Flags of a single request: each case of --cases carries its own. */
const REQUEST_FLAGS = ['method', 'origin', 'request-method', 'request-headers', 'target', 'no-bucket'] as const;

export async function run(args: string[], io: CommandIo): Promise<number> {
  const flags = parseFlags(args);
  if (flags.help) {
    io.stdout(USAGE);
    return 0;
  }
  // Without a file there is no configuration to pick: the name would be silently ignored.
  if (flags.bucket !== undefined && flags.config === undefined) throw new CliUsageError('--bucket picks a configuration in --config FILE; give --config too');
  if (flags.cases !== undefined) {
    const oneRequestFlags = REQUEST_FLAGS.filter((name) => flags[name] !== undefined);
    if (oneRequestFlags.length > 0) throw new CliUsageError(`--${oneRequestFlags[0]} describes one request; with --cases every case gives its own request`);
    const config = flags.config === undefined ? undefined : await loadConfiguration(flags.config, flags.bucket, io);
    io.stdout(`${toReadableJson(await runCases(flags.cases, io, config))}\n`);
    return 0;
  }
  const result = await runOne(flags, io);
  io.stdout(`${toReadableJson(publicResult(result))}\n`);
  return 0;
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}; see --help`);
  }
}

async function runOne(flags: Flags, io: CommandIo): Promise<SimulationResult> {
  if (flags.method === undefined) throw new CliUsageError('--method is required (or --cases FILE); see --help');
  if (flags.target !== undefined && !(TARGETS as readonly string[]).includes(flags.target)) {
    throw new CliUsageError(`--target must be one of ${TARGETS.join(', ')}, got ${JSON.stringify(flags.target.slice(0, 40))}`);
  }
  const config = flags.config === undefined ? null : await loadConfiguration(flags.config, flags.bucket, io);
  return simulateRequest({
    config,
    bucketExists: flags['no-bucket'] !== true,
    request: {
      method: flags.method,
      target: (flags.target as RequestTarget | undefined) ?? 'object',
      origin: flags.origin ?? null,
      accessControlRequestMethod: flags['request-method'] ?? null,
      accessControlRequestHeaders: flags['request-headers'] ?? null,
    },
  });
}

async function loadConfiguration(file: string, bucket: string | undefined, io: CommandIo): Promise<CorsConfiguration> {
  const text = await readInput(file, io);
  const found = parseOrExplain(file, () => parseCorsDocument(text, file));
  if (found.length === 0) throw new CliUsageError(`${file}: no CORS configuration found`);
  const names = found.map((configuration) => configuration.name);
  const chosen = bucket === undefined ? (found.length === 1 ? found[0] : undefined) : found.find((configuration) => configuration.name === bucket);
  if (!chosen) {
    const problem = bucket === undefined ? `holds ${found.length} CORS configurations; pick one with --bucket NAME` : `has no configuration named ${JSON.stringify(bucket.slice(0, 100))}`;
    throw new CliUsageError(`${file}: ${problem}: ${names.map((name) => JSON.stringify(name)).join(', ')}`);
  }
  // Simulating a configuration S3 would refuse is still useful, but say so: S3 would never serve it.
  const [rejection] = validateConfiguration(chosen.config);
  if (rejection) io.stderr(`s3-cors-audit simulate: warning: ${oneLine(`PutBucketCors would reject ${file}: ${rejection.code}: ${rejection.message}`, ERROR_LINE_CHARS)}\n`);
  const unresolved = unresolvedValues(chosen.config);
  if (unresolved.length > 0) {
    const where = unresolved.join(', ');
    io.stderr(`s3-cors-audit simulate: warning: ${oneLine(`${file}: ${where} only known once deployed (a template intrinsic or a plan's unknown value): they are simulated as their placeholder text, so S3's answer may differ`, ERROR_LINE_CHARS)}\n`);
  }
  return chosen.config;
}

/** S3's member name for a parsed field: allowedOrigins → AllowedOrigins. */
const memberName = (field: string) => `${field.charAt(0).toUpperCase()}${field.slice(1)}`;

/** The values of `config` a template or plan leaves open, as "rule 1 AllowedOrigins" (whole field) or "rule 2 AllowedOrigins item 1". */
function unresolvedValues(config: CorsConfiguration): string[] {
  const found: string[] = [];
  config.rules.forEach((rule, index) => {
    for (const field of rule.unresolved ?? []) found.push(`rule ${index + 1} ${memberName(field)}`);
    for (const [field, items] of Object.entries(rule.unresolvedItems ?? {})) {
      for (const item of items ?? []) found.push(`rule ${index + 1} ${memberName(field)} item ${item + 1}`);
    }
  });
  return found;
}

/** A cases file is a test corpus; far larger than any real one means a wrong file. */
const MAX_CASES_FILE_CHARS = 20 * 1024 * 1024;

/** Each case's answer; with `config`, the user's configuration answers every case's request instead of the case's own. */
async function runCases(file: string, io: CommandIo, config?: CorsConfiguration) {
  const text = await readInput(file, io);
  if (text.length > MAX_CASES_FILE_CHARS) throw new CliUsageError(`${file}: ${text.length} characters; a cases file may hold at most ${MAX_CASES_FILE_CHARS}`);
  const cases = parseOrExplain(file, () => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new CorsParseError(`not JSON: ${(error as Error).message}`);
    }
    return parseSimulationCases(json);
  });
  return cases.map((testCase) => {
    const input = config === undefined ? testCase.input : { config, bucketExists: true, request: testCase.input.request };
    return { id: testCase.id, ...publicResult(simulateRequest(input)) };
  });
}

function publicResult(result: SimulationResult) {
  return { status: result.status, headers: result.headers, error: result.error, matched_rule_index: result.matched_rule_index };
}

async function readInput(file: string, io: CommandIo): Promise<string> {
  try {
    return await io.readFile(file);
  } catch (error) {
    throw new CliUsageError(`cannot read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}

function parseOrExplain<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof CorsParseError) throw new CliUsageError(`${file}: ${error.message}`);
    throw error;
  }
}

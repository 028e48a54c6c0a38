// `npm run bench:bundle`: each Lambda handler bundled exactly as it ships (scripts/bundle.mjs), its minified
// size and its cold initialisation: a fresh `node` process imports the bundle and reports the time the
// import took (median of several), beside the same figure for an empty module measured in the same run.
// Both SDK modes are measured: the AWS SDK left to the Lambda runtime (the default) and bundled
// (BUNDLE_AWS_SDK=true); `--sdk runtime` or `--sdk bundled` measures one. Bundles are written under the
// repository (.bench-tmp/, gitignored) so that the SDK left out of a bundle resolves from node_modules, as
// it does from .esbuild/.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { FlagError, mark, median, runBenchmark } from './support/figures';

const AIM_BYTES = 1_000_000;
const AIM_INIT_MS = 300;
const RUNS = 5;

interface BundleModule {
  HANDLERS: string[];
  bundleHandlers(names: string[], options: { outdir: string; bundleAwsSdk: boolean }): Promise<Record<string, number>>;
}

const MODES = {
  runtime: { bundleAwsSdk: false, title: 'AWS SDK from the Lambda runtime (default; @aws-sdk/* left out of the bundle)' },
  bundled: { bundleAwsSdk: true, title: 'AWS SDK bundled (BUNDLE_AWS_SDK=true)' },
} as const;
type Mode = keyof typeof MODES;

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** Settings a handler may read when it is first invoked; none of it is contacted by an import. */
const LAMBDA_ENV = {
  PATH: process.env.PATH ?? '',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  REPORT_TABLE_NAME: 'bench-report',
  LOG_LEVEL: 'ERROR',
};

interface ImportTimes {
  /** Importing the bundle: what Lambda's init phase pays for our code. */
  init: number;
  /** Then require()ing the runtime's SDK packages the bundle names (0 when it names none). */
  sdk: number;
}

/**
 * Times, in a fresh node process, the import of `file`, then the require() of `sdkPackages` from beside it.
 * A bundle that leaves the SDK to the runtime loads a client where our code first imports its adapter,
 * mostly on the first invocation (functions/middleware/runtime.ts): the second figure is that cost, at most.
 */
async function importTimes(file: string, sdkPackages: readonly string[]): Promise<ImportTimes> {
  const url = JSON.stringify(pathToFileURL(file).href);
  const probe = [
    `const started = performance.now(); await import(${url}); const imported = performance.now();`,
    `const load = (await import('node:module')).createRequire(${url}); for (const name of ${JSON.stringify(sdkPackages)}) load(name);`,
    'process.stdout.write(JSON.stringify([imported - started, performance.now() - imported]));',
  ].join('\n');
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { env: LAMBDA_ENV, timeout: 30_000 });
  const [init, sdk] = (JSON.parse(stdout.trim().split('\n').pop() ?? 'null') ?? []) as number[];
  if (!Number.isFinite(init) || !Number.isFinite(sdk)) throw new Error(`import of ${file} printed no time: ${stdout.slice(0, 200)}`);
  return { init: init ?? 0, sdk: sdk ?? 0 };
}

async function medianImportTimes(file: string, sdkPackages: readonly string[] = []): Promise<ImportTimes> {
  const times: ImportTimes[] = [];
  // One after the other: parallel runs would compete for the same two cores and inflate each other.
  for (let index = 0; index < RUNS; index += 1) times.push(await importTimes(file, sdkPackages));
  return { init: median(times.map((time) => time.init)), sdk: median(times.map((time) => time.sdk)) };
}

/** The `@aws-sdk/*` packages a bundle require()s from the runtime (none when the SDK is bundled). */
async function runtimeSdkPackages(file: string): Promise<string[]> {
  return [...new Set((await readFile(file, 'utf8')).match(/(?<=")@aws-sdk\/[\w.-]+(?=")/g) ?? [])].sort();
}

/** functions/*.ts plus the handlers scripts/bundle.mjs knows; a name without its file is reported, not fatal. */
async function handlerNames(known: readonly string[]): Promise<string[]> {
  const files = (await readdir(join(root, 'functions'))).filter((name) => name.endsWith('.ts')).map((name) => name.slice(0, -3));
  return [...new Set([...known, ...files])].sort();
}

function modesOf(argv: string[]): Mode[] {
  const { values } = parseArgs({ args: argv, options: { sdk: { type: 'string', default: 'both' } }, strict: true });
  if (values.sdk === 'both') return ['runtime', 'bundled'];
  if (values.sdk === 'runtime' || values.sdk === 'bundled') return [values.sdk];
  throw new FlagError(`--sdk must be runtime, bundled or both, not ${JSON.stringify(values.sdk)}`);
}

/** Bundles and times every handler in one SDK mode; returns the lines to print and whether every aim was met. */
async function measureMode(mode: Mode, names: string[], bundle: BundleModule['bundleHandlers'], outdir: string): Promise<{ lines: string[]; allMet: boolean }> {
  const lines = [`  ${MODES[mode].title}:`];
  let allMet = true;
  for (const name of names) {
    if (!existsSync(join(root, 'functions', `${name}.ts`))) {
      lines.push(`    ${name.padEnd(16)} not built: functions/${name}.ts does not exist yet`);
      continue;
    }
    let bytes: number;
    try {
      bytes = (await bundle([name], { outdir, bundleAwsSdk: MODES[mode].bundleAwsSdk }))[name] ?? 0;
    } catch (error) {
      lines.push(`    ${name.padEnd(16)} not built: ${(error as Error).message.split('\n')[0]?.slice(0, 200)}`);
      allMet = false;
      continue;
    }
    const file = join(outdir, name, 'index.js');
    const sdkPackages = MODES[mode].bundleAwsSdk ? [] : await runtimeSdkPackages(file);
    const { init, sdk } = await medianImportTimes(file, sdkPackages);
    allMet &&= bytes < AIM_BYTES && init < AIM_INIT_MS;
    const firstUse = sdkPackages.length > 0 ? `  + ${`${sdk.toFixed(0)} ms`.padStart(6)} to load its ${sdkPackages.length} SDK packages on first use` : '';
    lines.push(`    ${name.padEnd(16)} ${`${(bytes / 1000).toFixed(0)} kB`.padStart(8)} (${mark(bytes < AIM_BYTES)})  init ${`${init.toFixed(0)} ms`.padStart(7)} (${mark(init < AIM_INIT_MS)})${firstUse}`);
  }
  lines.push(allMet ? '    every handler meets both aims' : '    some handler misses an aim (see BELOW AIM above)');
  return { lines, allMet };
}

async function main(): Promise<number> {
  const modes = modesOf(process.argv.slice(2));
  // A variable specifier: scripts/bundle.mjs is plain JS without type declarations.
  const bundleScript: string = '../scripts/bundle.mjs';
  const { HANDLERS, bundleHandlers } = (await import(bundleScript)) as BundleModule;
  // Under the repository, not the system temp directory: a bundle without the SDK finds it in node_modules.
  const benchRoot = join(root, '.bench-tmp');
  await mkdir(benchRoot, { recursive: true });
  const outdir = await mkdtemp(join(benchRoot, 'bundle-'));
  try {
    const empty = join(outdir, 'empty.mjs');
    await writeFile(empty, 'export {};\n');
    const baseline = (await medianImportTimes(empty)).init;
    const names = await handlerNames(HANDLERS);
    const lines: string[] = [];
    for (const mode of modes) lines.push(...(await measureMode(mode, names, bundleHandlers, join(outdir, mode))).lines);
    process.stdout.write([
      `bundle benchmark (${availableParallelism()} CPUs, load average ${loadavg()[0]?.toFixed(2)}; node ${process.version}; init = median of ${RUNS} fresh processes)`,
      `  aims: each bundle < ${AIM_BYTES / 1000} kB minified, init < ${AIM_INIT_MS} ms`,
      ...lines,
      `  baseline: importing an empty module takes ${baseline.toFixed(1)} ms in the same run`,
      '',
    ].join('\n'));
    return 0;
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

runBenchmark('bench:bundle', main);

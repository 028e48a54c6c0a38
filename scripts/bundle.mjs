// Bundles each Lambda handler (functions/<name>.ts) into .esbuild/<name>/index.js (ESM, beside a
// package.json of type module: Lambda and `osls invoke local` both load it) with esbuild,
// fully offline. The AWS SDK (`@aws-sdk/*`) is left out by default: the nodejs22.x runtime ships SDK v3, and
// the bundle require()s it from there (locally, from node_modules, found by walking up from .esbuild/).
// BUNDLE_AWS_SDK=true bundles it instead, for a deployment that pins the SDK version of package-lock.json.
// Used two ways: `node scripts/bundle.mjs [name...]`, and as a local osls plugin
// (serverless.yml `plugins: [./scripts/bundle.mjs]`) that bundles before packaging and `invoke local`.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HANDLERS = ['schedule-scan', 'scan-account', 'on-cors-change', 'notify-slack', 'query-report'];

/**
 * Leaves `@aws-sdk/*` to the Lambda runtime (our code imports no `@smithy/*` package itself: they come with
 * the SDK). Each SDK import becomes a require() where the code imports it, not an `import` statement: esbuild
 * hoists an external `import` to the top of the bundle, so every client would load at init even where our
 * code imports its adapter lazily (functions/middleware/runtime.ts), and Node loads the SDK's CommonJS
 * packages faster through require() than through import (no ESM translation of each file).
 */
const sdkFromRuntime = {
  name: 'aws-sdk-from-runtime',
  setup(build) {
    build.onResolve({ filter: /^@aws-sdk\// }, (args) =>
      args.kind === 'require-call' ? { path: args.path, external: true } : { path: args.path, namespace: 'aws-sdk-from-runtime' });
    build.onLoad({ filter: /.*/, namespace: 'aws-sdk-from-runtime' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

/** Whether the AWS SDK goes into the bundles: only when BUNDLE_AWS_SDK=true. */
export function bundlesAwsSdk(env = process.env) {
  return env.BUNDLE_AWS_SDK === 'true';
}

/** Bundles the named handlers (all by default); returns the bundle sizes in bytes. */
export async function bundleHandlers(names = HANDLERS, { outdir = join(root, '.esbuild'), bundleAwsSdk = bundlesAwsSdk() } = {}) {
  const sizes = {};
  for (const name of names) {
    const entry = join(root, 'functions', `${name}.ts`);
    if (!existsSync(entry)) throw new Error(`bundle: functions/${name}.ts does not exist`);
    await rm(join(outdir, name), { recursive: true, force: true });
    const result = await build({
      entryPoints: [entry],
      outfile: join(outdir, name, 'index.js'),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      // No source map in the zip (it would triple its size); kept names make minified stack traces readable.
      keepNames: true,
      metafile: true,
      legalComments: 'none',
      logLevel: 'warning',
      plugins: bundleAwsSdk ? [] : [sdkFromRuntime],
      // CommonJS dependencies inside an ESM bundle still call require(), and so does the SDK left to the runtime.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    await writeFile(join(outdir, name, 'package.json'), '{ "type": "module" }\n');
    sizes[name] = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
  }
  return sizes;
}

/** The osls plugin: bundles the functions being packaged or invoked. */
export default class BundlePlugin {
  constructor(serverless, options) {
    const functionsOf = () => (options.function ? [options.function] : Object.keys(serverless.service.functions ?? {}));
    const run = async () => {
      const sizes = await bundleHandlers(functionsOf().filter((name) => HANDLERS.includes(name)));
      const sdk = bundlesAwsSdk() ? 'AWS SDK bundled' : 'AWS SDK from the Lambda runtime';
      serverless.cli?.log?.(`bundled (${sdk}) ${Object.entries(sizes).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`).join(', ')}`);
    };
    this.hooks = {
      initialize: () => {
        refuseNewEventBus(serverless.service.functions ?? {});
        if (serverless.processedInput?.commands?.join(' ') === 'invoke local') {
          useLocalValuesForRefs(serverless.service.provider.environment);
          for (const definition of Object.values(serverless.service.functions ?? {})) useLocalValuesForRefs(definition.environment);
        }
      },
      'before:package:createDeploymentArtifacts': run,
      'before:deploy:function:packageFunction': run,
      'before:invoke:local:invoke': run,
    };
  }
}

/**
 * An eventBridge `eventBus` given as a plain name other than `default` makes the framework CREATE a bus of that
 * name (and delete it with the stack); on-cors-change must listen on an existing one, named by its ARN.
 */
export function refuseNewEventBus(functions) {
  for (const [name, definition] of Object.entries(functions)) {
    for (const event of definition.events ?? []) {
      const bus = event.eventBridge?.eventBus;
      if (typeof bus === 'string' && bus !== 'default' && !bus.startsWith('arn:')) {
        throw new Error(`${name}: eventBus must be "default" or the ARN of an existing event bus (a plain name would create a new, empty bus), got ${JSON.stringify(bus.slice(0, 100))}`);
      }
    }
  }
}

/**
 * `invoke local` resolves `!Ref` environment values by asking CloudFormation for the deployed stack.
 * Offline, a value exported in the caller's shell (REPORT_TABLE_NAME=... pointing at a local AWS) is
 * used instead, so the sample events in events/ run without any stack; provider- and function-level
 * alike. An `Fn::If` it cannot resolve at all (the Slack webhook's source) is left unset unless exported.
 */
function useLocalValuesForRefs(environment = {}) {
  for (const [name, value] of Object.entries(environment)) {
    if (typeof value !== 'object' || value === null) continue;
    if (process.env[name] !== undefined) environment[name] = process.env[name];
    else if ('Fn::If' in value) delete environment[name];
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // No top-level await: osls require()s this module as a plugin.
  const names = process.argv.slice(2);
  bundleHandlers(names.length > 0 ? names : HANDLERS).then(
    (sizes) => Object.entries(sizes).forEach(([name, bytes]) => console.log(`${name}\t${(bytes / 1024).toFixed(1)} KiB`)),
    (error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}

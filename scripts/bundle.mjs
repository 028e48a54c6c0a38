// Bundles each Lambda handler (functions/<name>.ts) into .esbuild/<name>/index.js (ESM, beside a
// package.json of type module: Lambda and `osls invoke local` both load it) with esbuild,
// fully offline. Used two ways: `node scripts/bundle.mjs [name...]`, and as a local osls plugin
// (serverless.yml `plugins: [./scripts/bundle.mjs]`) that bundles before packaging and `invoke local`.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HANDLERS = ['schedule-scan', 'scan-account', 'on-cors-change', 'notify-slack', 'query-report'];

/** Bundles the named handlers (all by default); returns the bundle sizes in bytes. */
export async function bundleHandlers(names = HANDLERS, { outdir = join(root, '.esbuild') } = {}) {
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
      // CommonJS dependencies inside an ESM bundle still call require().
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
      serverless.cli?.log?.(`bundled ${Object.entries(sizes).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`).join(', ')}`);
    };
    this.hooks = {
      initialize: () => {
        if (serverless.processedInput?.commands?.join(' ') === 'invoke local') useLocalValuesForRefs(serverless.service.provider.environment);
      },
      'before:package:createDeploymentArtifacts': run,
      'before:deploy:function:packageFunction': run,
      'before:invoke:local:invoke': run,
    };
  }
}

/**
 * `invoke local` resolves `!Ref` environment values by asking CloudFormation for the deployed stack.
 * Offline, a value exported in the caller's shell (REPORT_TABLE_NAME=... pointing at a local AWS) is
 * used instead, so the sample events in events/ run without any stack.
 */
function useLocalValuesForRefs(environment = {}) {
  for (const [name, value] of Object.entries(environment)) {
    if (typeof value === 'object' && value !== null && process.env[name] !== undefined) environment[name] = process.env[name];
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

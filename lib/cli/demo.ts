// `s3-cors-audit demo` (npm start): the nightly scan end to end against a local AWS seeded with a demo
// organisation. Everything runs in this process and stops before the command returns.
import { parseArgs } from 'node:util';
import { CliUsageError, type CommandIo } from './io';

const HELP = `Usage: s3-cors-audit demo [--changes] [--out-dir <dir>] [--verbose]

Starts a local AWS (S3, S3 Control, STS, Organizations, SSM, DynamoDB, SNS, SQS and a Slack webhook
on 127.0.0.1), seeds a demo organisation, and runs the nightly scan through the Lambda handlers:
schedule-scan -> SQS -> scan-account -> DynamoDB -> SNS -> notify-slack -> Slack. Prints a line per
account, the summary, the report path and where the Slack messages went; then scans a second time.

Options:
  --changes        change some buckets between the two scans (one worse, one fixed, one new)
  --out-dir <dir>  where report.html and demo-slack-posts.json go (default: .s3-cors-audit)
  --verbose        keep the handlers' JSON logs
  -h, --help       show this help
`;

/** The output directory must be writable before a minute of scanning, not found wanting after it. */
async function checkOutDir(outDir: string): Promise<void> {
  const { access, constants, mkdir } = await import('node:fs/promises');
  try {
    await mkdir(outDir, { recursive: true });
    await access(outDir, constants.W_OK);
  } catch (error) {
    throw new CliUsageError(`--out-dir ${outDir}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: { changes: { type: 'boolean', default: false }, 'out-dir': { type: 'string', default: '.s3-cors-audit' }, verbose: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message} (see --help)`);
  }
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  await checkOutDir(values['out-dir']);
  try {
    // Loaded here, not at the top: --help must not start (or even load) the emulators.
    const { runDemo } = await import('../demo/run-demo');
    await runDemo({ changes: values.changes, outDir: values['out-dir'], verbose: values.verbose, color: io.isTty, write: io.stdout, writeFile: io.writeFile });
    return 0;
  } catch (error) {
    io.stderr(`s3-cors-audit demo: ${(error as Error).message}\n`);
    if (values.verbose) io.stderr(`${(error as Error).stack ?? ''}\n`);
    return 1;
  }
}

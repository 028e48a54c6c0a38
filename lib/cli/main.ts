// The s3-cors-audit command: dispatches to one module per subcommand, loaded on demand.
import { CliUsageError, type CommandIo, ERROR_LINE_CHARS, oneLine, realIo } from './io';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (args: string[], io: CommandIo) => Promise<number> }> }> = {
  lint: { summary: 'Lint CORS configurations (JSON, XML, CloudFormation, Terraform plan) before deploy', load: () => import('./lint') },
  simulate: { summary: 'Show exactly how S3 answers a browser request for a configuration', load: () => import('./simulate') },
  scan: { summary: 'Scan the buckets of one or many AWS accounts now, with your credentials', load: () => import('./scan') },
  report: { summary: 'Query the report table: findings, summaries, trends, diffs', load: () => import('./report') },
  demo: { summary: 'Run the nightly scan end to end against a local AWS seeded with a demo organisation', load: () => import('./demo') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return ['Usage: s3-cors-audit <command> [options]', '', 'Commands:', ...lines, '', 'Run `s3-cors-audit <command> --help` for a command\'s options.'].join('\n');
}

export async function main(argv: string[], io: CommandIo = realIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`s3-cors-audit: unknown command "${oneLine(name, 40)}"; expected one of ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
  }
  try {
    const module = await command.load();
    return await module.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      // Messages quote input (file names, values read from the file): escaped here once, for every command.
      io.stderr(`s3-cors-audit ${name}: ${oneLine(error.message, ERROR_LINE_CHARS)}\n`);
      return 2;
    }
    throw error;
  }
}

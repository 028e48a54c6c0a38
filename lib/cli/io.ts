// Terminal I/O for commands, injectable so tests capture output without spawning a process.

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  writeFile(path: string, contents: string): Promise<void>;
  /** True when stdout is an interactive terminal (progress lines, colour). */
  isTty: boolean;
}

/** A user mistake (bad flag, unreadable or malformed input): printed as one line, exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function realIo(): CommandIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readFile: async (path) => (await import('node:fs/promises')).readFile(path, 'utf8'),
    writeFile: async (path, contents) => (await import('node:fs/promises')).writeFile(path, contents, 'utf8'),
    isTty: Boolean(process.stdout.isTTY),
  };
}

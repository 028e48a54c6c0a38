// Terminal I/O for commands, injectable so tests capture output without spawning a process.
import { escapeTerminal, truncateText } from '../report/escape';

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
    writeFile: writeFileAtomically,
    isTty: Boolean(process.stdout.isTTY),
  };
}

/**
 * Writes beside the target, then renames over it: an interrupted or failed write never leaves a
 * half-written report in place of the previous one.
 */
export async function writeFileAtomically(path: string, contents: string): Promise<void> {
  const { rename, rm, writeFile } = await import('node:fs/promises');
  const temporary = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Everything shown came from audited accounts or the user: no terminal escapes, one bounded line. */
export function oneLine(text: string, max = 300): string {
  return truncateText(escapeTerminal(String(text)).replace(/\s+/g, ' ').trim(), max);
}

/** An error line may quote input (a file name, an origin from the file): one line, escaped, longer than a table cell. */
export const ERROR_LINE_CHARS = 2000;

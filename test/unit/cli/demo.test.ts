// The demo command's argument checks: they answer before any emulator starts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../lib/cli/demo';
import { CliUsageError, type CommandIo } from '../../../lib/cli/io';

const io: CommandIo = {
  stdout: () => undefined,
  stderr: () => undefined,
  readFile: async () => '',
  writeFile: async () => {
    throw new Error('nothing is written when the arguments are refused');
  },
  isTty: false,
};

describe('s3-cors-audit demo arguments', () => {
  let directory = '';
  afterEach(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  // Refused by a usage error: had the demo started, run() would have scanned and then answered 1, not thrown.
  it('refuses an --out-dir it cannot create, with one line and before the local AWS starts', async () => {
    directory = await mkdtemp(join(tmpdir(), 'demo-args-'));
    const file = join(directory, 'a-file');
    await writeFile(file, 'not a directory');
    const failure = await run(['--out-dir', join(file, 'reports')], io).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliUsageError);
    expect((failure as Error).message).toBe(`--out-dir ${join(file, 'reports')}: cannot write there (ENOTDIR)`);
  });

  it('refuses an unknown flag', async () => {
    await expect(run(['--colour'], io)).rejects.toThrow(/Unknown option '--colour'/);
  });
});

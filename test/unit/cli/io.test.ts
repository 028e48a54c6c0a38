import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from '../../../lib/cli/io';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'io-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomically', () => {
  it('replaces the file and leaves nothing else behind', async () => {
    const target = join(dir, 'report.html');
    await writeFile(target, 'previous');
    await writeFileAtomically(target, 'new report');
    expect(await readFile(target, 'utf8')).toBe('new report');
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('leaves what was there and no temporary file when the final rename fails', async () => {
    // A non-empty directory where the file should go: the temporary file is written, the rename fails.
    const target = join(dir, 'report.html');
    await mkdir(target);
    await writeFile(join(target, 'kept.txt'), 'previous');
    await expect(writeFileAtomically(target, 'x')).rejects.toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(await readFile(join(target, 'kept.txt'), 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['report.html']);
  });
});

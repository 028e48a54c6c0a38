// Placeholder until the owning issue lands: says so instead of pretending to work.
import type { CommandIo } from './io';

export async function run(_args: string[], io: CommandIo): Promise<number> {
  io.stderr('s3-cors-audit simulate: not implemented yet\n');
  return 2;
}

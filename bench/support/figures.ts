// What every benchmark prints the same way: flags read as bounded numbers, aims marked, peak memory sampled.

export class FlagError extends Error {
  override name = 'FlagError';
}

/** A numeric flag within [min, max]; anything else stops the benchmark with the flag's name. */
export function numberFlag(name: string, text: string | undefined, min: number, max: number): number {
  const value = Number(text);
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new FlagError(`--${name} must be a number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return value;
}

export const mark = (ok: boolean): string => (ok ? 'meets aim' : 'BELOW AIM');
export const ratio = (value: number): string => `${(value * 100).toFixed(0)} %`;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Samples process.memoryUsage() every `everyMs` until stopped; returns the peaks seen. */
export function memoryPeak(everyMs = 20): { stop(): { rss: number; heapUsed: number } } {
  const peak = { rss: 0, heapUsed: 0 };
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peak.rss = Math.max(peak.rss, rss);
    peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { ...peak };
    },
  };
}

/** Runs a benchmark's main: its number is the exit code; a bad flag prints one line, anything else its stack. */
export function runBenchmark(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const usage = error instanceof FlagError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
      process.stderr.write(`${name}: ${usage ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`);
      process.exitCode = usage ? 2 : 1;
    },
  );
}

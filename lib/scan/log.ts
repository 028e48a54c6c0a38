// The scanner's logging port: structured entries keyed by scanId, accountId, region, bucket.
// functions/ wires it to the Powertools Logger; the CLI and tests use the JSON or silent ones below.
// Never log credentials or whole configurations (attacker-controlled and unbounded).

export type LogKeys = { scanId?: string | undefined; accountId?: string | undefined; region?: string | undefined; bucket?: string | undefined } & Record<string, string | number | boolean | undefined>;

export interface ScanLog {
  debug(message: string, keys?: LogKeys): void;
  info(message: string, keys?: LogKeys): void;
  warn(message: string, keys?: LogKeys): void;
  error(message: string, keys?: LogKeys): void;
}

export const silentLog: ScanLog = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** One JSON object per line through `write` (stderr in the CLI). */
export function jsonLog(write: (line: string) => void, minimum: 'debug' | 'info' | 'warn' | 'error' = 'info'): ScanLog {
  const levels = ['debug', 'info', 'warn', 'error'] as const;
  const at = (level: (typeof levels)[number]) => (message: string, keys: LogKeys = {}) => {
    if (levels.indexOf(level) < levels.indexOf(minimum)) return;
    write(`${JSON.stringify({ level: level.toUpperCase(), message, timestamp: new Date().toISOString(), ...keys })}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

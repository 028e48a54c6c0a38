// The Powertools Logger every function shares, and its adapter to lib/scan's logging port, so keys
// such as scanId, accountId, region and bucket land as top-level JSON fields.
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogKeys, ScanLog } from '../../lib/scan/log';

export function createLogger(serviceName = 's3-cors-audit'): Logger {
  // POWERTOOLS_LOG_LEVEL / LOG_LEVEL are read by Powertools itself; the sample rate stays off.
  return new Logger({ serviceName });
}

/** Drops undefined keys (Powertools would print them as null) and never adds anything else. */
export function scanLogFrom(logger: Logger): ScanLog {
  const clean = (keys: LogKeys = {}) => Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
  return {
    debug: (message, keys) => logger.debug(message, clean(keys)),
    info: (message, keys) => logger.info(message, clean(keys)),
    warn: (message, keys) => logger.warn(message, clean(keys)),
    error: (message, keys) => logger.error(message, clean(keys)),
  };
}

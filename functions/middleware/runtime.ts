// Configuration loading and the real adapters, built once per Lambda container on first use: settings
// from lib/config.ts, the scanner's deps (lib/aws), the report ports (lib/report) and the scan queue,
// bound into the OrchestrateDeps the handlers take. A ConfigError is not cached: every invocation
// fails loudly with it until the deployment is fixed.
import type { Logger } from '@aws-lambda-powertools/logger';
import { loadSettings, type Settings } from '../../lib/config';
import type { OrchestrateDeps } from '../../lib/scan/orchestrate';
import type { AccountTarget } from '../../lib/scan/types';
import { scanLogFrom } from './logger';

/** How long the account list is reused between invocations (on-cors-change runs per event). */
const ACCOUNTS_TTL_MS = 5 * 60_000;

export type DepsProvider = () => Promise<OrchestrateDeps>;

export function runtimeDeps(logger: Logger): DepsProvider {
  let built: Promise<OrchestrateDeps> | undefined;
  return () => {
    built ??= buildDeps(loadSettings(), logger).catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}

async function buildDeps(settings: Settings, logger: Logger): Promise<OrchestrateDeps> {
  // Imported here, not at the top: the handlers' unit tests load this module without the SDK adapters.
  const [{ createScanDeps }, { createScanQueue }, scan, report] = await Promise.all([
    import('../../lib/aws/scan-deps'),
    import('../../lib/aws/scan-queue'),
    import('../../lib/scan'),
    import('../../lib/report'),
  ]);
  const log = scanLogFrom(logger);
  const scanDeps = createScanDeps(settings, { log });
  const limits = scan.scanLimitsFrom(settings);
  const ports = report.createReportPorts(settings);
  const alerting = { alertMinSeverity: settings.ALERT_MIN_SEVERITY, alertOnResolved: settings.ALERT_ON_RESOLVED };
  return {
    accounts: cached(() => scan.resolveAccounts(settings, { directory: scanDeps.directory }), ACCOUNTS_TTL_MS),
    scanner: {
      scanAccount: (target, options) => scan.scanAccount(target, scanDeps, { ...limits, ...options }),
      scanSingleBucket: (target, bucket, region, options) => scan.scanSingleBucket(target, bucket, region, scanDeps, { ...limits, ...options }),
    },
    report: {
      startScan: (input) => report.startScan(ports, input),
      recordAccountResult: (result) => report.recordAccountResult(ports, result, alerting),
      // With the alert settings: the sweep of gone buckets alerts their resolved findings as recording does.
      completeScan: (scanId) => report.completeScan(ports, scanId, alerting),
    },
    ...(settings.SCAN_QUEUE_URL ? { queue: createScanQueue(settings, settings.SCAN_QUEUE_URL) } : {}),
    mode: settings.SCAN_MODE,
    log,
    now: () => new Date(),
  };
}

/** Reuses a successful answer for `ttlMs`; a failure is never reused. */
function cached(load: () => Promise<AccountTarget[]>, ttlMs: number): () => Promise<AccountTarget[]> {
  let entry: { at: number; value: Promise<AccountTarget[]> } | undefined;
  return () => {
    if (!entry || Date.now() - entry.at > ttlMs) {
      const value = load();
      entry = { at: Date.now(), value };
      value.catch(() => {
        if (entry?.value === value) entry = undefined;
      });
    }
    return entry.value;
  };
}

// The scan's limits and suppressions, derived from Settings in one place so the Lambda and the CLI agree.
import type { Settings } from '../config';
import type { Suppression } from '../engine/types';

export interface ScanLimits {
  /** Buckets of one account read at the same time. */
  concurrencyPerAccount: number;
  /**
   * When less than this remains, no bucket starts and the calls in flight are aborted: those buckets are
   * handed off, and the margin is left for recording and queueing the continuation.
   */
  deadlineSafetyMs: number;
  /** SCAN_REGIONS: buckets elsewhere are out of scope (an account's own `regions` wins). */
  regions?: readonly string[];
  /** SUPPRESSIONS from configuration; the engine applies their account/bucket scopes. */
  suppressions: readonly Suppression[];
}

export function scanLimitsFrom(settings: Settings): ScanLimits {
  return {
    concurrencyPerAccount: settings.CONCURRENCY_PER_ACCOUNT,
    deadlineSafetyMs: settings.DEADLINE_SAFETY_MS,
    ...(settings.SCAN_REGIONS ? { regions: settings.SCAN_REGIONS } : {}),
    suppressions: (settings.SUPPRESSIONS ?? []).map(configSuppression),
  };
}

/** Copies only the members that are set (exactOptionalPropertyTypes) and marks where it was declared. */
function configSuppression(entry: NonNullable<Settings['SUPPRESSIONS']>[number]): Suppression {
  const suppression: Suppression = { ruleId: entry.ruleId, reason: entry.reason, source: 'config' };
  if (entry.accountId !== undefined) suppression.accountId = entry.accountId;
  if (entry.bucket !== undefined) suppression.bucket = entry.bucket;
  if (entry.origin !== undefined) suppression.origin = entry.origin;
  if (entry.expiresAt !== undefined) suppression.expiresAt = entry.expiresAt;
  return suppression;
}

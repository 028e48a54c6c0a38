// scanAccount and scanSingleBucket bound to a container's ScanDeps and limits: the AccountScanner that
// lib/scan/orchestrate.ts drives, so functions/ only wire it up.
import { scanAccount, scanSingleBucket, type ScanDeps } from './scan-account';
import type { ScanLimits } from './scan-options';
import type { AccountScanner } from './orchestrate';

export function accountScanner(deps: ScanDeps, limits: ScanLimits): AccountScanner {
  return {
    scanAccount: (target, options) => scanAccount(target, deps, { ...limits, ...options }),
    scanSingleBucket: (target, bucket, region, options) => scanSingleBucket(target, bucket, region, deps, { ...limits, ...options }),
  };
}

// The scanner's public API: scan an account (or a slice, or one bucket), resolve accounts, measure coverage.
export { scanAccount, scanSingleBucket, type ScanDeps, type ScanOptions } from './scan-account';
export { accountScanner } from './account-scanner';
export { resolveAccounts, roleArnFor, type ResolveDeps } from './resolve-accounts';
export { computeCoverage } from './coverage';
export { scanLimitsFrom, type ScanLimits } from './scan-options';
export { boundRules, MAX_STORED_STRING } from './bound-rules';
export { jsonLog, silentLog, type ScanLog, type LogKeys } from './log';
export type * from './ports';
export type * from './types';

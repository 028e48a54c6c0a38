// What the benchmark keeps of an account's scan result: enough to check every bucket ended as the estate
// implies, small enough to cross a process boundary.
import type { AccountScanResult } from '../../lib/scan/types';
import { accountBuckets, accountIdOf, type EstateShape } from './estate';

export interface AccountSummary {
  accountId: string;
  status: AccountScanResult['status'];
  errorCodes: string[];
  buckets: number;
  evaluated: number;
  noCors: number;
}

export function summarise(result: AccountScanResult): AccountSummary {
  const count = (status: string) => result.buckets.filter((outcome) => outcome.status === status).length;
  return {
    accountId: result.accountId,
    status: result.status,
    errorCodes: result.errors.map((error) => error.code),
    buckets: result.buckets.length,
    evaluated: count('evaluated'),
    noCors: count('no-cors'),
  };
}

/** Every bucket must end as the estate says: configured → evaluated, else no-cors. A wrong scan is no benchmark. */
export function verify(shape: EstateShape, summaries: readonly AccountSummary[]): string[] {
  const byAccount = new Map(summaries.map((summary) => [summary.accountId, summary]));
  return Array.from({ length: shape.accounts }, (_, index) => index).flatMap((index) => {
    const accountId = accountIdOf(index);
    const summary = byAccount.get(accountId);
    if (!summary) return [`${accountId}: not scanned`];
    const expected = accountBuckets(shape, index);
    const configured = expected.filter((bucket) => bucket.cors).length;
    const problems: string[] = [];
    if (summary.status !== 'complete') problems.push(`${accountId}: status ${summary.status} (${summary.errorCodes.join(', ')})`);
    if (summary.evaluated !== configured) problems.push(`${accountId}: ${summary.evaluated} evaluated, expected ${configured}`);
    if (summary.noCors !== expected.length - configured) problems.push(`${accountId}: ${summary.noCors} without CORS, expected ${expected.length - configured}`);
    return problems;
  });
}

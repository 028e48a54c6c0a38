// Plain fakes of the scanner's ports: an in-memory account whose answers and faults each test chooses,
// counting every call so tests can assert what the scanner asked for.
import type { S3CorsRule } from '../../../lib/cors/types';
import type { BucketExposure } from '../../../lib/engine/types';
import type {
  AccountBlockLookup,
  AccountSessionFactory,
  BucketInventory,
  BucketListing,
  CorsLookup,
  Limiter,
  SessionOpening,
  SuppressionTagLookup,
} from '../../../lib/scan/ports';
import type { ScanDeps, ScanOptions } from '../../../lib/scan/scan-account';
import type { AccountTarget } from '../../../lib/scan/types';

export interface FakeBucket {
  name: string;
  region?: string;
  cors?: S3CorsRule[] | CorsLookup;
  exposure?: BucketExposure;
  tag?: SuppressionTagLookup;
  /** Called before answering GetBucketCors (with the scan's abort signal): throw to simulate an adapter bug, await to delay. */
  beforeCors?: (signal: AbortSignal | undefined) => Promise<void> | void;
}

export class FakeInventory implements BucketInventory {
  readonly calls: Array<{ op: string; bucket?: string; region?: string | undefined }> = [];
  /** The abort signal each bucket's GetBucketCors was given (the scan's deadline). */
  readonly corsSignals = new Map<string, AbortSignal | undefined>();
  listing: BucketListing | undefined;
  accountBlock: AccountBlockLookup = { kind: 'read', flags: null };
  inFlight = 0;
  maxInFlight = 0;

  constructor(readonly buckets: FakeBucket[]) {}

  async listBuckets(): Promise<BucketListing> {
    this.calls.push({ op: 'listBuckets' });
    return this.listing ?? { kind: 'listed', buckets: this.buckets.map(({ name, region }) => ({ name, ...(region ? { region } : {}) })) };
  }

  async getCors(bucket: string, region: string | undefined, signal?: AbortSignal): Promise<CorsLookup> {
    this.calls.push({ op: 'getCors', bucket, region });
    this.corsSignals.set(bucket, signal);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const fake = this.find(bucket);
      await fake?.beforeCors?.(signal);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (!fake) return { kind: 'gone' };
      if (fake.cors === undefined) return { kind: 'none' };
      return Array.isArray(fake.cors) ? { kind: 'configured', rules: fake.cors } : fake.cors;
    } finally {
      this.inFlight -= 1;
    }
  }

  async getExposure(bucket: string, region: string | undefined): Promise<BucketExposure> {
    this.calls.push({ op: 'getExposure', bucket, region });
    return this.find(bucket)?.exposure ?? {};
  }

  async getSuppressionTag(bucket: string, region: string | undefined): Promise<SuppressionTagLookup> {
    this.calls.push({ op: 'getSuppressionTag', bucket, region });
    return this.find(bucket)?.tag ?? { kind: 'untagged' };
  }

  async getAccountPublicAccessBlock(): Promise<AccountBlockLookup> {
    this.calls.push({ op: 'getAccountPublicAccessBlock' });
    return this.accountBlock;
  }

  callsFor(bucket: string): string[] {
    return this.calls.filter((call) => call.bucket === bucket).map((call) => call.op);
  }

  private find(bucket: string): FakeBucket | undefined {
    return this.buckets.find((candidate) => candidate.name === bucket);
  }
}

export class FakeSessions implements AccountSessionFactory {
  readonly opened: Array<{ accountId: string; scanId: string }> = [];
  closed = 0;

  constructor(readonly inventories: Record<string, FakeInventory>, readonly denied: Record<string, { code: string; message: string }> = {}) {}

  async open(target: AccountTarget, scanId: string): Promise<SessionOpening> {
    this.opened.push({ accountId: target.accountId, scanId });
    const denial = this.denied[target.accountId];
    if (denial) return { kind: 'denied', ...denial };
    const inventory = this.inventories[target.accountId];
    if (!inventory) return { kind: 'denied', code: 'AccessDenied', message: 'no such account' };
    return { kind: 'assumed', session: { accountId: target.accountId, buckets: inventory, close: () => void (this.closed += 1) } };
  }
}

/** A limiter that admits `max` tasks at once and records the peak. */
export function countingLimiter(max: number): Limiter & { peak: () => number } {
  let active = 0;
  let peak = 0;
  const queue: Array<() => void> = [];
  const limiter = async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => queue.push(resolve));
    active += 1;
    peak = Math.max(peak, active);
    try {
      return await task();
    } finally {
      active -= 1;
      queue.shift()?.();
    }
  };
  return Object.assign(limiter, { peak: () => peak });
}

export const ACCOUNT = '222222222222';
export const target = (accountId = ACCOUNT, extra: Partial<AccountTarget> = {}): AccountTarget => ({ accountId, roleArn: `arn:aws:iam::${accountId}:role/S3CorsAuditRole`, ...extra });

export function depsFor(inventories: Record<string, FakeInventory>, extra: Partial<ScanDeps> = {}): ScanDeps & { sessions: FakeSessions } {
  return { sessions: new FakeSessions(inventories), limitTotal: countingLimiter(64), now: () => new Date('2026-11-23T02:00:00Z'), ...extra } as ScanDeps & { sessions: FakeSessions };
}

export function options(extra: Partial<ScanOptions> = {}): ScanOptions {
  return { scanId: 'scan-20261123T020000Z-abcd', trigger: 'schedule', concurrencyPerAccount: 4, deadlineSafetyMs: 30_000, ...extra };
}

export const ANY_ORIGIN_READ: S3CorsRule[] = [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }];
export const TIGHT: S3CorsRule[] = [{ AllowedOrigins: ['https://app.example.com'], AllowedMethods: ['GET'] }];

// What the scanner needs from AWS, said in domain words. lib/aws implements these ports with SDK
// clients; lib/scan only sees these shapes, so every fault path is testable with plain fakes.
import type { S3CorsRule } from '../cors/types';
import type { BucketExposure, PublicAccessBlockFlags } from '../engine/types';
import type { AccountTarget, ItemError } from './types';

/** A failure already translated from the SDK (lib/aws/error-translation.ts) into a domain code. */
export type Failure = ItemError;

export type CorsLookup = (
  | { kind: 'configured'; rules: S3CorsRule[] }
  /** 404 NoSuchCORSConfiguration. */
  | { kind: 'none' }
  /** 404 NoSuchBucket: deleted between ListBuckets and GetBucketCors. */
  | { kind: 'gone' }
  /** AccessDenied, throttled or timed out past retries: never a pass or a fail. */
  | { kind: 'unreadable'; error: Failure }
) & {
  /** Where the bucket really lives, when S3 (a redirect, GetBucketLocation) said otherwise than the region asked with. */
  region?: string;
};

export interface ListedBucket {
  name: string;
  /** Undefined only when neither ListBuckets nor GetBucketLocation told it. */
  region?: string;
}

export type BucketListing =
  | { kind: 'listed'; buckets: ListedBucket[] }
  | { kind: 'unreadable'; error: Failure };

export type SuppressionTagLookup =
  | { kind: 'tagged'; value: string }
  | { kind: 'untagged' }
  | { kind: 'unreadable'; error: Failure };

/** Account-level PublicAccessBlock: null = none configured; unreadable leaves it unknown. */
export type AccountBlockLookup = { kind: 'read'; flags: PublicAccessBlockFlags | null } | { kind: 'unreadable'; error: Failure };

/**
 * Reads one account's buckets with that account's session. Never throws for a per-bucket failure.
 * `signal` aborts the calls in flight, retries and backoff included (the scan's deadline): an aborted
 * read answers like a failed one, and the scanner hands its bucket on instead of recording it.
 */
export interface BucketInventory {
  listBuckets(): Promise<BucketListing>;
  getCors(bucket: string, region: string | undefined, signal?: AbortSignal): Promise<CorsLookup>;
  /** Bucket-level exposure; each member is undefined when its own call failed (unknown, not private). */
  getExposure(bucket: string, region: string | undefined, signal?: AbortSignal): Promise<BucketExposure>;
  getSuppressionTag(bucket: string, region: string | undefined, signal?: AbortSignal): Promise<SuppressionTagLookup>;
  getAccountPublicAccessBlock(signal?: AbortSignal): Promise<AccountBlockLookup>;
}

export interface AccountSession {
  accountId: string;
  buckets: BucketInventory;
  /** Releases the session's clients (sockets) once the account is done. */
  close?(): void;
}

export type SessionOpening =
  | { kind: 'assumed'; session: AccountSession }
  /** AccessDenied, missing role, ExternalId mismatch, suspended account: a per-account error. */
  | { kind: 'denied'; code: string; message: string };

export interface AccountSessionFactory {
  open(target: AccountTarget, scanId: string): Promise<SessionOpening>;
}

/** A member account as the organisation lists it. */
export interface DirectoryAccount {
  accountId: string;
  name?: string;
  status: string;
}

export interface AccountDirectory {
  /** Every account of the organisation (or of one OU subtree, recursively). Throws when unreadable: the run cannot start. */
  listAccounts(options: { parentId?: string }): Promise<DirectoryAccount[]>;
}

/** Runs a task under a shared concurrency bound (p-limit's shape). */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

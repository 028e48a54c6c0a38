// The scan queue's message: one account of one scan, or a continuation slice of it. Validated on
// both sides (zod), versioned, and bounded so a poisoned message cannot make a worker do unbounded work.
import * as z from 'zod';
import type { AccountTarget, ItemError, ScanTrigger } from './types';

/** S3 bucket names are 3-63 characters (we accept the legacy us-east-1 names up to 255). */
const bucketName = z.string().regex(/^[A-Za-z0-9._-]{3,255}$/, 'must be an S3 bucket name');
/** Bucket names one continuation carries (S3's default quota per account); the rest of a larger account follows by `listedAfter`. */
export const MAX_SLICE_BUCKETS = 10_000;
/** SQS bodies are at most 1 MiB: bucket names of a continuation stay under this many bytes. */
export const MAX_SLICE_BYTES = 900_000;
/** A scan that hands off this many times makes no progress: the rest is recorded as unknown. */
export const MAX_CONTINUATIONS = 100;

const accountTargetSchema = z
  .object({
    accountId: z.string().regex(/^\d{12}$/),
    name: z.string().max(256).optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/),
    externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/).optional(),
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/)).min(1).max(64).optional(),
  })
  .strict();

export const scanIdSchema = z.string().regex(/^scan-[0-9TZ-]{20}-[a-z0-9]{4,16}$/, 'must be a scan id (scan-<time>-<suffix>)');

export const accountMessageSchema = z
  .object({
    version: z.literal(1),
    scanId: scanIdSchema,
    trigger: z.enum(['schedule', 'manual', 'cors-change']),
    account: accountTargetSchema,
    /** Present on a continuation: only these buckets are left to scan. */
    buckets: z.array(bucketName).min(1).max(MAX_SLICE_BUCKETS).optional(),
    /** With `buckets`: and every bucket in scope the account lists after this one (more were left than one message holds). */
    listedAfter: bucketName.optional(),
    /** How many hand-offs led to this message (1 for the first continuation). */
    continuationOf: z.number().int().min(1).max(MAX_CONTINUATIONS).optional(),
  })
  .strict()
  .refine((message) => message.listedAfter === undefined || message.buckets !== undefined, { path: ['listedAfter'], message: 'needs buckets (it continues their listing)' });

export interface AccountMessage {
  version: 1;
  scanId: string;
  trigger: ScanTrigger;
  account: AccountTarget;
  buckets?: string[];
  listedAfter?: string;
  continuationOf?: number;
}

export class InvalidMessageError extends Error {
  override name = 'InvalidMessageError';
}

/** Parses a queue body; the error names the fields, never echoes the (possibly huge) body. */
export function parseAccountMessage(body: string): AccountMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidMessageError(`scan message is not JSON (${(error as Error).message.slice(0, 120)})`);
  }
  const parsed = accountMessageSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`);
    throw new InvalidMessageError(`scan message is invalid: ${problems.join('; ')}`);
  }
  return parsed.data as AccountMessage;
}

export function serializeAccountMessage(message: AccountMessage): string {
  // Validate on the way out too: a message we cannot read back must not reach the queue.
  return JSON.stringify(accountMessageSchema.parse(message));
}

/**
 * The continuation after a hand-off: the remaining buckets, in listing order, as many as one message holds.
 * When more remain (an account above S3's default bucket quota), the message also names the last bucket it
 * carries as `listedAfter`: the continuation lists the account again and takes every bucket after it, so
 * no account is too large to cover, however many buckets it has.
 */
export function continuationMessage(previous: AccountMessage, remainingBuckets: readonly string[]): AccountMessage {
  let bytes = 0;
  let count = 0;
  for (const bucket of remainingBuckets) {
    bytes += Buffer.byteLength(bucket) + 3; // quotes and comma
    if (count >= MAX_SLICE_BUCKETS || bytes > MAX_SLICE_BYTES) break;
    count += 1;
  }
  const carried = remainingBuckets.slice(0, count);
  return {
    version: 1,
    scanId: previous.scanId,
    trigger: previous.trigger,
    account: previous.account,
    buckets: carried,
    ...(count < remainingBuckets.length ? { listedAfter: carried[count - 1] as string } : {}),
    continuationOf: (previous.continuationOf ?? 0) + 1,
  };
}

export interface QueueSendFailure {
  message: AccountMessage;
  error: ItemError;
}

/** The port lib/aws/scan-queue.ts implements over SQS. */
export interface ScanQueue {
  /** Sends every message; resolves with the ones that could not be sent (never throws for one entry). */
  send(messages: readonly AccountMessage[]): Promise<{ failed: QueueSendFailure[] }>;
}

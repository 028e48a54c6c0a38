// The one helper for batch leftovers (STYLE.md "Retries live in one place"): DynamoDB's UnprocessedItems
// and UnprocessedKeys, SNS PublishBatch's transient failures. Whole-request errors are the SDK's job.

export interface LeftoverRetryOptions {
  /** Rounds in total, the first included; default 8. */
  maxRounds?: number;
  /** Wait before round n (n ≥ 2): exponential with full jitter, capped; default 50 ms × 2^(n-2), ≤ 2 s. */
  backoffMs?: (round: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

export const defaultBackoffMs = (round: number): number => Math.random() * Math.min(2_000, 50 * 2 ** (round - 2));
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends `items` with `send`, which returns the items the service left unprocessed, and resends those
 * with backoff until none is left or the rounds run out. Returns what is still left (empty on success).
 */
export async function retryLeftovers<T>(items: readonly T[], send: (items: readonly T[]) => Promise<readonly T[]>, options: LeftoverRetryOptions = {}): Promise<T[]> {
  const maxRounds = options.maxRounds ?? 8;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const sleep = options.sleep ?? realSleep;
  let pending: readonly T[] = items;
  for (let round = 1; pending.length > 0 && round <= maxRounds; round += 1) {
    if (round > 1) await sleep(backoffMs(round));
    pending = await send(pending);
  }
  return [...pending];
}

/** Splits `items` into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** Groups items in order so no group exceeds `maxItems` items or `maxBytes` of their summed `bytes`. */
export function packByLimits<T extends { bytes: number }>(items: readonly T[], limits: { maxItems: number; maxBytes: number }): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const item of items) {
    if (current.length === limits.maxItems || (current.length > 0 && size + item.bytes > limits.maxBytes)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(item);
    size += item.bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

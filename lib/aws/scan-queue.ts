// The scan queue adapter: one SQS message per account (SendMessageBatch, at most 10 entries) and
// continuation messages. Entries SQS refuses for a transient reason are retried (batch-leftovers.ts); the rest come back
// as per-message failures, so the caller can record them instead of losing the account.
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { chunk, retryLeftovers } from './batch-leftovers';
import { baseConfig, type ClientSettings } from './client-config';
import { serializeAccountMessage, type AccountMessage, type QueueSendFailure, type ScanQueue } from '../scan/messages';

/** SendMessageBatch accepts at most 10 entries. */
export const SQS_BATCH_LIMIT = 10;

export interface ScanQueueOptions {
  /** Rounds for entries that failed with a server fault (SenderFault=false); default 3. */
  maxRounds?: number;
  /** Wait before round n (n ≥ 2); default 100 ms × 2^(n-2). */
  backoffMs?: (round: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The queue of a deployment: an SQS client with the shared retry and timeout settings. */
export function createScanQueue(settings: ClientSettings, queueUrl: string, options: ScanQueueOptions = {}): ScanQueue {
  return scanQueueOver(new SQSClient(baseConfig(settings, settings.AWS_REGION)), queueUrl, options);
}

export function scanQueueOver(client: SQSClient, queueUrl: string, options: ScanQueueOptions = {}): ScanQueue {
  const maxRounds = options.maxRounds ?? 3;
  const backoffMs = options.backoffMs ?? ((round: number) => 100 * 2 ** (round - 2));
  type Entry = { id: string; message: AccountMessage };

  async function sendBatch(batch: readonly Entry[]): Promise<QueueSendFailure[]> {
    const failed: QueueSendFailure[] = [];
    const fail = (item: Entry, code: string, message: string, attempts: number) => failed.push({ message: item.message, error: { code, message: message.slice(0, 300), attempts } });
    let round = 0;
    let lastFailure = { code: 'SendFailed', message: '' };
    // Entries SQS refuses for a server-side reason go back through the shared leftovers helper.
    const left = await retryLeftovers(batch, async (pending) => {
      round += 1;
      const entries: SendMessageBatchRequestEntry[] = pending.map(({ id, message }) => ({
        Id: id,
        MessageBody: serializeAccountMessage(message),
        MessageAttributes: { scanId: { DataType: 'String', StringValue: message.scanId } },
      }));
      let response;
      try {
        response = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      } catch (error) {
        // The SDK already retried the whole request: each message is reported failed, none is thrown.
        const { name, message } = error as Error;
        for (const item of pending) fail(item, name || 'SendFailed', String(message), round);
        return [];
      }
      const retryable: Entry[] = [];
      for (const entry of response.Failed ?? []) {
        const item = pending.find(({ id }) => id === entry.Id);
        if (!item) continue;
        lastFailure = { code: entry.Code ?? 'SendFailed', message: entry.Message ?? '' };
        if (entry.SenderFault) fail(item, lastFailure.code, lastFailure.message, round);
        else retryable.push(item);
      }
      return retryable;
    }, { maxRounds, backoffMs, ...(options.sleep ? { sleep: options.sleep } : {}) });
    for (const item of left) fail(item, lastFailure.code, lastFailure.message, round);
    return failed;
  }

  return {
    async send(messages) {
      const failed: QueueSendFailure[] = [];
      const entries = messages.map((message, index) => ({ id: String(index % SQS_BATCH_LIMIT), message }));
      for (const batch of chunk(entries, SQS_BATCH_LIMIT)) failed.push(...(await sendBatch(batch)));
      return { failed };
    },
  };
}

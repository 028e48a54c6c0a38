// The scan queue adapter: one SQS message per account (SendMessageBatch, at most 10 entries) and
// continuation messages. Entries SQS refuses for a transient reason are retried; the rest come back
// as per-message failures, so the caller can record them instead of losing the account.
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import { baseConfig, type ClientSettings } from './clients';
import { serializeAccountMessage, type AccountMessage, type QueueSendFailure, type ScanQueue } from '../scan/messages';

/** SendMessageBatch accepts at most 10 entries. */
export const SQS_BATCH_LIMIT = 10;

export interface ScanQueueOptions {
  /** Rounds for entries that failed with a server fault (SenderFault=false); default 3. */
  maxRounds?: number;
  /** Wait before round n (1-based); default 100 ms × 2^(n-1). */
  backoffMs?: (round: number) => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The queue of a deployment: an SQS client with the shared retry and timeout settings. */
export function createScanQueue(settings: ClientSettings, queueUrl: string, options: ScanQueueOptions = {}): ScanQueue {
  return scanQueueOver(new SQSClient(baseConfig(settings, settings.AWS_REGION)), queueUrl, options);
}

export function scanQueueOver(client: SQSClient, queueUrl: string, options: ScanQueueOptions = {}): ScanQueue {
  const maxRounds = options.maxRounds ?? 3;
  const backoffMs = options.backoffMs ?? ((round: number) => 100 * 2 ** (round - 1));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function sendBatch(batch: ReadonlyArray<{ id: string; message: AccountMessage }>): Promise<QueueSendFailure[]> {
    let pending = batch;
    const failed: QueueSendFailure[] = [];
    // Retries live here only for batch leftovers; the SDK's own retry covers whole-request errors.
    for (let round = 1; pending.length > 0; round += 1) {
      const entries: SendMessageBatchRequestEntry[] = pending.map(({ id, message }) => ({
        Id: id,
        MessageBody: serializeAccountMessage(message),
        MessageAttributes: { scanId: { DataType: 'String', StringValue: message.scanId } },
      }));
      let response;
      try {
        response = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      } catch (error) {
        const { name, message } = error as Error;
        failed.push(...pending.map(({ message: sent }) => ({ message: sent, error: { code: name || 'SendFailed', message: String(message).slice(0, 300), attempts: round } })));
        return failed;
      }
      const retryable: Array<{ id: string; message: AccountMessage }> = [];
      for (const entry of response.Failed ?? []) {
        const item = pending.find(({ id }) => id === entry.Id);
        if (!item) continue;
        if (!entry.SenderFault && round < maxRounds) retryable.push(item);
        else failed.push({ message: item.message, error: { code: entry.Code ?? 'SendFailed', message: (entry.Message ?? '').slice(0, 300), attempts: round } });
      }
      pending = retryable;
      if (pending.length > 0) await sleep(backoffMs(round));
    }
    return failed;
  }

  return {
    async send(messages) {
      const failed: QueueSendFailure[] = [];
      for (let start = 0; start < messages.length; start += SQS_BATCH_LIMIT) {
        const batch = messages.slice(start, start + SQS_BATCH_LIMIT).map((message, index) => ({ id: String(index), message }));
        failed.push(...(await sendBatch(batch)));
      }
      return { failed };
    },
  };
}

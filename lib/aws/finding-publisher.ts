// The alert publisher (SNS PublishBatch): at most 10 entries and 256 KB per call, the limits counted
// over bodies and attributes alike. Attributes severity/accountId/ruleId/change (and type) let
// subscribers filter with SNS filter policies. Transient entry failures are retried; the rest are
// returned to the caller, which records them.
import { PublishBatchCommand, SNSClient, type PublishBatchRequestEntry } from '@aws-sdk/client-sns';
import type { Settings } from '../config';
import type { AlertMessage } from '../report/model';
import type { AlertPublisher, PublishFailure } from '../report/ports';
import { baseConfig } from './client-config';
import { packByLimits, retryLeftovers, type LeftoverRetryOptions } from './batch-leftovers';
import { translateError } from './error-translation';
import { toReadableJson } from '../report/escape';

export const SNS_BATCH_ENTRIES = 10;
/** SNS's limit for one message and for a whole PublishBatch request (bodies plus attributes). */
export const SNS_MAX_PAYLOAD_BYTES = 262_144;

type PublisherSettings = Pick<Settings, 'AWS_REGION' | 'MAX_ATTEMPTS' | 'CALL_TIMEOUT_MS' | 'S3_FORCE_PATH_STYLE'>;

export function createFindingPublisher(settings: PublisherSettings, topicArn: string, retry: LeftoverRetryOptions = {}): AlertPublisher {
  return findingPublisherOver(new SNSClient(baseConfig(settings, settings.AWS_REGION)), topicArn, retry);
}

interface Prepared {
  message: AlertMessage;
  entry: PublishBatchRequestEntry;
  bytes: number;
}

export function alertAttributes(message: AlertMessage): Record<string, string> {
  if (message.type === 'digest') return { type: 'digest', trigger: message.summary.trigger };
  const { finding } = message;
  return { type: 'finding', severity: finding.severity, accountId: finding.accountId, ruleId: finding.ruleId, change: finding.change };
}

function prepare(message: AlertMessage, id: string): Prepared {
  // Read as an e-mail body by subscribers: no raw bidi or invisible characters (toReadableJson).
  const body = toReadableJson(message);
  const attributes = alertAttributes(message);
  const entry: PublishBatchRequestEntry = {
    Id: id,
    Message: body,
    MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }])),
  };
  const attributeBytes = Object.entries(attributes).reduce((total, [name, value]) => total + Buffer.byteLength(name) + 'String'.length + Buffer.byteLength(value), 0);
  return { message, entry, bytes: Buffer.byteLength(body) + attributeBytes };
}

/** Groups entries so no call exceeds 10 entries or 256 KB in total. */
export function packBatches<T extends { bytes: number }>(items: readonly T[]): T[][] {
  return packByLimits(items, { maxItems: SNS_BATCH_ENTRIES, maxBytes: SNS_MAX_PAYLOAD_BYTES });
}

export function findingPublisherOver(client: SNSClient, topicArn: string, retry: LeftoverRetryOptions = {}): AlertPublisher {
  return {
    async publish(messages) {
      const failed: PublishFailure[] = [];
      const prepared: Prepared[] = [];
      messages.forEach((message, position) => {
        const item = prepare(message, `m${position}`);
        // Bounded upstream (lib/report/bounds.ts); a message still over the limit is recorded, not sent.
        if (item.bytes > SNS_MAX_PAYLOAD_BYTES) failed.push({ message, code: 'MessageTooLong', reason: `${item.bytes} bytes exceeds SNS's 256 KB` });
        else prepared.push(item);
      });
      let published = 0;
      for (const batch of packBatches(prepared)) {
        const permanent: PublishFailure[] = [];
        const byId = new Map(batch.map((item) => [item.entry.Id, item]));
        let lastError: { code: string; reason: string } = { code: 'Unknown', reason: '' };
        const left = await retryLeftovers(batch, async (pending) => {
          try {
            const response = await client.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: pending.map((item) => item.entry) }));
            published += response.Successful?.length ?? 0;
            const retryable: Prepared[] = [];
            for (const failure of response.Failed ?? []) {
              const item = byId.get(failure.Id);
              if (!item) continue;
              lastError = { code: failure.Code ?? 'Unknown', reason: failure.Message ?? '' };
              // SenderFault: the entry itself is wrong; resending it cannot succeed.
              if (failure.SenderFault) permanent.push({ message: item.message, ...lastError });
              else retryable.push(item);
            }
            return retryable;
          } catch (error) {
            // The SDK already retried the whole call; the batch is resent once more after backoff.
            const translated = translateError(error);
            lastError = { code: translated.code, reason: translated.message };
            return pending;
          }
        }, { maxRounds: 4, ...retry });
        failed.push(...permanent, ...left.map((item) => ({ message: item.message, ...lastError })));
      }
      return { published, failed };
    },
  };
}

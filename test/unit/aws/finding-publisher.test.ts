import { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { findingPublisherOver, packBatches, SNS_MAX_PAYLOAD_BYTES } from '../../../lib/aws/finding-publisher';
import type { AlertMessage, FindingRecord } from '../../../lib/report/model';
import { sdkError } from './sdk-errors';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());
const TOPIC = 'arn:aws:sns:us-east-1:111111111111:alerts';
const publisher = () => findingPublisherOver(new SNSClient({ region: 'us-east-1' }), TOPIC, { sleep: async () => undefined });

function alert(index: number, messageSize = 100): AlertMessage {
  const finding: FindingRecord = {
    findingId: `f-${index}`, scanId: 'scan-1', accountId: '111111111111', bucket: `bucket-${index}`, ruleId: 'S3CORS-ANY-ORIGIN-WRITE', title: 'Any website can write',
    severity: 'high', baseSeverity: 'high', message: 'x'.repeat(messageSize), ruleIndex: 0, evidence: {}, change: 'new', firstSeenAt: 't', lastSeenAt: 't',
  };
  return { type: 'finding', finding };
}

describe('finding publisher (SNS PublishBatch)', () => {
  it('sends at most 10 entries per call with the filterable attributes', async () => {
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: unknown[] }) => ({ Successful: input.PublishBatchRequestEntries.map(() => ({})) }));
    const result = await publisher().publish(Array.from({ length: 23 }, (_, index) => alert(index)));
    expect(result).toEqual({ published: 23, failed: [] });
    const calls = sns.commandCalls(PublishBatchCommand);
    expect(calls.map((call) => call.args[0].input.PublishBatchRequestEntries?.length)).toEqual([10, 10, 3]);
    expect(calls[0]?.args[0].input.PublishBatchRequestEntries?.[0]?.MessageAttributes).toEqual({
      type: { DataType: 'String', StringValue: 'finding' },
      severity: { DataType: 'String', StringValue: 'high' },
      accountId: { DataType: 'String', StringValue: '111111111111' },
      ruleId: { DataType: 'String', StringValue: 'S3CORS-ANY-ORIGIN-WRITE' },
      change: { DataType: 'String', StringValue: 'new' },
    });
  });

  it('keeps every call under 256 KB in total, bodies and attributes together', async () => {
    sns.on(PublishBatchCommand).callsFake((input: { PublishBatchRequestEntries: unknown[] }) => ({ Successful: input.PublishBatchRequestEntries.map(() => ({})) }));
    await publisher().publish(Array.from({ length: 6 }, (_, index) => alert(index, 100_000)));
    const sizes = sns.commandCalls(PublishBatchCommand).map((call) => (call.args[0].input.PublishBatchRequestEntries ?? []).reduce((total, entry) => total + Buffer.byteLength(entry.Message ?? ''), 0));
    expect(sizes).toHaveLength(3);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(SNS_MAX_PAYLOAD_BYTES);
  });

  it('refuses a single message over the limit without sending it', async () => {
    const result = await publisher().publish([alert(0, SNS_MAX_PAYLOAD_BYTES)]);
    expect(result.failed).toEqual([expect.objectContaining({ code: 'MessageTooLong' })]);
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(0);
  });

  it('retries transient entry failures and returns sender faults and exhausted ones', async () => {
    sns.on(PublishBatchCommand)
      .resolvesOnce({ Successful: [{ Id: 'm2' }], Failed: [{ Id: 'm0', Code: 'InternalError', SenderFault: false }, { Id: 'm1', Code: 'InvalidParameter', SenderFault: true, Message: 'bad' }] })
      .resolves({ Successful: [{ Id: 'm0' }] });
    const result = await publisher().publish([alert(0), alert(1), alert(2)]);
    expect(result.published).toBe(2);
    expect(result.failed).toEqual([{ message: alert(1), code: 'InvalidParameter', reason: 'bad' }]);
  });

  it('records a whole batch as failed when the call keeps failing, without throwing', async () => {
    sns.on(PublishBatchCommand).rejects(sdkError('Throttling', 400, { attempts: 3 }));
    const result = await publisher().publish([alert(0), alert(1)]);
    expect(result).toEqual({ published: 0, failed: [expect.objectContaining({ code: 'Throttling' }), expect.objectContaining({ code: 'Throttling' })] });
    expect(sns.commandCalls(PublishBatchCommand)).toHaveLength(4);
  });

  it('packs by count and by size', () => {
    expect(packBatches(Array.from({ length: 12 }, () => ({ bytes: 1 }))).map((batch) => batch.length)).toEqual([10, 2]);
    expect(packBatches([{ bytes: 200_000 }, { bytes: 100_000 }, { bytes: 50_000 }]).map((batch) => batch.length)).toEqual([1, 2]);
  });
});

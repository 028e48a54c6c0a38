import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { scanQueueOver } from '../../../lib/aws/scan-queue';
import { parseAccountMessage, type AccountMessage } from '../../../lib/scan/messages';

const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

const message = (index: number): AccountMessage => ({
  version: 1,
  scanId: 'scan-2026-11-23T02-00-00Z-3f9c2a7b1d',
  trigger: 'schedule',
  account: { accountId: String(200_000_000_000 + index), roleArn: `arn:aws:iam::${200_000_000_000 + index}:role/S3CorsAuditRole` },
});
const queue = () => scanQueueOver(new SQSClient({ region: 'us-east-1' }), 'https://sqs.us-east-1.amazonaws.com/111111111111/scan', { sleep: async () => undefined });

describe('scan queue (SQS)', () => {
  it('sends at most 10 entries per SendMessageBatch, one parseable message per account', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const messages = Array.from({ length: 23 }, (_, index) => message(index));
    await expect(queue().send(messages)).resolves.toEqual({ failed: [] });
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls.map((call) => call.args[0].input.Entries?.length)).toEqual([10, 10, 3]);
    const bodies = calls.flatMap((call) => call.args[0].input.Entries ?? []).map((entry) => parseAccountMessage(entry.MessageBody ?? ''));
    expect(bodies).toEqual(messages);
  });

  it('retries entries that failed on the server side and reports sender faults without retrying them', async () => {
    sqs.on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: '0', Code: 'InternalError', SenderFault: false }, { Id: '1', Code: 'InvalidParameterValue', SenderFault: true, Message: 'bad' }] })
      .resolves({ Failed: [] });
    const { failed } = await queue().send([message(0), message(1), message(2)]);
    expect(failed).toEqual([{ message: message(1), error: { code: 'InvalidParameterValue', message: 'bad', attempts: 1 } }]);
    const calls = sqs.commandCalls(SendMessageBatchCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input.Entries?.map((entry) => parseAccountMessage(entry.MessageBody ?? '').account.accountId)).toEqual([message(0).account.accountId]);
  });

  it('gives up after the last round and returns the leftovers as failures', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Failed: [{ Id: '0', Code: 'ServiceUnavailable', SenderFault: false }] });
    const { failed } = await queue().send([message(0)]);
    expect(failed).toEqual([{ message: message(0), error: expect.objectContaining({ code: 'ServiceUnavailable', attempts: 3 }) }]);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(3);
  });

  it('turns a whole-request error into per-message failures instead of throwing', async () => {
    sqs.on(SendMessageBatchCommand).rejects(Object.assign(new Error('Access to the resource is denied'), { name: 'AccessDenied' }));
    const { failed } = await queue().send([message(0), message(1)]);
    expect(failed.map((item) => item.error.code)).toEqual(['AccessDenied', 'AccessDenied']);
  });
});

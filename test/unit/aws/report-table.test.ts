import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand as BatchWriteItemCommand, DynamoDBDocumentClient, GetCommand as GetItemCommand, QueryCommand, UpdateCommand as UpdateItemCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CursorError, decodeCursor, encodeCursor, reportTableOver } from '../../../lib/aws/report-table';
import { sdkError } from './sdk-errors';

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamo.reset());
const table = () => reportTableOver(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), 'report', { sleep: async () => undefined });
const put = (index: number) => ({ put: { pk: 'ACCOUNT#1', sk: `BUCKET#b${index}`, kind: 'bucket-state' } });

describe('report table (DynamoDB)', () => {
  it('writes in batches of 25 and retries UnprocessedItems until none is left', async () => {
    let first = true;
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => {
      const requests = input.RequestItems.report ?? [];
      if (first) {
        first = false;
        return { UnprocessedItems: { report: requests.slice(0, 5) } };
      }
      return { UnprocessedItems: {} };
    });
    await table().write(Array.from({ length: 60 }, (_, index) => put(index)));
    const sizes = dynamo.commandCalls(BatchWriteItemCommand).map((call) => call.args[0].input.RequestItems?.report?.length);
    expect(sizes).toEqual([25, 5, 25, 10]);
  });

  it('fails loudly when items stay unprocessed after every retry', async () => {
    dynamo.on(BatchWriteItemCommand).callsFake((input: { RequestItems: Record<string, unknown[]> }) => ({ UnprocessedItems: { report: input.RequestItems.report } }));
    await expect(table().write([put(1)])).rejects.toThrow(/1 writes still unprocessed/);
    expect(dynamo.commandCalls(BatchWriteItemCommand)).toHaveLength(8);
  });

  it('keeps only the last operation per key within one write (BatchWriteItem refuses duplicates)', async () => {
    dynamo.on(BatchWriteItemCommand).resolves({});
    await table().write([put(1), { delete: { pk: 'ACCOUNT#1', sk: 'BUCKET#b1' } }, put(2)]);
    const requests = dynamo.commandCalls(BatchWriteItemCommand)[0]?.args[0].input.RequestItems?.report ?? [];
    expect(requests).toHaveLength(2);
    expect(requests.map((request) => Object.keys(request)[0])).toEqual(['DeleteRequest', 'PutRequest']);
  });

  it('turns equality filters and prefixes into one Query, and pages with an opaque cursor', async () => {
    dynamo.on(QueryCommand).resolves({ Items: [], LastEvaluatedKey: { pk: 'ACCOUNT#1', sk: 'FINDING#b#f' } });
    const page = await table().query({ partition: 'ACCOUNT#1', sortPrefix: 'FINDING#', where: { ruleId: 'S3CORS-X', change: 'new' }, limit: 10 });
    const input = dynamo.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)', FilterExpression: '#w0 = :w0 AND #w1 = :w1', Limit: 10, ScanIndexForward: true });
    expect(decodeCursor(page.cursor ?? '')).toEqual({ pk: 'ACCOUNT#1', sk: 'FINDING#b#f' });
  });

  it('rejects cursors it did not produce', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(CursorError);
    expect(() => decodeCursor(encodeCursor({ pk: 'x', evil: '1' }))).toThrow(/unexpected keys/);
  });

  it('says when an account was already removed from the pending set (redelivery)', async () => {
    dynamo.on(UpdateItemCommand).rejects(sdkError('ConditionalCheckFailedException', 400));
    dynamo.on(GetItemCommand).resolves({ Item: { pk: 'SCAN#s', sk: '#SUMMARY', status: 'running', accountsPending: new Set(['222222222222']) } });
    await expect(table().removePendingAccount('s', '111111111111')).resolves.toEqual({ removed: false, remaining: 1, status: 'running' });
  });
});

// The report table adapter (DynamoDB through the document client): the ReportTable port of
// lib/report/ports.ts. Batches 25 writes / 100 reads per call and retries leftovers with backoff;
// cursors are the LastEvaluatedKey, opaque to callers. The table's shape is docs/report-table.md.
import { DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Settings } from '../config';
import type { ItemKey, PendingUpdate, QueryPage, ReportItem, ReportTable, TableQuery, WriteOperation } from '../report/ports';
import { INDEX, KEY } from '../report/table-keys';
import { baseConfig } from './client-config';
import { chunk, retryLeftovers, type LeftoverRetryOptions } from './batch-leftovers';

/** BatchWriteItem takes at most 25 requests, BatchGetItem 100 keys. */
export const WRITE_BATCH = 25;
export const READ_BATCH = 100;
export const TTL_ATTRIBUTE = 'expiresAt';

/** CreateTable input for the report table; serverless.yml's ReportTable mirrors it (packaging test). */
export function reportTableDefinition(tableName: string): CreateTableCommandInput {
  const index = (name: string, pk: string, sk: string) => ({
    IndexName: name,
    KeySchema: [{ AttributeName: pk, KeyType: 'HASH' as const }, { AttributeName: sk, KeyType: 'RANGE' as const }],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    GlobalSecondaryIndexes: [index(INDEX.gsi1, 'gsi1pk', 'gsi1sk'), index(INDEX.gsi2, 'gsi2pk', 'gsi2sk')],
  };
}

export class CursorError extends Error {
  override name = 'CursorError';
}

type TableSettings = Pick<Settings, 'AWS_REGION' | 'MAX_ATTEMPTS' | 'CALL_TIMEOUT_MS' | 'S3_FORCE_PATH_STYLE' | 'REPORT_TABLE_NAME'>;

export function createReportTable(settings: TableSettings, options: LeftoverRetryOptions = {}): ReportTable {
  if (!settings.REPORT_TABLE_NAME) throw new Error('REPORT_TABLE_NAME is not set: the report table is unknown');
  const client = DynamoDBDocumentClient.from(new DynamoDBClient(baseConfig(settings, settings.AWS_REGION)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return reportTableOver(client, settings.REPORT_TABLE_NAME, options);
}

export function reportTableOver(client: DynamoDBDocumentClient, tableName: string, retry: LeftoverRetryOptions = {}): ReportTable {
  const keyOf = ({ pk, sk }: ItemKey) => ({ pk, sk });

  async function writeBatch(operations: readonly WriteOperation[]): Promise<void> {
    const requests = operations.map((operation) => ('put' in operation ? { PutRequest: { Item: operation.put } } : { DeleteRequest: { Key: keyOf(operation.delete) } }));
    const left = await retryLeftovers(requests, async (pending) => {
      const response = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: [...pending] } }));
      return (response.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }, retry);
    if (left.length > 0) {
      throw Object.assign(new Error(`report table: ${left.length} writes still unprocessed after retries`), { name: 'UnprocessedItems' });
    }
  }

  return {
    async get(key) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }));
      return Item as ReportItem | undefined;
    },

    async getMany(keys) {
      const found: ReportItem[] = [];
      for (const batch of chunk(keys.map(keyOf), READ_BATCH)) {
        const left = await retryLeftovers(batch, async (pending) => {
          const response = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: [...pending], ConsistentRead: true } } }));
          found.push(...((response.Responses?.[tableName] ?? []) as ReportItem[]));
          return (response.UnprocessedKeys?.[tableName]?.Keys ?? []) as typeof batch;
        }, retry);
        if (left.length > 0) throw Object.assign(new Error(`report table: ${left.length} reads still unprocessed after retries`), { name: 'UnprocessedKeys' });
      }
      return found;
    },

    async write(operations) {
      // Two operations on one key in one BatchWriteItem are refused: keep the last one per key.
      const latest = new Map<string, WriteOperation>();
      for (const operation of operations) {
        const { pk, sk } = 'put' in operation ? operation.put : operation.delete;
        latest.delete(`${pk}\u0000${sk}`);
        latest.set(`${pk}\u0000${sk}`, operation);
      }
      for (const batch of chunk([...latest.values()], WRITE_BATCH)) await writeBatch(batch);
    },

    async putIfAbsent(item) {
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },

    async query(query) {
      return runQuery(client, tableName, query);
    },

    async removePendingAccount(scanId, accountId): Promise<PendingUpdate> {
      const key = { pk: KEY.scan(scanId), sk: KEY.scanSummary };
      try {
        const { Attributes } = await client.send(new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: 'DELETE accountsPending :account',
          ConditionExpression: 'contains(accountsPending, :id) AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':account': new Set([accountId]), ':id': accountId, ':running': 'running' },
          ReturnValues: 'ALL_NEW',
        }));
        return { removed: true, remaining: pendingCount(Attributes), status: 'running' };
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
        if (!Item) throw Object.assign(new Error(`report table: scan ${scanId} was never started`), { name: 'UnknownScan' });
        return { removed: false, remaining: pendingCount(Item), status: Item.status === 'complete' ? 'complete' : 'running' };
      }
    },

    async completeSummary(item) {
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: item,
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':running': 'running' },
        }));
        return true;
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
  };
}

function pendingCount(item: Record<string, unknown> | undefined): number {
  const pending = item?.accountsPending;
  return pending instanceof Set ? pending.size : Array.isArray(pending) ? pending.length : 0;
}

async function runQuery(client: DynamoDBDocumentClient, tableName: string, query: TableQuery): Promise<QueryPage> {
  const [pkName, skName] = query.index ? [`${query.index}pk`, `${query.index}sk`] : ['pk', 'sk'];
  const names: Record<string, string> = { '#pk': pkName };
  const values: Record<string, unknown> = { ':pk': query.partition };
  let condition = '#pk = :pk';
  if (query.sortPrefix !== undefined) {
    names['#sk'] = skName;
    values[':prefix'] = query.sortPrefix;
    condition += ' AND begins_with(#sk, :prefix)';
  }
  const filters = Object.entries(query.where ?? {}).map(([attribute, value], position) => {
    names[`#w${position}`] = attribute;
    values[`:w${position}`] = value;
    return `#w${position} = :w${position}`;
  });
  const input: QueryCommandInput = {
    TableName: tableName,
    KeyConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !query.descending,
    ...(query.index ? { IndexName: query.index } : {}),
    ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
    ...(query.limit !== undefined ? { Limit: query.limit } : {}),
    ...(query.cursor !== undefined ? { ExclusiveStartKey: decodeCursor(query.cursor) } : {}),
  };
  const response = await client.send(new QueryCommand(input));
  return {
    items: (response.Items ?? []) as ReportItem[],
    ...(response.LastEvaluatedKey ? { cursor: encodeCursor(response.LastEvaluatedKey) } : {}),
  };
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is only ever a LastEvaluatedKey we produced: string key attributes, nothing else. */
export function decodeCursor(cursor: string): Record<string, string> {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new CursorError('cursor is not one this service produced (not base64url JSON)');
  }
  const valid = typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded)
    && Object.entries(decoded).every(([name, value]) => /^(pk|sk|gsi[12](pk|sk))$/.test(name) && typeof value === 'string');
  if (!valid) throw new CursorError('cursor is not one this service produced (unexpected keys)');
  return decoded as Record<string, string>;
}

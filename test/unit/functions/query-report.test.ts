// The query-report handler on its sample event (events/query-report.json, what `osls invoke local`
// passes): the route and filters reach the table as the right Query, answers keep their status, and
// the handler never writes. The table is an in-memory recorder; the real DynamoDB path is covered by
// test/integration/report-queries.test.ts.
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildHandler } from '../../../functions/query-report';
import { latestFindingItem } from '../../../lib/report/items';
import type { ReportTable, TableQuery } from '../../../lib/report/ports';
import { finding } from '../report/sample-snapshot';
import { lambdaContext, sampleEvent, silentLogger } from './lambda-context';

function recordingTable(items: ReturnType<typeof latestFindingItem>[]): ReportTable & { queries: TableQuery[] } {
  const queries: TableQuery[] = [];
  const refuse = async () => {
    throw new Error('the report API must not write');
  };
  return {
    queries,
    // Answers each Query from the items whose keys it names, as DynamoDB would.
    query: async (query) => {
      queries.push(query);
      const [partitionKey, sortKey] = query.index ? [`${query.index}pk`, `${query.index}sk`] : ['pk', 'sk'];
      return { items: items.filter((item) => item[partitionKey] === query.partition && String(item[sortKey]).startsWith(query.sortPrefix ?? '')) };
    },
    get: async () => undefined,
    getMany: async () => [],
    write: refuse,
    putIfAbsent: refuse,
    removePendingAccount: refuse,
    completeSummary: refuse,
  };
}

describe('query-report handler', () => {
  it('answers the sample event: one account\'s findings at or above high, from the severity partitions narrowed to that account', async () => {
    const high = finding({ accountId: '222222222222', bucket: 'uploads', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'high', findingId: 'f-high' });
    const low = finding({ accountId: '222222222222', bucket: 'uploads', ruleId: 'S3CORS-UPLOAD-ETAG-NOT-EXPOSED', severity: 'low', findingId: 'f-low' });
    const table = recordingTable([latestFindingItem(high), latestFindingItem(low)]);
    const event = sampleEvent<APIGatewayProxyEventV2WithIAMAuthorizer>('query-report');
    const response = (await buildHandler(async () => table, silentLogger())(event, lambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['cache-control']).toBe('no-store');
    const body = JSON.parse(String(response.body)) as { findings: Array<{ findingId: string }>; cursor?: string };
    expect(body.findings.map((item) => item.findingId)).toEqual(['f-high']);
    expect(body.cursor).toBeUndefined();
    // Most severe first: one range per severity, each holding only that account's findings.
    expect(table.queries).toEqual([
      { index: 'gsi1', partition: 'SEVERITY#critical', sortPrefix: '222222222222#', where: { accountId: '222222222222' }, limit: 100 },
      { index: 'gsi1', partition: 'SEVERITY#high', sortPrefix: '222222222222#', where: { accountId: '222222222222' }, limit: 100 },
    ]);
  });

  it('takes the path from the proxy parameter whatever the stage prefix', async () => {
    const table = recordingTable([]);
    const event = sampleEvent<APIGatewayProxyEventV2WithIAMAuthorizer>('query-report');
    const staged = { ...event, rawPath: '/prod/report/findings', queryStringParameters: { ruleId: 'any-origin-write' } };
    const response = (await buildHandler(async () => table, silentLogger())(staged, lambdaContext())) as APIGatewayProxyStructuredResultV2;
    expect(response.statusCode).toBe(200);
    expect(table.queries[0]).toMatchObject({ index: 'gsi2', partition: 'RULE#S3CORS-ANY-ORIGIN-WRITE' });
  });
});

// Read-only report API behind API Gateway (HTTP API, IAM authorisation): GET /report/... answers the
// compliance questions of lib/report/query-api.ts as JSON (findings also as CSV). Logs who asked what
// and the status; never the answer, which holds attacker-controlled text.
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { loadSettings } from '../lib/config';
import type { ReportTable } from '../lib/report/ports';
import { answerReportRequest } from '../lib/report/query-api';
import { errorLogging } from './middleware/error-logging';
import { createLogger } from './middleware/logger';

export type ReportTableProvider = () => Promise<ReportTable>;

/** The path the routes know: `/report/<proxy>` whatever stage or custom domain mapping served it. */
function reportPathOf(event: APIGatewayProxyEventV2WithIAMAuthorizer): string {
  const proxy = event.pathParameters?.proxy;
  if (proxy !== undefined) return `/report/${proxy}`;
  const at = event.rawPath.indexOf('/report');
  return at >= 0 ? event.rawPath.slice(at) : event.rawPath;
}

export function createHandler(table: ReportTableProvider, logger: Logger) {
  return async (event: APIGatewayProxyEventV2WithIAMAuthorizer): Promise<APIGatewayProxyStructuredResultV2> => {
    const path = reportPathOf(event);
    if (event.requestContext.http.method !== 'GET') {
      return { statusCode: 405, headers: { allow: 'GET', 'content-type': 'application/json' }, body: JSON.stringify({ error: 'the report API is read-only: use GET' }) };
    }
    const answer = await answerReportRequest(await table(), { path, query: event.queryStringParameters ?? {} });
    logger.info('report query', { path: path.slice(0, 200), status: answer.status, caller: event.requestContext.authorizer?.iam?.userArn, bytes: answer.body.length });
    return { statusCode: answer.status, headers: { ...answer.headers, 'cache-control': 'no-store' }, body: answer.body };
  };
}

/** An unexpected failure answers 500 with the request id to quote; its details go to the log only. */
function internalErrorResponse(): middy.MiddlewareObj<APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2, Error, Context> {
  return {
    onError: async (request) => {
      request.response = { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: 'internal error', requestId: request.context.awsRequestId }) };
    },
  };
}

export function buildHandler(table: ReportTableProvider, logger = createLogger()) {
  // Middy runs onError from the last middleware to the first: log first, then answer 500.
  return middy<APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(internalErrorResponse())
    .use(errorLogging(logger))
    .handler(createHandler(table, logger));
}

/** The table client, built once per container on first use; a configuration error is not cached. */
function realTable(): ReportTableProvider {
  let built: Promise<ReportTable> | undefined;
  return () => {
    built ??= import('../lib/aws/report-table')
      .then(({ createReportTable }) => createReportTable(loadSettings()))
      .catch((error: unknown) => {
        built = undefined;
        throw error;
      });
    return built;
  };
}

const logger = createLogger();
export const handler = buildHandler(realTable(), logger);

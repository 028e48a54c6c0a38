// The AWS JSON 1.1 protocol shared by the Organizations and SSM emulators: POST with
// `X-Amz-Target: <Prefix>.<Operation>`, JSON in and out, errors as `{ __type, message }`.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CredentialRegistry, IssuedCredentials } from './credentials';
import { serveOnRandomPort, type RunningServer } from './http-server';
import { readSigV4Scope } from './sigv4';

export class JsonServiceError extends Error {
  constructor(readonly code: string, message: string, readonly status = 400) {
    super(message);
  }
}

export type JsonOperation = (input: Record<string, unknown>, caller: IssuedCredentials, request: IncomingMessage) => unknown;

export function startJsonService(targetPrefix: string, operations: Record<string, JsonOperation>, registry: CredentialRegistry): Promise<RunningServer> {
  return serveOnRandomPort((request, body, response) => {
    const send = (status: number, payload: unknown, errorType?: string) => {
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
      });
      response.end(JSON.stringify(payload));
    };
    const fail = (error: JsonServiceError) => send(error.status, { __type: error.code, message: error.message }, error.code);
    const caller = registry.lookup(readSigV4Scope(request.headers.authorization)?.accessKeyId);
    if (caller.kind === 'unknown') return fail(new JsonServiceError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400));
    if (caller.kind === 'expired') return fail(new JsonServiceError('ExpiredTokenException', 'The security token included in the request is expired', 400));
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(`${targetPrefix}.`) ? operations[target.slice(targetPrefix.length + 1)] : undefined;
    if (!operation) return fail(new JsonServiceError('UnknownOperationException', `Unknown operation ${target.slice(0, 100)}`));
    let input: Record<string, unknown>;
    try {
      input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
    } catch (error) {
      return fail(new JsonServiceError('SerializationException', `body is not JSON: ${(error as Error).message}`));
    }
    try {
      send(200, operation(input, caller.credentials, request));
    } catch (error) {
      if (error instanceof JsonServiceError) return fail(error);
      throw error;
    }
  });
}

/** Pages `items` with an opaque numeric NextToken, as the paginated list APIs do. */
export function paginate<T>(items: T[], input: Record<string, unknown>, defaultMax: number, hardMax: number): { page: T[]; NextToken?: string } {
  const max = input.MaxResults === undefined ? defaultMax : Number(input.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > hardMax) {
    throw new JsonServiceError('InvalidInputException', `MaxResults must be between 1 and ${hardMax}`);
  }
  const start = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), 'base64url').toString('utf8'));
  if (!Number.isInteger(start) || start < 0) throw new JsonServiceError('InvalidInputException', 'The NextToken is invalid');
  const page = items.slice(start, start + max);
  return start + max < items.length ? { page, NextToken: Buffer.from(String(start + max)).toString('base64url') } : { page };
}

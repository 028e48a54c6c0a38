// Builds errors shaped as the SDK throws them (name, $fault, $metadata, $response), for adapter tests.
import { S3ServiceException } from '@aws-sdk/client-s3';

export function sdkError(name: string, status: number, options: { message?: string; attempts?: number; headers?: Record<string, string>; fields?: Record<string, unknown> } = {}): Error {
  const error = new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: options.attempts ?? 1 },
    message: options.message ?? name,
  });
  return Object.assign(error, { $response: { statusCode: status, headers: options.headers ?? {} } }, options.fields ?? {});
}

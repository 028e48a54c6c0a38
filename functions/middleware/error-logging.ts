// Logs a failed invocation once, in the shape its cause deserves: a ConfigError is a deployment
// mistake (its one line per problem, no stack); anything else is logged with its name and stack
// at ERROR. The error is rethrown so Lambda retries or reports it (SQS partial failures come later).
import type { MiddlewareObj } from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ConfigError } from '../../lib/config';

export function errorLogging(logger: Logger): MiddlewareObj {
  return {
    onError: async (request) => {
      const error = request.error;
      if (error instanceof ConfigError) {
        logger.error('configuration error: fix the deployment parameters', { problems: error.problems });
        // No stack trace for a user mistake: the message already names the variable and the fix.
        error.stack = `${error.name}: ${error.message}`;
        return;
      }
      if (error) logger.error('invocation failed', { error });
    },
  };
}

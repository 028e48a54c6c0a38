// SNS subscriber: posts finding alerts (at or above SLACK_MIN_SEVERITY) and the scan digest to Slack.
// The webhook URL is a credential: read from SSM Parameter Store (SecureString, decrypted by @middy/ssm), never logged.
// Transient Slack failures (429 past the in-invocation budget, 5xx, network) throw so SNS/Lambda redeliver.
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import ssm from '@middy/ssm';
import type { Context, SNSEvent } from 'aws-lambda';
import { loadSettings, type Settings } from '../lib/config';
import { deliverAlerts, postToSlack, type PostOptions } from '../lib/report/slack-delivery';
import { errorLogging } from './middleware/error-logging';
import { createLogger } from './middleware/logger';

/** Cache the decrypted URL for a while: one SSM call per container, yet a rotated URL is picked up. */
const WEBHOOK_CACHE_MS = 15 * 60 * 1000;

export interface NotifyOptions {
  settings: Settings;
  logger: Logger;
  /** Test seam: how payloads reach the webhook (timeouts, fetch, sleep). */
  post?: PostOptions;
  /** Test seam: a fixed webhook URL instead of the SSM middleware, so no AWS call is needed. */
  webhookUrl?: string;
}

/** Builds the middy handler; exported so tests inject settings, logger and the webhook URL. */
export function createHandler(options: NotifyOptions) {
  const { settings, logger } = options;
  const parameter = settings.SLACK_WEBHOOK_PARAMETER;
  if (!parameter && options.webhookUrl === undefined) {
    // Secrets Manager (SLACK_WEBHOOK_SECRET_ID) is not wired: @middy/secrets-manager is not a dependency.
    throw new Error(
      settings.SLACK_WEBHOOK_SECRET_ID
        ? 'config: SLACK_WEBHOOK_SECRET_ID is not supported yet; store the webhook URL as an SSM SecureString and set SLACK_WEBHOOK_PARAMETER'
        : 'config: SLACK_WEBHOOK_PARAMETER is required (name of the SSM SecureString holding the Slack webhook URL)',
    );
  }
  const notify = async (event: SNSEvent, context: Context) => {
    const webhookUrl = options.webhookUrl ?? (context as Context & { slackWebhookUrl?: unknown }).slackWebhookUrl;
    if (typeof webhookUrl !== 'string' || !/^https?:\/\//.test(webhookUrl)) {
      // Throwing lets SNS retry once the parameter is fixed; the value itself is not logged.
      throw new Error(`SSM parameter ${parameter ?? '(unset)'} does not hold an http(s) webhook URL`);
    }
    return deliverAlerts(event, {
      post: (payload) => postToSlack(webhookUrl, payload, options.post),
      minSeverity: settings.SLACK_MIN_SEVERITY,
      logger,
    });
  };
  const handler = middy<SNSEvent, unknown, Error, Context>().use(injectLambdaContext(logger, { resetKeys: true })).use(errorLogging(logger));
  if (options.webhookUrl === undefined && parameter) {
    // @middy/ssm fetches with WithDecryption and puts the value on the context (setToContext).
    handler.use(ssm({ fetchData: { slackWebhookUrl: parameter }, setToContext: true, cacheExpiry: WEBHOOK_CACHE_MS, cacheKey: `ssm:${parameter}` }) as MiddlewareObj<SNSEvent, unknown, Error, Context>);
  }
  return handler.handler(notify);
}

let built: ReturnType<typeof createHandler> | undefined;

/** Built on first use, so a configuration error surfaces as a logged invocation failure, not an import crash. */
export const handler = (event: SNSEvent, context: Context) => {
  built ??= createHandler({ settings: loadSettings(), logger: createLogger() });
  return built(event, context);
};

// SNS subscriber: posts finding alerts (at or above SLACK_MIN_SEVERITY) and the scan digest to Slack.
// The webhook URL is a credential: read from SSM Parameter Store (SecureString, decrypted by @middy/ssm), never logged.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import ssm from '@middy/ssm';
import type { Context, SNSEvent } from 'aws-lambda';
import { loadSettings, type Settings } from '../lib/config';
import { deliverAlerts, postToSlack, type DeliveryLogger, type PostOptions } from '../lib/report/slack-delivery';

type NotifyContext = Context & { slackWebhookUrl?: unknown };

export interface NotifyOptions {
  settings: Settings;
  logger: Logger;
  /** Test seam: how payloads reach the webhook (timeouts, fetch, sleep). */
  post?: PostOptions;
  /** Test seam: replaces the SSM middleware (e.g. a fixed URL), so no AWS call is needed. */
  webhookUrl?: string;
}

/** Builds the middy handler; exported so tests inject settings, logger and the webhook URL. */
export function createHandler(options: NotifyOptions) {
  const { settings, logger } = options;
  if (!settings.SLACK_WEBHOOK_PARAMETER && options.webhookUrl === undefined) {
    // Secrets Manager (SLACK_WEBHOOK_SECRET_ID) is not wired: @middy/secrets-manager is not a dependency.
    throw new Error(
      settings.SLACK_WEBHOOK_SECRET_ID
        ? 'config: SLACK_WEBHOOK_SECRET_ID is not supported yet; store the webhook URL as an SSM SecureString and set SLACK_WEBHOOK_PARAMETER'
        : 'config: SLACK_WEBHOOK_PARAMETER is required (name of the SSM SecureString holding the Slack webhook URL)',
    );
  }
  const base = middy<SNSEvent, unknown, Error, NotifyContext>().use(injectLambdaContext(logger));
  const withUrl = options.webhookUrl !== undefined || !settings.SLACK_WEBHOOK_PARAMETER
    ? base
    : base.use(ssm({ fetchData: { slackWebhookUrl: settings.SLACK_WEBHOOK_PARAMETER }, setToContext: true, cacheExpiry: 15 * 60 * 1000 }));
  return withUrl.handler(async (event: SNSEvent, context: NotifyContext) => {
    const webhookUrl = options.webhookUrl ?? context.slackWebhookUrl;
    if (typeof webhookUrl !== 'string' || !/^https?:\/\//.test(webhookUrl)) {
      // Throwing lets SNS retry once the parameter is fixed; the value itself is not logged.
      throw new Error(`SSM parameter ${settings.SLACK_WEBHOOK_PARAMETER ?? '(unset)'} does not hold an http(s) webhook URL`);
    }
    return deliverAlerts(event, {
      post: (payload) => postToSlack(webhookUrl, payload, options.post),
      minSeverity: settings.SLACK_MIN_SEVERITY,
      logger: logger as DeliveryLogger,
    });
  });
}

let cached: ReturnType<typeof createHandler> | undefined;

export const handler = (event: SNSEvent, context: Context) => {
  cached ??= (() => {
    const settings = loadSettings();
    return createHandler({ settings, logger: new Logger({ serviceName: 's3-cors-audit', logLevel: settings.LOG_LEVEL }) });
  })();
  return cached(event, context as Parameters<typeof cached>[1]);
};

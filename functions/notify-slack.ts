// SNS subscriber: posts finding alerts (at or above SLACK_MIN_SEVERITY) and the scan digest to Slack.
// The webhook URL is a credential: read from SSM Parameter Store (SecureString, @middy/ssm) or Secrets
// Manager (@middy/secrets-manager; the secret is the URL or JSON {"url": ...}), never logged.
// Transient Slack failures (429 past the in-invocation budget, 5xx, network) throw so SNS/Lambda redeliver.
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import secretsManager from '@middy/secrets-manager';
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
  /** Test seam: a fixed webhook URL instead of the SSM / Secrets Manager middleware, so no AWS call is needed. */
  webhookUrl?: string;
}

/** Builds the middy handler; exported so tests inject settings, logger and the webhook URL. */
export function createHandler(options: NotifyOptions) {
  const { settings, logger } = options;
  const parameter = settings.SLACK_WEBHOOK_PARAMETER;
  const secretId = settings.SLACK_WEBHOOK_SECRET_ID;
  if (!parameter && !secretId && options.webhookUrl === undefined) {
    throw new Error('config: set SLACK_WEBHOOK_PARAMETER (SSM SecureString name) or SLACK_WEBHOOK_SECRET_ID (Secrets Manager secret) to the Slack webhook URL');
  }
  const source = parameter ? `SSM parameter ${parameter}` : `secret ${secretId ?? '(unset)'}`;
  const notify = async (event: SNSEvent, context: Context) => {
    const webhookUrl = options.webhookUrl ?? webhookUrlOf((context as Context & { slackWebhookUrl?: unknown }).slackWebhookUrl);
    if (webhookUrl === undefined || !/^https?:\/\//.test(webhookUrl)) {
      // Throwing lets SNS retry once the parameter is fixed; the value itself is not logged.
      throw new Error(`${source} does not hold an http(s) webhook URL`);
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
  } else if (options.webhookUrl === undefined && secretId) {
    handler.use(secretsManager({ fetchData: { slackWebhookUrl: secretId }, setToContext: true, cacheExpiry: WEBHOOK_CACHE_MS, cacheKey: `secret:${secretId}` }) as MiddlewareObj<SNSEvent, unknown, Error, Context>);
  }
  return handler.handler(notify);
}

/** The secret or parameter value: the URL itself, or (Secrets Manager's key/value form) JSON with a `url`. */
export function webhookUrlOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'object' && value !== null) {
    const { url, webhookUrl } = value as { url?: unknown; webhookUrl?: unknown };
    const candidate = url ?? webhookUrl;
    return typeof candidate === 'string' ? candidate.trim() : undefined;
  }
  return undefined;
}

let built: ReturnType<typeof createHandler> | undefined;

/** Built on first use, so a configuration error surfaces as a logged invocation failure, not an import crash. */
export const handler = (event: SNSEvent, context: Context) => {
  built ??= createHandler({ settings: loadSettings(), logger: createLogger() });
  return built(event, context);
};

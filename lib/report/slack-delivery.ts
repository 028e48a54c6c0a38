// Delivers SNS alert messages to a Slack incoming webhook: parse (malformed → logged and dropped),
// filter by severity (the digest always posts), render, post with bounded 429/5xx retries.
// Transient failures left after the retries throw, so SNS/Lambda redeliver; permanent ones are logged.
import { IncomingWebhook, IncomingWebhookHTTPError, type FetchFunction } from '@slack/webhook';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { SEVERITIES, type Severity } from '../engine/types';
import { truncateText } from './escape';
import { CHANGE_KINDS, type AlertMessage } from './model';
import { renderSlackMessage, type SlackPayload } from './slack';

export interface DeliveryLogger {
  info(message: string, extra: Record<string, unknown>): void;
  warn(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface SlackDeliveryDeps {
  /** Posts one payload (see postToSlack); injected so the handler is tested without a network. */
  post(payload: SlackPayload): Promise<void>;
  minSeverity: Severity;
  reportUrl?: string;
  logger: DeliveryLogger;
}

export interface PostOptions {
  /** Attempts in total, including the first. */
  maxAttempts?: number;
  /** Longest Retry-After we wait inside the invocation; a longer one is left to SNS's redelivery. */
  maxWaitMs?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: FetchFunction;
}

/** Worth another delivery later (429 past our budget, 5xx, network): the handler throws so SNS/Lambda retry. */
export class SlackTransientError extends Error {
  override name = 'SlackTransientError';
}
/** Slack refused the payload or the webhook (400 invalid_blocks, 403, 404 no_service): retrying cannot help. */
export class SlackRejectedError extends Error {
  override name = 'SlackRejectedError';
}

const finding = z.object({
  findingId: z.string(),
  scanId: z.string(),
  accountId: z.string(),
  accountName: z.string().optional(),
  bucket: z.string(),
  region: z.string().optional(),
  ruleId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  baseSeverity: z.enum(SEVERITIES),
  severityReason: z.string().optional(),
  message: z.string(),
  ruleIndex: z.number().int().nullable(),
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
  change: z.enum(CHANGE_KINDS as [string, ...string[]]),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  suppression: z.object({ reason: z.string(), expiresAt: z.string().optional(), source: z.string() }).optional(),
  truncated: z.boolean().optional(),
});
const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((key) => [key, z.number().int().nonnegative()])) as Record<K, z.ZodNumber>);
const itemError = { code: z.string(), message: z.string(), attempts: z.number().optional() };
const summary = z.object({
  scanId: z.string(),
  trigger: z.enum(['schedule', 'manual', 'cors-change']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  status: z.enum(['running', 'complete']),
  accountsPending: z.array(z.string()),
  coverage: counts(['accountsTotal', 'accountsScanned', 'accountsFailed', 'bucketsListed', 'bucketsEvaluated', 'bucketsWithoutCors', 'bucketsGone', 'bucketsUnknown']),
  findingsBySeverity: counts(SEVERITIES),
  changes: counts(CHANGE_KINDS),
  worstBuckets: z.array(z.object({ accountId: z.string(), bucket: z.string(), score: z.number(), grade: z.enum(['A', 'B', 'C', 'D', 'E', 'F']) })),
  accountErrors: z.array(z.object({ accountId: z.string(), stage: z.enum(['assume-role', 'list-buckets', 'region', 'account-context']), region: z.string().optional(), ...itemError })),
  bucketErrors: z.array(z.object({ accountId: z.string(), bucket: z.string(), region: z.string().optional(), code: z.string(), message: z.string() })),
});
export const alertMessageSchema = z.discriminatedUnion('type', [z.object({ type: z.literal('finding'), finding }), z.object({ type: z.literal('digest'), summary })]);

/** Parses one SNS message body; the reason is safe to log (zod paths, never the hostile values). */
export function parseAlertMessage(body: string): { ok: true; alert: AlertMessage } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message.slice(0, 100)}` };
  }
  const parsed = alertMessageSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ') };
  // The schema mirrors model.ts; zod's `?: T | undefined` is the only difference from exactOptionalPropertyTypes.
  return { ok: true, alert: parsed.data as AlertMessage };
}

/** Posts every alert of the event that passes the severity filter; throws at the end if any delivery is worth retrying. */
export async function deliverAlerts(event: SNSEvent, deps: SlackDeliveryDeps): Promise<{ posted: number; skipped: number; dropped: number }> {
  const tally = { posted: 0, skipped: 0, dropped: 0 };
  const transient: string[] = [];
  for (const record of event.Records) {
    const messageId = record.Sns.MessageId;
    const parsed = parseAlertMessage(record.Sns.Message);
    if (!parsed.ok) {
      deps.logger.error('malformed alert message dropped', { messageId, reason: parsed.reason, size: record.Sns.Message.length });
      tally.dropped += 1;
      continue;
    }
    const { alert } = parsed;
    if (alert.type === 'finding' && SEVERITIES.indexOf(alert.finding.severity) < SEVERITIES.indexOf(deps.minSeverity)) {
      deps.logger.info('finding below the Slack severity threshold', { messageId, severity: alert.finding.severity, minSeverity: deps.minSeverity });
      tally.skipped += 1;
      continue;
    }
    try {
      await deps.post(renderSlackMessage(alert, deps.reportUrl ? { reportUrl: deps.reportUrl } : {}));
      deps.logger.info('alert posted to Slack', { messageId, type: alert.type });
      tally.posted += 1;
    } catch (error) {
      if (error instanceof SlackRejectedError) {
        deps.logger.error('Slack rejected the alert; not retried', { messageId, error: error.message });
        tally.dropped += 1;
        continue;
      }
      deps.logger.warn('Slack delivery failed; will be retried', { messageId, error: (error as Error).message });
      transient.push(messageId);
    }
  }
  if (transient.length > 0) throw new SlackTransientError(`Slack delivery failed for ${transient.length} message(s): ${transient.join(', ')}`);
  return tally;
}

/**
 * One webhook post with bounded retries: 429 waits Retry-After (capped by maxWaitMs), 5xx and network
 * errors back off exponentially. Error messages never contain the webhook URL (it is a credential).
 */
export async function postToSlack(webhookUrl: string, payload: SlackPayload, options: PostOptions = {}): Promise<void> {
  const maxAttempts = options.maxAttempts ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const baseFetch = options.fetch ?? (globalThis.fetch as unknown as FetchFunction);
  let retryAfter: string | null = null;
  // @slack/webhook's errors drop the response headers; this wrapper keeps Retry-After for us.
  const fetchKeepingRetryAfter: FetchFunction = async (url, init) => {
    const response = await baseFetch(url, init);
    retryAfter = response.headers.get('retry-after');
    return response;
  };
  const webhook = new IncomingWebhook(webhookUrl, { fetch: fetchKeepingRetryAfter, timeout: options.timeoutMs ?? 10_000, retryConfig: { retries: 0 } });
  for (let attempt = 1; ; attempt += 1) {
    retryAfter = null;
    try {
      await webhook.send(payload);
      return;
    } catch (error) {
      const status = error instanceof IncomingWebhookHTTPError ? error.statusCode : undefined;
      const what = status ? `HTTP ${status} ${truncateText(error instanceof IncomingWebhookHTTPError ? error.body : '', 100)}` : redact((error as Error).message, webhookUrl);
      if (status !== undefined && status !== 429 && status < 500) throw new SlackRejectedError(`Slack answered ${what}`);
      const waitMs = status === 429 ? retryAfterMs(retryAfter) : 500 * 2 ** (attempt - 1);
      if (attempt >= maxAttempts) throw new SlackTransientError(`Slack still failing after ${attempt} attempt(s): ${what}`);
      if (waitMs > maxWaitMs) throw new SlackTransientError(`Slack asked to wait ${Math.ceil(waitMs / 1000)} s, longer than ${maxWaitMs / 1000} s: ${what}`);
      await sleep(waitMs);
    }
  }
}

/** Retry-After in seconds (Slack's form) or an HTTP date; missing or garbage means one second. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null) return 1_000;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1_000 : Math.max(0, date - now);
}

function redact(message: string, webhookUrl: string): string {
  return truncateText(message.split(webhookUrl).join('[webhook]').replace(/https:\/\/hooks\.slack\.com\/\S+/g, '[webhook]'), 200);
}

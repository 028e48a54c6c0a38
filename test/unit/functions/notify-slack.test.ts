import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger } from '@aws-lambda-powertools/logger';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { Context, SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler } from '../../../functions/notify-slack';
import { loadSettings } from '../../../lib/config';
import type { AlertMessage } from '../../../lib/report/model';
import { renderSlackMessage } from '../../../lib/report/slack';
import { postToSlack, retryAfterMs, SlackRejectedError, SlackTransientError } from '../../../lib/report/slack-delivery';
import { finding, HOSTILE, scanSummary } from '../report/sample-snapshot';

/** A scripted Slack: answers each POST with the next scripted status (200 once the script runs out). */
interface Reply { status: number; retryAfter?: string; body?: string }
const received: Array<{ path: string; body: unknown }> = [];
let script: Reply[] = [];
let server: Server;
let webhookUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const reply = script.shift() ?? { status: 200, body: 'ok' };
      response.writeHead(reply.status, { 'content-type': 'text/plain', ...(reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}) });
      response.end(reply.body ?? (reply.status === 200 ? 'ok' : 'error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/SECRETTOKEN123`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  received.splice(0);
  script = [];
});

const critical = finding({ bucket: 'prod-uploads', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical', change: 'new' });
const payload = renderSlackMessage({ type: 'finding', finding: critical }, {});

describe('postToSlack against a local Slack', () => {
  it('posts the exact Block Kit payload to the webhook path', async () => {
    await postToSlack(webhookUrl, payload);
    expect(received).toEqual([{ path: '/services/T000/B000/SECRETTOKEN123', body: payload }]);
  });

  it.each<[string, Reply[], number[]]>([
    ['honours Retry-After seconds on 429', [{ status: 429, retryAfter: '2' }], [2_000]],
    ['retries twice on consecutive 429s', [{ status: 429, retryAfter: '1' }, { status: 429, retryAfter: '3' }], [1_000, 3_000]],
    ['waits one second when 429 has no Retry-After', [{ status: 429 }], [1_000]],
    ['backs off exponentially on 5xx', [{ status: 503 }, { status: 500 }], [500, 1_000]],
  ])('%s, then delivers', async (_name, replies, expectedWaits) => {
    script = [...replies];
    const waits: number[] = [];
    await postToSlack(webhookUrl, payload, { sleep: async (ms) => void waits.push(ms) });
    expect(waits).toEqual(expectedWaits);
    expect(received).toHaveLength(replies.length + 1);
    expect(received.at(-1)?.body).toEqual(payload);
  });

  it('gives up after maxAttempts with a transient error that does not reveal the URL', async () => {
    script = [{ status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' }];
    const error = await postToSlack(webhookUrl, payload, { maxAttempts: 3, sleep: async () => undefined }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlackTransientError);
    expect((error as Error).message).toMatch(/after 3 attempt\(s\): HTTP 429/);
    expect((error as Error).message).not.toContain('SECRETTOKEN123');
    expect(received).toHaveLength(3);
  });

  it('does not wait longer than maxWaitMs inside the invocation: leaves it to SNS redelivery', async () => {
    script = [{ status: 429, retryAfter: '120' }];
    const sleep = vi.fn(async () => undefined);
    await expect(postToSlack(webhookUrl, payload, { maxWaitMs: 20_000, sleep })).rejects.toThrow(/asked to wait 120 s/);
    expect(sleep).not.toHaveBeenCalled();
    expect(received).toHaveLength(1);
  });

  it.each([400, 403, 404])('treats %i as a permanent rejection (no retry)', async (status) => {
    script = [{ status, body: 'invalid_blocks' }];
    await expect(postToSlack(webhookUrl, payload, { sleep: async () => undefined })).rejects.toThrow(SlackRejectedError);
    expect(received).toHaveLength(1);
  });

  it('reports a network failure as transient without the URL', async () => {
    const closed = 'http://127.0.0.1:1/services/T000/B000/SECRETTOKEN123';
    const error = await postToSlack(closed, payload, { maxAttempts: 2, sleep: async () => undefined }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SlackTransientError);
    expect((error as Error).message).not.toContain('SECRETTOKEN123');
  });

  it.each<[string | null, number]>([
    [null, 1_000],
    ['7', 7_000],
    [' 0 ', 0],
    ['garbage', 1_000],
    ['Mon, 23 Nov 2026 02:00:30 GMT', 30_000],
  ])('reads Retry-After %j as %i ms', (header, expected) => {
    expect(retryAfterMs(header, Date.parse('2026-11-23T02:00:00Z'))).toBe(expected);
  });
});

describe('notify-slack handler', () => {
  const settings = loadSettings({ SLACK_WEBHOOK_PARAMETER: '/s3-cors-audit/slack-webhook', SLACK_MIN_SEVERITY: 'high' });
  const context = { functionName: 'notify-slack', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
  const snsEvent = (...messages: string[]): SNSEvent => ({
    Records: messages.map((message, index) => ({
      EventSource: 'aws:sns',
      EventVersion: '1.0',
      EventSubscriptionArn: 'arn:aws:sns:eu-west-1:111111111111:alerts:sub',
      Sns: { MessageId: `m-${index}`, Message: message, Type: 'Notification', TopicArn: 'arn:aws:sns:eu-west-1:111111111111:alerts', Timestamp: '2026-11-23T02:14:00Z', SignatureVersion: '1', Signature: '', SigningCertUrl: '', UnsubscribeUrl: '', Subject: '', MessageAttributes: {} },
    })),
  });
  const json = (alert: AlertMessage) => JSON.stringify(alert);

  function setup() {
    const logger = new Logger({ serviceName: 'test', logLevel: 'DEBUG' });
    const logged: unknown[][] = [];
    for (const level of ['debug', 'info', 'warn', 'error'] as const) vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void logged.push([level, ...args]));
    const handler = createHandler({ settings, logger, webhookUrl, post: { sleep: async () => undefined } });
    return { handler, logged };
  }

  it('posts findings at or above the threshold and the digest, skips lower ones, drops malformed messages', async () => {
    const { handler, logged } = setup();
    const low = finding({ bucket: 'b', ruleId: 'S3CORS-ORIGIN-DEVELOPMENT', severity: 'low' });
    const digest: AlertMessage = { type: 'digest', summary: scanSummary() };
    const result = await handler(snsEvent(json({ type: 'finding', finding: critical }), json({ type: 'finding', finding: low }), '{not json', JSON.stringify({ type: 'finding', finding: { bucket: 'x' } }), json(digest)), context);
    expect(result).toEqual({ posted: 2, skipped: 1, dropped: 2 });
    expect(received.map((post) => post.body)).toEqual([payload, renderSlackMessage(digest, {})]);
    const errors = logged.filter(([level]) => level === 'error');
    expect(errors.map(([, message]) => message)).toEqual(['malformed alert message dropped', 'malformed alert message dropped']);
    expect(JSON.stringify(errors[1])).toContain('finding.findingId');
  });

  it('posts hostile findings escaped: no mention or link reaches Slack', async () => {
    const { handler } = setup();
    const hostile = finding({ bucket: 'evil', ruleId: 'S3CORS-ANY-ORIGIN-WRITE', severity: 'critical', message: HOSTILE.slackMentions, evidence: { origin: HOSTILE.slackMentions } });
    await handler(snsEvent(json({ type: 'finding', finding: hostile })), context);
    const body = JSON.stringify(received[0]?.body);
    expect(body).not.toMatch(/<!channel>|<@U0123ABCD>|<https:\/\/evil/);
    expect(body).toContain('&lt;!channel&gt;');
  });

  it('throws on a transient failure so SNS redelivers, and never logs the webhook URL', async () => {
    const { handler, logged } = setup();
    script = [{ status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' }, { status: 429, retryAfter: '1' }];
    await expect(handler(snsEvent(json({ type: 'finding', finding: critical })), context)).rejects.toThrow(/Slack delivery failed for 1 message\(s\): m-0/);
    expect(JSON.stringify(logged)).not.toContain('SECRETTOKEN123');
    expect(logged.some(([level, message]) => level === 'warn' && message === 'Slack delivery failed; will be retried')).toBe(true);
  });

  it('logs and drops a message Slack rejects (retrying cannot fix a 400)', async () => {
    const { handler, logged } = setup();
    script = [{ status: 400, body: 'invalid_blocks' }];
    await expect(handler(snsEvent(json({ type: 'finding', finding: critical })), context)).resolves.toEqual({ posted: 0, skipped: 0, dropped: 1 });
    expect(logged.some(([level, message]) => level === 'error' && message === 'Slack rejected the alert; not retried')).toBe(true);
  });

  it('reads the webhook URL from the SSM SecureString with decryption (the deployed path)', async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: '/s3-cors-audit/slack-webhook', Type: 'SecureString', Value: webhookUrl }], InvalidParameters: [] });
    try {
      const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
      const handler = createHandler({ settings, logger, post: { sleep: async () => undefined } });
      await handler(snsEvent(json({ type: 'finding', finding: critical })), context);
      expect(ssm.commandCalls(GetParametersCommand).map((call) => call.args[0].input)).toEqual([{ Names: ['/s3-cors-audit/slack-webhook'], WithDecryption: true }]);
      expect(received.map((post) => post.body)).toEqual([payload]);
    } finally {
      ssm.restore();
    }
  });

  it('fails the invocation, without echoing the value, when the parameter is not a URL', async () => {
    const ssm = mockClient(SSMClient);
    ssm.on(GetParametersCommand).resolves({ Parameters: [{ Name: '/broken/slack-webhook', Type: 'SecureString', Value: 'not-a-url-SECRET' }], InvalidParameters: [] });
    try {
      const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
      const broken = loadSettings({ SLACK_WEBHOOK_PARAMETER: '/broken/slack-webhook' });
      const error = await createHandler({ settings: broken, logger })(snsEvent(json({ type: 'finding', finding: critical })), context).catch((caught: unknown) => caught);
      expect((error as Error).message).toBe('SSM parameter /broken/slack-webhook does not hold an http(s) webhook URL');
      expect(received).toEqual([]);
    } finally {
      ssm.restore();
    }
  });

  it.each([
    // Distinct secret ids: middy caches a fetched value per cache key for the container's life.
    ['the URL itself', 's3-cors-audit/slack-plain', () => webhookUrl],
    ['JSON with a url key', 's3-cors-audit/slack-json', () => JSON.stringify({ url: webhookUrl })],
  ])('reads the webhook URL from a Secrets Manager secret holding %s', async (_form, secretId, secretString) => {
    const secrets = mockClient(SecretsManagerClient);
    secrets.on(GetSecretValueCommand).resolves({ SecretString: secretString() });
    try {
      const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
      const fromSecret = loadSettings({ SLACK_WEBHOOK_SECRET_ID: secretId });
      await createHandler({ settings: fromSecret, logger, post: { sleep: async () => undefined } })(snsEvent(json({ type: 'finding', finding: critical })), context);
      expect(secrets.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([{ SecretId: secretId }]);
      expect(received.map((post) => post.body)).toEqual([payload]);
    } finally {
      secrets.restore();
    }
  });

  it('refuses to start without a webhook source, naming both settings', () => {
    const logger = new Logger({ serviceName: 'test' });
    expect(() => createHandler({ settings: loadSettings({}), logger })).toThrow(/set SLACK_WEBHOOK_PARAMETER .* or SLACK_WEBHOOK_SECRET_ID/);
  });
});

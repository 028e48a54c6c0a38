// What the Lambda runtime hands a handler, built from real queue messages: SQS events (as the event
// source mapping builds them), SNS events (from the envelope SNS wrote into a subscribed queue), the
// EventBridge schedule event, and a context whose remaining time counts down like Lambda's.
import { randomUUID } from 'node:crypto';
import type { Context, ScheduledEvent, SNSEvent, SNSMessageAttributes, SQSEvent } from 'aws-lambda';
import type { QueueMessage } from '../../test/support/local-aws-resources';

export function lambdaContext(functionName: string, timeoutMs: number, region: string, accountId: string): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `demo/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export function scheduledEvent(region: string, accountId: string, ruleName: string): ScheduledEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: accountId,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${accountId}:rule/${ruleName}`],
    detail: {},
  };
}

export function sqsEvent(messages: readonly QueueMessage[], queueArn: string, region: string): SQSEvent {
  return {
    Records: messages.map((message) => ({
      messageId: message.messageId,
      receiptHandle: message.receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: message.attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: message.attributes.SentTimestamp ?? String(Date.now()),
        SenderId: message.attributes.SenderId ?? 'AIDADEMO',
        ApproximateFirstReceiveTimestamp: message.attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: Object.fromEntries(Object.entries(message.messageAttributes).map(([name, value]) => [name, { dataType: value.dataType, ...(value.stringValue !== undefined ? { stringValue: value.stringValue } : {}) }])),
      md5OfBody: message.md5OfBody,
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: region,
    })),
  };
}

interface SnsEnvelope {
  Type?: string;
  MessageId?: string;
  TopicArn?: string;
  Subject?: string;
  Message?: string;
  Timestamp?: string;
  SignatureVersion?: string;
  Signature?: string;
  SigningCertURL?: string;
  UnsubscribeURL?: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

/** The SNS event Lambda would get for one notification, from the envelope SNS delivered to a queue. */
export function snsEventFromEnvelope(body: string, subscriptionArn: string): SNSEvent | undefined {
  let envelope: SnsEnvelope;
  try {
    envelope = JSON.parse(body) as SnsEnvelope;
  } catch (error) {
    void error; // Not an SNS envelope: the caller counts it as undeliverable.
    return undefined;
  }
  if (envelope.Type !== 'Notification' || typeof envelope.Message !== 'string') return undefined;
  const attributes: SNSMessageAttributes = Object.fromEntries(Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [name, { Type: value.Type, Value: value.Value }]));
  return {
    Records: [{
      EventVersion: '1.0',
      EventSubscriptionArn: subscriptionArn,
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: envelope.SignatureVersion ?? '1',
        Timestamp: envelope.Timestamp ?? new Date().toISOString(),
        Signature: envelope.Signature ?? '',
        SigningCertUrl: envelope.SigningCertURL ?? '',
        MessageId: envelope.MessageId ?? randomUUID(),
        Message: envelope.Message,
        MessageAttributes: attributes,
        Type: 'Notification',
        UnsubscribeUrl: envelope.UnsubscribeURL ?? '',
        TopicArn: envelope.TopicArn ?? '',
        Subject: envelope.Subject ?? '',
      },
    }],
  };
}

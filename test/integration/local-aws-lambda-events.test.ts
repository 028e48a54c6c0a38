// The Lambda events the demo builds from real queue messages: what the handlers receive must have
// the shape the event source mapping and SNS give them (the demo's path is only as real as these).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext, snsEventFromEnvelope, sqsEvent } from '../../lib/demo/lambda-events';

describe('lambdaContext', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts the remaining time down from the timeout, to zero and no further', () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T02:00:00Z') });
    const context = lambdaContext('fn', 1_000, 'eu-west-1', '111111111111');
    expect(context.getRemainingTimeInMillis()).toBe(1_000);
    vi.advanceTimersByTime(120);
    expect(context.getRemainingTimeInMillis()).toBe(880);
    vi.advanceTimersByTime(2_000);
    expect(context.getRemainingTimeInMillis()).toBe(0);
    expect(context.invokedFunctionArn).toBe('arn:aws:lambda:eu-west-1:111111111111:function:fn');
  });
});

describe('sqsEvent', () => {
  it('carries body, receipt handle, receive count and string attributes per record', () => {
    const event = sqsEvent([{ messageId: 'm1', receiptHandle: 'r1', body: '{"a":1}', md5OfBody: 'x', attributes: { ApproximateReceiveCount: '2' }, messageAttributes: { scanId: { dataType: 'String', stringValue: 'scan-1' } } }], 'arn:aws:sqs:us-east-1:000000000000:q', 'us-east-1');
    expect(event.Records).toHaveLength(1);
    expect(event.Records[0]).toMatchObject({ messageId: 'm1', receiptHandle: 'r1', body: '{"a":1}', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q', attributes: { ApproximateReceiveCount: '2' }, messageAttributes: { scanId: { dataType: 'String', stringValue: 'scan-1' } } });
  });
});

describe('snsEventFromEnvelope', () => {
  it('turns the envelope SNS wrote to a queue into one SNS record with its attributes', () => {
    const envelope = { Type: 'Notification', MessageId: 'id-1', TopicArn: 'arn:aws:sns:us-east-1:000000000000:alerts', Message: '{"type":"digest"}', Timestamp: '2026-11-23T00:00:00.000Z', MessageAttributes: { severity: { Type: 'String', Value: 'high' } } };
    const event = snsEventFromEnvelope(JSON.stringify(envelope), 'arn:aws:sns:us-east-1:000000000000:alerts:sub');
    expect(event?.Records).toHaveLength(1);
    expect(event?.Records[0]?.Sns).toMatchObject({ MessageId: 'id-1', Message: '{"type":"digest"}', TopicArn: envelope.TopicArn, MessageAttributes: { severity: { Type: 'String', Value: 'high' } } });
  });

  it.each([['not JSON', 'not json'], ['a subscription confirmation', JSON.stringify({ Type: 'SubscriptionConfirmation', Message: 'x' })], ['no message', JSON.stringify({ Type: 'Notification' })]])('refuses %s', (_case, body) => {
    expect(snsEventFromEnvelope(body, 'arn')).toBeUndefined();
  });
});

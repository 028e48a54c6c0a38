// Creates the table, queues and topic a scan needs in the local AWS, through the real SDK clients,
// and reads messages back from a queue. Used by the demo and by integration tests.
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';

type Service = 'DYNAMODB' | 'SNS' | 'SQS';

/** SDK client options from a local AWS env (never from ambient credentials), with the service's endpoint. */
export function localClientConfig(env: Record<string, string>, service?: Service) {
  const endpoint = service ? env[`AWS_ENDPOINT_URL_${service}`] : undefined;
  if (service && !endpoint) throw new Error(`local AWS env lacks AWS_ENDPOINT_URL_${service}`);
  return {
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '' },
    ...(endpoint ? { endpoint } : {}),
  };
}

export async function createTable(env: Record<string, string>, input: CreateTableCommandInput): Promise<{ tableName: string; drop(): Promise<void> }> {
  const client = new DynamoDBClient(localClientConfig(env, 'DYNAMODB'));
  await client.send(new CreateTableCommand(input));
  return {
    tableName: input.TableName ?? '',
    drop: async () => {
      await client.send(new DeleteTableCommand({ TableName: input.TableName }));
      client.destroy();
    },
  };
}

export async function createQueue(env: Record<string, string>, name: string, attributes: Record<string, string> = {}): Promise<{ queueUrl: string; queueArn: string }> {
  const sqs = new SQSClient(localClientConfig(env, 'SQS'));
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    return { queueUrl: QueueUrl ?? '', queueArn: Attributes?.QueueArn ?? '' };
  } finally {
    sqs.destroy();
  }
}

/** A topic with one SQS subscription, so what is published can be read back. */
export async function createTopicWithQueue(env: Record<string, string>, name: string, options: { rawDelivery?: boolean } = {}): Promise<{ topicArn: string; queueUrl: string; queueArn: string }> {
  const sns = new SNSClient(localClientConfig(env, 'SNS'));
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    const queue = await createQueue(env, `${name}-sub`);
    await sns.send(new SubscribeCommand({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: queue.queueArn,
      ...(options.rawDelivery ? { Attributes: { RawMessageDelivery: 'true' } } : {}),
    }));
    return { topicArn: TopicArn ?? '', ...queue };
  } finally {
    sns.destroy();
  }
}

/** Receives (and deletes) every message currently in the queue; stops after an empty receive. */
export async function drainQueue(env: Record<string, string>, queueUrl: string, options: { deleteAfterReceive?: boolean; maxMessages?: number } = {}): Promise<Message[]> {
  const sqs = new SQSClient(localClientConfig(env, 'SQS'));
  const received: Message[] = [];
  const limit = options.maxMessages ?? 10_000;
  try {
    while (received.length < limit) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], AttributeNames: ['All'] }));
      if (Messages.length === 0) break;
      received.push(...Messages);
      if (options.deleteAfterReceive !== false) {
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' })) }));
      }
    }
    return received;
  } finally {
    sqs.destroy();
  }
}

/** One received SQS message, as the demo hands it to a Lambda handler. */
export interface QueueMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, { stringValue?: string; dataType: string }>;
}

/** A queue read the way the Lambda event source mapping reads it: receive, then delete or release. */
export interface PolledQueue {
  queueUrl: string;
  receive(maxMessages: number, visibilityTimeoutSeconds?: number): Promise<QueueMessage[]>;
  remove(receiptHandles: readonly string[]): Promise<void>;
  /** Makes a failed message visible again at once (what a batch item failure leads to, minus the wait). */
  release(receiptHandle: string): Promise<void>;
  /** Messages not yet deleted: visible, in flight or delayed. */
  pending(): Promise<number>;
  close(): void;
}

export function pollQueue(env: Record<string, string>, queueUrl: string): PolledQueue {
  const sqs = new SQSClient(localClientConfig(env, 'SQS'));
  return {
    queueUrl,
    receive: async (maxMessages, visibilityTimeoutSeconds = 120) => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: maxMessages, VisibilityTimeout: visibilityTimeoutSeconds, WaitTimeSeconds: 0, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }));
      return Messages.map((message) => ({
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        md5OfBody: message.MD5OfBody ?? '',
        attributes: { ...message.Attributes },
        messageAttributes: Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, { dataType: value.DataType ?? 'String', ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}) }])),
      }));
    },
    remove: async (receiptHandles) => {
      for (let start = 0; start < receiptHandles.length; start += 10) {
        const batch = receiptHandles.slice(start, start + 10);
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((ReceiptHandle, index) => ({ Id: String(index), ReceiptHandle })) }));
      }
    },
    release: async (receiptHandle) => {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: 0 }));
    },
    pending: async () => {
      const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
      return Object.values(Attributes).reduce((sum, value) => sum + Number(value ?? 0), 0);
    },
    close: () => sqs.destroy(),
  };
}

// S3 Control puts the account id in front of the endpoint's host (`<account>.<host>`), which cannot
// work when the endpoint is an IP literal (http://127.0.0.1:PORT: not even a valid URL). S3 Control
// also receives the account in the x-amz-account-id header, so for IP-literal endpoints we resolve the
// endpoint without the prefix. The lib/aws S3 Control adapter needs the same two lines (see docs/local-aws.md).
import { S3ControlClient, type S3ControlClientConfig } from '@aws-sdk/client-s3-control';

const IP_LITERAL_HOST = /^(\d{1,3}\.){3}\d{1,3}(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i;

export function createS3ControlClient(config: S3ControlClientConfig): S3ControlClient {
  const client = new S3ControlClient(config);
  const resolve = client.config.endpointProvider;
  client.config.endpointProvider = (params, context) => {
    const host = params.Endpoint ? new URL(params.Endpoint).host : '';
    return resolve(IP_LITERAL_HOST.test(host) ? { ...params, RequiresAccountId: false } : params, context);
  };
  return client;
}

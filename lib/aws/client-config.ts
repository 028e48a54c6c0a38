// What every SDK client shares (region, adaptive retry, per-call timeouts, credentials), apart from the clients
// themselves: adapters that need one client (the report table, SNS, SQS) import this, not lib/aws/clients, so a
// bundle that leaves the SDK to the runtime loads only the clients it uses. Endpoints come from the standard
// AWS_ENDPOINT_URL_<SERVICE> variables, which the SDK reads itself (the local AWS relies on it).
import type { Settings } from '../config';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
/** The SDK's credential provider shape, without importing its transitive type packages. */
export type CredentialProvider = () => Promise<Credentials>;

export type ClientSettings = Pick<Settings, 'AWS_REGION' | 'MAX_ATTEMPTS' | 'CALL_TIMEOUT_MS' | 'S3_FORCE_PATH_STYLE'>;

/** Options every client shares; `credentials` absent = the SDK's default chain (Lambda role, profile...). */
export function baseConfig(settings: ClientSettings, region: string, credentials?: CredentialProvider) {
  return {
    region,
    maxAttempts: settings.MAX_ATTEMPTS,
    // Adaptive retry adds client-side rate limiting on top of backoff: SlowDown and throttling back off account-wide.
    retryMode: 'adaptive',
    // Without throwOnRequestTimeout the handler only warns when requestTimeout passes and keeps waiting.
    requestHandler: { requestTimeout: settings.CALL_TIMEOUT_MS, connectionTimeout: Math.min(settings.CALL_TIMEOUT_MS, 5_000), throwOnRequestTimeout: true },
    ...(credentials ? { credentials } : {}),
  } as const;
}

// The Security Hub finding sink (BatchImportFindings, custom "default" product): at most 100 findings and
// 6 MB per call, 240 KB per finding. Throttling is retried (the SDK per call, then the batch leftovers);
// what still fails is counted and returned, never thrown, so a recording never fails because of it.
import { BatchImportFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Settings } from '../config';
import { toAsffFinding } from '../report/asff';
import type { FindingRecord } from '../report/model';
import type { FindingSink } from '../report/ports';
import { packByLimits, retryLeftovers, type LeftoverRetryOptions } from './batch-leftovers';
import { baseConfig, createStsClient } from './clients';
import { callerIdentity } from './credentials';
import { translateError } from './error-translation';

export const SECURITY_HUB_BATCH_FINDINGS = 100;
export const SECURITY_HUB_MAX_FINDING_BYTES = 240 * 1024;
/** 6 MB per request, less room for the request envelope (`{"Findings":[...]}`, commas). */
export const SECURITY_HUB_MAX_BATCH_BYTES = 6 * 1024 * 1024 - 4 * 1024;
/** Per-finding or whole-call answers worth sending again after backoff; anything else will fail again. */
const TRANSIENT = /Throttl|TooManyRequests|LimitExceeded|Internal|ServiceUnavailable|Timeout|NetworkError|^Http5\d\d$/i;

type SinkSettings = Pick<Settings, 'AWS_REGION' | 'MAX_ATTEMPTS' | 'CALL_TIMEOUT_MS' | 'S3_FORCE_PATH_STYLE'>;

export interface SecurityHubSinkOptions {
  retry?: LeftoverRetryOptions;
  /** Told why findings failed (bounded codes), for the caller's logs. */
  onFailure?: (failure: { code: string; count: number }) => void;
}

export function createSecurityHubSink(settings: SinkSettings, options: SecurityHubSinkOptions = {}): FindingSink {
  return securityHubSinkOver({ securityHub: new SecurityHubClient(baseConfig(settings, settings.AWS_REGION)), sts: createStsClient(settings), region: settings.AWS_REGION }, options);
}

interface Prepared {
  finding: AwsSecurityFinding;
  bytes: number;
}

export function securityHubSinkOver(deps: { securityHub: SecurityHubClient; sts: STSClient; region: string }, options: SecurityHubSinkOptions = {}): FindingSink {
  let importer: Promise<string> | undefined;
  // Who imports, asked once; a failure is not cached so the next account's recording asks again.
  const importingAccount = () => (importer ??= callerIdentity(deps.sts).then((identity) => identity.accountId, (error: unknown) => {
    importer = undefined;
    throw error;
  }));
  const report = (code: string, count: number) => {
    if (count > 0) options.onFailure?.({ code, count });
    return count;
  };

  return {
    async import(findings: readonly FindingRecord[]) {
      if (findings.length === 0) return { imported: 0, failed: 0 };
      let accountId: string;
      try {
        accountId = await importingAccount();
      } catch (error) {
        return { imported: 0, failed: report(`GetCallerIdentity:${translateError(error).code}`, findings.length) };
      }
      const prepared: Prepared[] = [];
      let failed = 0;
      for (const finding of uniqueById(findings)) {
        const item = prepare(finding, deps.region, accountId);
        if (item.bytes > SECURITY_HUB_MAX_FINDING_BYTES) failed += report('FindingTooLarge', 1);
        else prepared.push(item);
      }
      let imported = 0;
      for (const batch of packByLimits(prepared, { maxItems: SECURITY_HUB_BATCH_FINDINGS, maxBytes: SECURITY_HUB_MAX_BATCH_BYTES })) {
        let lastCode = 'Unknown';
        const left = await retryLeftovers(batch, async (pending) => {
          try {
            const answer = await deps.securityHub.send(new BatchImportFindingsCommand({ Findings: pending.map((item) => item.finding) }));
            imported += answer.SuccessCount ?? pending.length - (answer.FailedFindings?.length ?? 0);
            const byId = new Map(pending.map((item) => [item.finding.Id, item]));
            const retryable: Prepared[] = [];
            for (const failure of answer.FailedFindings ?? []) {
              const item = byId.get(failure.Id);
              if (!item) continue;
              lastCode = failure.ErrorCode ?? 'Unknown';
              if (TRANSIENT.test(lastCode)) retryable.push(item);
              else failed += report(lastCode, 1);
            }
            return retryable;
          } catch (error) {
            // The SDK already retried the call (adaptive, MAX_ATTEMPTS); throttling past that is resent after backoff.
            lastCode = translateError(error).code;
            if (TRANSIENT.test(lastCode)) return pending;
            failed += report(lastCode, pending.length);
            return [];
          }
        }, { maxRounds: 4, ...options.retry });
        failed += report(lastCode, left.length);
      }
      return { imported, failed };
    },
  };
}

/**
 * With the default product ARN, Security Hub accepts a finding only from the account named by its
 * AwsAccountId (BatchImportFindings API reference). The auditor imports findings about member-account
 * buckets, so they are attributed to the importing account; the bucket owner stays in the resource details.
 */
function prepare(record: FindingRecord, region: string, importingAccount: string): Prepared {
  const finding: AwsSecurityFinding = { ...toAsffFinding(record, { region, awsAccountId: importingAccount }), AwsAccountId: importingAccount };
  return { finding, bytes: Buffer.byteLength(JSON.stringify(finding)) };
}

/** One finding per id: the same id twice in a batch would only overwrite itself. The last one wins. */
function uniqueById(findings: readonly FindingRecord[]): FindingRecord[] {
  return [...new Map(findings.map((finding) => [finding.findingId, finding])).values()];
}

// The BucketInventory port over S3 and S3 Control, for one account session. Each answer is translated
// into domain words here; a request signed for the wrong region is retried once in the region S3 hints.
import {
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketLocationCommand,
  GetBucketPolicyStatusCommand,
  GetBucketTaggingCommand,
  GetBucketWebsiteCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  type CORSRule,
  type Grant,
  type PublicAccessBlockConfiguration,
  type S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, type S3ControlClient } from '@aws-sdk/client-s3-control';
import pLimit from 'p-limit';
import type { S3CorsRule } from '../cors/types';
import { SUPPRESSION_TAG_KEY } from '../engine';
import type { AclPermission, BucketExposure, PublicAccessBlockFlags } from '../engine/types';
import type { AccountBlockLookup, BucketInventory, BucketListing, CorsLookup, ListedBucket, SuppressionTagLookup } from '../scan/ports';
import { isRegionName, isWrongRegion, translateError } from './error-translation';

const PAGE_SIZE = 1000;
/** 1,000 pages of 1,000 is S3's largest quota (1 million buckets, on request); more means a looping token. */
const MAX_PAGES = 1000;
/** GetBucketLocation calls at once for buckets the listing gave no region (old buckets, S3-compatible stores). */
const LOCATE_CONCURRENCY = 8;
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
const PERMISSIONS: readonly AclPermission[] = ['READ', 'WRITE', 'READ_ACP', 'WRITE_ACP', 'FULL_CONTROL'];

export interface S3InventoryClients {
  accountId: string;
  /** The account's S3 client for a region, created once and reused (one per account and region). */
  s3For: (region: string) => S3Client;
  control: S3ControlClient;
  /** Region for ListBuckets and for buckets whose region is not known yet. */
  homeRegion: string;
}

export class S3BucketInventory implements BucketInventory {
  /** Regions learnt from redirects and GetBucketLocation, so later calls go straight there. */
  private readonly regions = new Map<string, string>();

  constructor(private readonly clients: S3InventoryClients) {}

  async listBuckets(): Promise<BucketListing> {
    const buckets: ListedBucket[] = [];
    let token: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const answer = await this.clients.s3For(this.clients.homeRegion).send(new ListBucketsCommand({ MaxBuckets: PAGE_SIZE, ...(token ? { ContinuationToken: token } : {}) }));
        for (const bucket of answer.Buckets ?? []) {
          if (!bucket.Name) continue;
          buckets.push({ name: bucket.Name, ...(bucket.BucketRegion ? { region: bucket.BucketRegion } : {}) });
        }
        if (!answer.ContinuationToken || answer.ContinuationToken === token) break;
        token = answer.ContinuationToken;
      }
    } catch (error) {
      return { kind: 'unreadable', error: translateError(error) };
    }
    return { kind: 'listed', buckets: await this.withRegions(buckets) };
  }

  async getCors(bucket: string, region: string | undefined, signal?: AbortSignal): Promise<CorsLookup> {
    const lookup = await this.readCors(bucket, region, signal);
    const learnt = this.regions.get(bucket);
    return learnt !== undefined && learnt !== region ? { ...lookup, region: learnt } : lookup;
  }

  private async readCors(bucket: string, region: string | undefined, signal: AbortSignal | undefined): Promise<CorsLookup> {
    try {
      const answer = await this.send(bucket, region, signal, (s3, options) => s3.send(new GetBucketCorsCommand({ Bucket: bucket }), options));
      return { kind: 'configured', rules: (answer.CORSRules ?? []).map(toS3CorsRule) };
    } catch (error) {
      const translated = translateError(error);
      if (translated.code === 'NoSuchCORSConfiguration') return { kind: 'none' };
      if (translated.code === 'NoSuchBucket') return { kind: 'gone' };
      return { kind: 'unreadable', error: withoutTransport(translated) };
    }
  }

  async getExposure(bucket: string, region: string | undefined, signal?: AbortSignal): Promise<BucketExposure> {
    const [publicAccessBlock, policyIsPublic, aclGrants, websiteHosting] = await Promise.all([
      this.known(bucket, region, signal, (s3, options) => s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }), options).then((answer) => flagsOf(answer.PublicAccessBlockConfiguration)), { NoSuchPublicAccessBlockConfiguration: null }),
      this.known(bucket, region, signal, (s3, options) => s3.send(new GetBucketPolicyStatusCommand({ Bucket: bucket }), options).then((answer) => answer.PolicyStatus?.IsPublic === true), { NoSuchBucketPolicy: false }),
      this.known(bucket, region, signal, (s3, options) => s3.send(new GetBucketAclCommand({ Bucket: bucket }), options).then((answer) => publicGrantsOf(answer.Grants ?? [])), {} as Record<string, never>),
      this.known(bucket, region, signal, (s3, options) => s3.send(new GetBucketWebsiteCommand({ Bucket: bucket }), options).then(() => true), { NoSuchWebsiteConfiguration: false }),
    ]);
    const exposure: BucketExposure = {};
    if (publicAccessBlock !== undefined) exposure.bucketPublicAccessBlock = publicAccessBlock;
    if (policyIsPublic !== undefined) exposure.policyIsPublic = policyIsPublic;
    if (aclGrants !== undefined) exposure.aclGrants = aclGrants;
    if (websiteHosting !== undefined) exposure.websiteHosting = websiteHosting;
    return exposure;
  }

  async getSuppressionTag(bucket: string, region: string | undefined, signal?: AbortSignal): Promise<SuppressionTagLookup> {
    try {
      const answer = await this.send(bucket, region, signal, (s3, options) => s3.send(new GetBucketTaggingCommand({ Bucket: bucket }), options));
      const tag = (answer.TagSet ?? []).find((candidate) => candidate.Key === SUPPRESSION_TAG_KEY);
      return tag?.Value !== undefined ? { kind: 'tagged', value: tag.Value } : { kind: 'untagged' };
    } catch (error) {
      const translated = translateError(error);
      return translated.code === 'NoSuchTagSet' ? { kind: 'untagged' } : { kind: 'unreadable', error: withoutTransport(translated) };
    }
  }

  async getAccountPublicAccessBlock(signal?: AbortSignal): Promise<AccountBlockLookup> {
    try {
      const answer = await this.clients.control.send(new GetAccountPublicAccessBlockCommand({ AccountId: this.clients.accountId }), callOptions(signal));
      return { kind: 'read', flags: flagsOf(answer.PublicAccessBlockConfiguration) ?? null };
    } catch (error) {
      const translated = translateError(error);
      return translated.code === 'NoSuchPublicAccessBlockConfiguration' ? { kind: 'read', flags: null } : { kind: 'unreadable', error: withoutTransport(translated) };
    }
  }

  /**
   * Sends in the bucket's region; when S3 answers that the bucket lives elsewhere (301 PermanentRedirect,
   * 400 AuthorizationHeaderMalformed, with x-amz-bucket-region), retries once in that region.
   * `signal` aborts every call on the way (and the SDK's retries and backoff): the scan's deadline.
   */
  private async send<T>(bucket: string, region: string | undefined, signal: AbortSignal | undefined, call: (s3: S3Client, options: CallOptions) => Promise<T>): Promise<T> {
    const first = this.regions.get(bucket) ?? region ?? this.clients.homeRegion;
    const options = callOptions(signal);
    try {
      return await call(this.clients.s3For(first), options);
    } catch (error) {
      const translated = translateError(error);
      if (!isWrongRegion(translated)) throw error;
      const hinted = translated.regionHint ?? (await this.locate(bucket, signal));
      if (hinted === undefined || hinted === first) throw error;
      this.regions.set(bucket, hinted);
      return call(this.clients.s3For(hinted), options);
    }
  }

  /** An exposure member: its value, the value for a known absence, or undefined (unknown) on any other failure. */
  private async known<T, A = never>(bucket: string, region: string | undefined, signal: AbortSignal | undefined, call: (s3: S3Client, options: CallOptions) => Promise<T>, absent: Record<string, A>): Promise<T | A | undefined> {
    try {
      return await this.send(bucket, region, signal, call);
    } catch (error) {
      const { code } = translateError(error);
      return Object.hasOwn(absent, code) ? absent[code] : undefined;
    }
  }

  /** GetBucketLocation answers from any region: empty = us-east-1, `EU` = eu-west-1 (legacy constraint). */
  private async locate(bucket: string, signal?: AbortSignal): Promise<string | undefined> {
    try {
      const answer = await this.clients.s3For(this.clients.homeRegion).send(new GetBucketLocationCommand({ Bucket: bucket }), callOptions(signal));
      const constraint = String(answer.LocationConstraint ?? '');
      const region = constraint === '' ? 'us-east-1' : constraint === 'EU' ? 'eu-west-1' : constraint;
      if (!isRegionName(region)) return undefined;
      this.regions.set(bucket, region);
      return region;
    } catch (error) {
      void translateError(error); // Unknown region: the caller tries the home region and S3's redirect hint.
      return undefined;
    }
  }

  /** Fills regions ListBuckets left out with GetBucketLocation (a few at a time); a failure leaves the region unknown. */
  private async withRegions(buckets: ListedBucket[]): Promise<ListedBucket[]> {
    const limit = pLimit(LOCATE_CONCURRENCY);
    return Promise.all(buckets.map((bucket) => (bucket.region !== undefined ? bucket : limit(async () => {
      const region = await this.locate(bucket.name);
      return region !== undefined ? { name: bucket.name, region } : bucket;
    }))));
  }
}

type CallOptions = { abortSignal: AbortSignal } | undefined;

/**
 * Per-call options only when there is a signal: a call with options skips the client's cached middleware
 * stack (lib/aws/clients.ts), so scans without a deadline (the CLI) keep that saving.
 */
function callOptions(signal: AbortSignal | undefined): CallOptions {
  return signal ? { abortSignal: signal } : undefined;
}

/** Keeps what a result needs (code, message, attempts); drops the transport details. */
function withoutTransport(error: ReturnType<typeof translateError>) {
  return { code: error.code, message: error.message, ...(error.attempts !== undefined ? { attempts: error.attempts } : {}) };
}

function toS3CorsRule(rule: CORSRule): S3CorsRule {
  const s3: S3CorsRule = {};
  if (rule.ID !== undefined) s3.ID = rule.ID;
  if (rule.AllowedOrigins !== undefined) s3.AllowedOrigins = [...rule.AllowedOrigins];
  if (rule.AllowedMethods !== undefined) s3.AllowedMethods = [...rule.AllowedMethods];
  if (rule.AllowedHeaders !== undefined) s3.AllowedHeaders = [...rule.AllowedHeaders];
  if (rule.ExposeHeaders !== undefined) s3.ExposeHeaders = [...rule.ExposeHeaders];
  if (rule.MaxAgeSeconds !== undefined) s3.MaxAgeSeconds = rule.MaxAgeSeconds;
  return s3;
}

function flagsOf(config: PublicAccessBlockConfiguration | undefined): PublicAccessBlockFlags | undefined {
  if (!config) return undefined;
  return {
    blockPublicAcls: config.BlockPublicAcls === true,
    ignorePublicAcls: config.IgnorePublicAcls === true,
    blockPublicPolicy: config.BlockPublicPolicy === true,
    restrictPublicBuckets: config.RestrictPublicBuckets === true,
  };
}

function publicGrantsOf(grants: readonly Grant[]): NonNullable<BucketExposure['aclGrants']> {
  const to = (uri: string) => PERMISSIONS.filter((permission) => grants.some((grant) => grant.Grantee?.URI === uri && grant.Permission === permission));
  return { allUsers: to(ALL_USERS), authenticatedUsers: to(AUTHENTICATED_USERS) };
}

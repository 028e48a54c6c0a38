// What the S3 layer knows beyond s3rver: each bucket's owner account and region, and the exposure
// settings s3rver does not implement (policy, public access block, ACL grants, tags), plus the
// account-level public access block served by S3 Control.
import type { AclPermission, PublicAccessBlockFlags } from '../../../lib/engine/types';

export interface S3Tag {
  Key: string;
  Value: string;
}

export interface BucketRecord {
  name: string;
  accountId: string;
  region: string;
  createdAt: Date;
  policy?: string;
  publicAccessBlock?: PublicAccessBlockFlags;
  acl: { allUsers: AclPermission[]; authenticatedUsers: AclPermission[] };
  tags?: S3Tag[];
  /** PutBucketCors body exactly as received (s3rver's re-serialisation is lossy, see docs/local-aws.md). */
  corsXml?: string;
}

export class S3State {
  readonly buckets = new Map<string, BucketRecord>();
  readonly accountPublicAccessBlocks = new Map<string, PublicAccessBlockFlags>();

  /** Buckets of one account in ListBuckets order (by name, as S3 answers). */
  bucketsOf(accountId: string): BucketRecord[] {
    return [...this.buckets.values()].filter((bucket) => bucket.accountId === accountId).sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** Whether a bucket policy grants anything to everybody without a condition (what PolicyStatus.IsPublic reports). */
export function isPolicyPublic(policyText: string): boolean {
  let policy: { Statement?: unknown };
  try {
    policy = JSON.parse(policyText) as { Statement?: unknown };
  } catch (error) {
    void error; // An unparseable policy was refused at Put; nothing stored is unparseable.
    return false;
  }
  const statements = ([] as unknown[]).concat(policy.Statement ?? []) as Array<Record<string, unknown>>;
  return statements.some((statement) => {
    if (statement.Effect !== 'Allow' || statement.Condition !== undefined) return false;
    const principal = statement.Principal;
    if (principal === '*') return true;
    const aws = (principal as { AWS?: unknown } | undefined)?.AWS;
    return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
  });
}

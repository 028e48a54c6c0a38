// Reads what BucketExposure says about public read and write, telling "known private" from "not known".
import type { BucketExposure, PublicAccessBlockFlags } from './types';

export type Knowledge = 'yes' | 'no' | 'unknown';

/** Effective Block Public Access flag: on at bucket or account level (S3 applies the stricter). */
function flag(exposure: BucketExposure, name: keyof PublicAccessBlockFlags): Knowledge {
  const bucket = exposure.bucketPublicAccessBlock;
  const account = exposure.accountPublicAccessBlock;
  if (bucket?.[name] === true || account?.[name] === true) return 'yes';
  return bucket !== undefined && account !== undefined ? 'no' : 'unknown';
}

function fullyOn(level: PublicAccessBlockFlags | null | undefined): boolean {
  return level !== null && level !== undefined && Boolean(level.blockPublicAcls && level.ignorePublicAcls && level.blockPublicPolicy && level.restrictPublicBuckets);
}

export function blockPublicAccessFullyOn(exposure: BucketExposure): boolean {
  return fullyOn(exposure.bucketPublicAccessBlock) || fullyOn(exposure.accountPublicAccessBlock);
}

/** Is the bucket readable by anyone without CORS mattering (public policy or ACL read not blocked, website hosting)? */
export function publicRead(exposure: BucketExposure): { known: Knowledge; why: string } {
  if (blockPublicAccessFullyOn(exposure)) return { known: 'no', why: 'Block Public Access is fully on' };
  const grants = exposure.aclGrants?.allUsers ?? [];
  if (exposure.policyIsPublic === true && flag(exposure, 'restrictPublicBuckets') !== 'yes') return { known: 'yes', why: 'the bucket policy is public' };
  if ((grants.includes('READ') || grants.includes('FULL_CONTROL')) && flag(exposure, 'ignorePublicAcls') !== 'yes') {
    return { known: 'yes', why: 'the bucket ACL grants READ to AllUsers' };
  }
  if (exposure.websiteHosting === true && exposure.policyIsPublic !== false) return { known: 'yes', why: 'the bucket hosts a public website' };
  const allKnown = exposure.policyIsPublic !== undefined && exposure.aclGrants !== undefined;
  return { known: allKnown ? 'no' : 'unknown', why: '' };
}

/** Can anyone (AllUsers) or any AWS account (AuthenticatedUsers) write objects through the ACL? */
export function publicWrite(exposure: BucketExposure): { known: Knowledge; why: string } {
  if (!exposure.aclGrants) return { known: 'unknown', why: '' };
  if (flag(exposure, 'ignorePublicAcls') === 'yes') return { known: 'no', why: '' };
  const writes = (grants: readonly string[]) => grants.includes('WRITE') || grants.includes('FULL_CONTROL');
  if (writes(exposure.aclGrants.allUsers)) return { known: 'yes', why: 'the bucket ACL grants WRITE to AllUsers' };
  if (writes(exposure.aclGrants.authenticatedUsers)) return { known: 'yes', why: 'the bucket ACL grants WRITE to every AWS account (AuthenticatedUsers)' };
  return { known: 'no', why: '' };
}

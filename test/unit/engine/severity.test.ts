import { describe, expect, it } from 'vitest';
import { contextualSeverity, SeverityContext } from '../../../lib/engine/severity';
import { SEVERITIES } from '../../../lib/engine/types';
import type { BucketExposure, PublicAccessBlockFlags } from '../../../lib/engine/types';

const allOn: PublicAccessBlockFlags = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const allOff: PublicAccessBlockFlags = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };

describe('contextualSeverity', () => {
  it.each<[string, BucketExposure | undefined, 'read' | 'write' | 'none', string, string, RegExp | null]>([
    ['unknown exposure keeps the base', undefined, 'read', 'medium', 'medium', null],
    ['empty exposure (nothing known) keeps the base', {}, 'read', 'medium', 'medium', null],
    ['public policy makes reads info', { policyIsPublic: true, bucketPublicAccessBlock: allOff, accountPublicAccessBlock: null }, 'read', 'high', 'info', /policy is public/],
    ['public ACL read makes reads info', { aclGrants: { allUsers: ['READ'], authenticatedUsers: [] }, bucketPublicAccessBlock: null, accountPublicAccessBlock: null }, 'read', 'medium', 'info', /AllUsers/],
    ['website hosting makes reads info', { websiteHosting: true }, 'read', 'medium', 'info', /website/],
    ['ignored public ACL does not count', { aclGrants: { allUsers: ['READ'], authenticatedUsers: [] }, bucketPublicAccessBlock: { ...allOff, ignorePublicAcls: true } }, 'read', 'medium', 'medium', null],
    ['BPA fully on at account level lowers reads one step', { accountPublicAccessBlock: allOn, policyIsPublic: true }, 'read', 'high', 'medium', /Block Public Access/],
    ['public write ACL makes writes critical', { aclGrants: { allUsers: ['WRITE'], authenticatedUsers: [] }, bucketPublicAccessBlock: null, accountPublicAccessBlock: null }, 'write', 'high', 'critical', /WRITE to AllUsers/],
    ['AuthenticatedUsers FULL_CONTROL makes writes critical', { aclGrants: { allUsers: [], authenticatedUsers: ['FULL_CONTROL'] } }, 'write', 'medium', 'critical', /every AWS account/],
    ['private bucket leaves writes alone', { aclGrants: { allUsers: [], authenticatedUsers: [] }, bucketPublicAccessBlock: allOn }, 'write', 'high', 'high', null],
    ['rules without exposure kind are not adjusted', { policyIsPublic: true }, 'none', 'low', 'low', null],
    ['website + public policy with RestrictPublicBuckets on (bucket) is not public', { websiteHosting: true, policyIsPublic: true, aclGrants: { allUsers: [], authenticatedUsers: [] }, bucketPublicAccessBlock: { ...allOff, restrictPublicBuckets: true }, accountPublicAccessBlock: null }, 'read', 'high', 'high', null],
    ['website + public policy with RestrictPublicBuckets on (account) is not public', { websiteHosting: true, policyIsPublic: true, accountPublicAccessBlock: { ...allOff, restrictPublicBuckets: true } }, 'read', 'medium', 'medium', null],
    ['website + unknown policy with RestrictPublicBuckets on is not public', { websiteHosting: true, accountPublicAccessBlock: { ...allOff, restrictPublicBuckets: true } }, 'read', 'medium', 'medium', null],
    ['website with RestrictPublicBuckets on still public through an ACL read grant', { websiteHosting: true, aclGrants: { allUsers: ['READ'], authenticatedUsers: [] }, bucketPublicAccessBlock: { ...allOff, restrictPublicBuckets: true } }, 'read', 'high', 'info', /AllUsers/],
    ['website with RestrictPublicBuckets off stays public', { websiteHosting: true, policyIsPublic: true, bucketPublicAccessBlock: allOff, accountPublicAccessBlock: allOff }, 'read', 'high', 'info', /policy is public/],
    ['website with the flags unknown stays public (unknown is never private)', { websiteHosting: true }, 'read', 'high', 'info', /website/],
  ])('%s', (_name, exposure, kind, base, expected, reason) => {
    const result = contextualSeverity(base as 'low', kind, exposure);
    expect(result.severity).toBe(expected);
    if (reason) expect(result.reason).toMatch(reason);
    else expect(result.reason).toBeUndefined();
  });

  it('raises a write finding with a reason true whatever its origins (no "any page" claim)', () => {
    const { reason } = contextualSeverity('medium', 'write', { aclGrants: { allUsers: ['WRITE'], authenticatedUsers: [] } });
    expect(reason).toBe('Raised to critical: the bucket ACL grants WRITE to AllUsers, so others can already write to the bucket directly, and the CORS configuration reported here also lets cross-origin pages write to it.');
  });

  it('answers the same through one SeverityContext per bucket, for every base severity and kind, asked twice', () => {
    for (const exposure of [undefined, {}, { policyIsPublic: true }, { websiteHosting: true }, { websiteHosting: true, policyIsPublic: true, accountPublicAccessBlock: { ...allOff, restrictPublicBuckets: true } }, { accountPublicAccessBlock: allOn }, { aclGrants: { allUsers: ['WRITE' as const], authenticatedUsers: [] } }]) {
      const context = new SeverityContext(exposure);
      for (const kind of ['read', 'write', 'none'] as const) {
        for (const base of SEVERITIES) {
          expect(context.of(base, kind)).toEqual(contextualSeverity(base, kind, exposure));
          expect(context.of(base, kind)).toEqual(contextualSeverity(base, kind, exposure));
        }
      }
    }
  });
});

// S3's XML answers and error documents, built by hand so the element names match the real API.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { PublicAccessBlockFlags } from '../../../lib/engine/types';
import type { BucketRecord } from './s3-state';
import { escapeXml } from './xml';

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function sendXml(response: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'content-type': 'application/xml',
    'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
    'x-amz-id-2': randomBytes(24).toString('base64'),
    ...headers,
  });
  response.end(xml === '' ? undefined : `${DECLARATION}${xml}`);
}

export function sendS3Error(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
  method = 'GET',
): void {
  // HEAD answers carry no body: the SDK reads the code from the status alone.
  if (method === 'HEAD') return sendXml(response, status, '', headers);
  const fields = Object.entries(extra).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  sendXml(response, status, `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}<RequestId>${randomBytes(8).toString('hex').toUpperCase()}</RequestId><HostId>${randomBytes(24).toString('base64')}</HostId></Error>`, headers);
}

export function ownerXml(accountId: string): string {
  return `<Owner><ID>${canonicalUserId(accountId)}</ID><DisplayName>account-${accountId}</DisplayName></Owner>`;
}

export function canonicalUserId(accountId: string): string {
  return Buffer.from(`owner-${accountId}`).toString('hex').padEnd(64, '0').slice(0, 64);
}

export function publicAccessBlockXml(flags: PublicAccessBlockFlags): string {
  return `<PublicAccessBlockConfiguration xmlns="${S3_NS}"><BlockPublicAcls>${flags.blockPublicAcls}</BlockPublicAcls><IgnorePublicAcls>${flags.ignorePublicAcls}</IgnorePublicAcls><BlockPublicPolicy>${flags.blockPublicPolicy}</BlockPublicPolicy><RestrictPublicBuckets>${flags.restrictPublicBuckets}</RestrictPublicBuckets></PublicAccessBlockConfiguration>`;
}

const GROUP_URI = {
  allUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  authenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
} as const;
export const ACL_GROUP_URIS = GROUP_URI;

export function aclXml(bucket: BucketRecord): string {
  const xsi = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
  const owner = `<Grant><Grantee ${xsi} xsi:type="CanonicalUser"><ID>${canonicalUserId(bucket.accountId)}</ID><DisplayName>account-${bucket.accountId}</DisplayName></Grantee><Permission>FULL_CONTROL</Permission></Grant>`;
  const groups = (['allUsers', 'authenticatedUsers'] as const).flatMap((group) =>
    bucket.acl[group].map((permission) => `<Grant><Grantee ${xsi} xsi:type="Group"><URI>${GROUP_URI[group]}</URI></Grantee><Permission>${permission}</Permission></Grant>`));
  return `<AccessControlPolicy xmlns="${S3_NS}">${ownerXml(bucket.accountId)}<AccessControlList>${owner}${groups.join('')}</AccessControlList></AccessControlPolicy>`;
}

export function taggingXml(tags: { Key: string; Value: string }[]): string {
  return `<Tagging xmlns="${S3_NS}"><TagSet>${tags.map((tag) => `<Tag><Key>${escapeXml(tag.Key)}</Key><Value>${escapeXml(tag.Value)}</Value></Tag>`).join('')}</TagSet></Tagging>`;
}

export function listBucketsXml(accountId: string, page: BucketRecord[], continuationToken: string | undefined, prefix: string | undefined): string {
  const buckets = page
    .map((bucket) => `<Bucket><Name>${escapeXml(bucket.name)}</Name><CreationDate>${bucket.createdAt.toISOString()}</CreationDate><BucketRegion>${bucket.region}</BucketRegion></Bucket>`)
    .join('');
  const token = continuationToken ? `<ContinuationToken>${escapeXml(continuationToken)}</ContinuationToken>` : '';
  const prefixXml = prefix !== undefined ? `<Prefix>${escapeXml(prefix)}</Prefix>` : '';
  return `<ListAllMyBucketsResult xmlns="${S3_NS}">${ownerXml(accountId)}<Buckets>${buckets}</Buckets>${token}${prefixXml}</ListAllMyBucketsResult>`;
}

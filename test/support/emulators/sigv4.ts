// Reads who signed a request and for which region/service from a SigV4 Authorization header
// (`AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/s3/aws4_request, ...`) or a presigned URL.
// Signatures are not verified: the emulators trust the key id and check it is known and unexpired.

export interface SigV4Scope {
  accessKeyId: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function readSigV4Scope(authorization: string | undefined, query?: URLSearchParams): SigV4Scope | undefined {
  const source = authorization ?? (query?.get('X-Amz-Credential') ? `Credential=${query.get('X-Amz-Credential')}` : undefined);
  const match = source === undefined ? null : CREDENTIAL.exec(source);
  if (!match) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = match;
  return { accessKeyId, region, service };
}

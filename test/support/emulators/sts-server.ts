// Minimal STS (AWS query protocol: form-encoded POST, XML answers): AssumeRole and GetCallerIdentity.
// AssumeRole enforces what a member account's trust policy would: the account is in the organisation,
// the role exists, the ExternalId matches, and a denied account refuses everybody.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { CredentialRegistry, IssuedCredentials } from './credentials';
import { serveOnRandomPort, type RunningServer } from './http-server';
import type { OrganizationState } from './organization-state';
import { readSigV4Scope } from './sigv4';
import { escapeXml } from './xml';

export interface StsOptions {
  /** Lifetime of AssumeRole credentials; short values exercise refresh. Default 3600 s. */
  sessionLifetimeSeconds?: number;
}

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

function sendError(response: ServerResponse, status: number, code: string, message: string, type = 'Sender'): void {
  const requestId = randomUUID();
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(`<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${code}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`);
}

function sendResult(response: ServerResponse, action: string, inner: string): void {
  const requestId = randomUUID();
  response.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId });
  response.end(`<${action}Response xmlns="${NS}">\n  <${action}Result>\n${inner}\n  </${action}Result>\n  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`);
}

export function startStsServer(organization: OrganizationState, registry: CredentialRegistry, options: StsOptions = {}): Promise<RunningServer> {
  const lifetime = options.sessionLifetimeSeconds ?? 3600;
  return serveOnRandomPort((request, body, response) => {
    const form = new URLSearchParams(request.method === 'POST' ? body.toString('utf8') : (request.url ?? '').split('?')[1] ?? '');
    const caller = registry.lookup(readSigV4Scope(request.headers.authorization)?.accessKeyId);
    if (caller.kind === 'unknown') return sendError(response, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (caller.kind === 'expired') return sendError(response, 400, 'ExpiredToken', 'The security token included in the request is expired');
    const action = form.get('Action');
    if (action === 'GetCallerIdentity') {
      const { accountId, arn, accessKeyId } = caller.credentials;
      return sendResult(response, action, `    <Arn>${escapeXml(arn)}</Arn>\n    <UserId>${accessKeyId}:${escapeXml(arn.split('/').pop() ?? '')}</UserId>\n    <Account>${accountId}</Account>`);
    }
    if (action === 'AssumeRole') return assumeRole(form, caller.credentials, response);
    return sendError(response, 400, 'InvalidAction', `Could not find operation ${String(action).slice(0, 64)} for version 2011-06-15`);
  });

  function assumeRole(form: URLSearchParams, caller: IssuedCredentials, response: ServerResponse): void {
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return sendError(response, 400, 'ValidationError', `1 validation error detected: Value '${sessionName.slice(0, 80)}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    const match = ROLE_ARN.exec(roleArn);
    const account = match ? organization.get(match[1] ?? '') : undefined;
    const roleName = match?.[2] ?? '';
    const denied = `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn.slice(0, 2048)}`;
    if (!match) return sendError(response, 400, 'ValidationError', `${roleArn.slice(0, 200)} is invalid`);
    if (!account || account.status !== 'ACTIVE' || account.denyAssumeRole || !account.roleNames.includes(roleName)) {
      return sendError(response, 403, 'AccessDenied', denied);
    }
    if (account.externalId !== undefined && form.get('ExternalId') !== account.externalId) return sendError(response, 403, 'AccessDenied', denied);
    const requested = Number(form.get('DurationSeconds') ?? lifetime);
    const issued = registry.issue({
      accountId: account.id,
      arn: `arn:aws:sts::${account.id}:assumed-role/${roleName}/${sessionName}`,
      lifetimeSeconds: Math.min(requested, lifetime),
    });
    sendResult(response, 'AssumeRole', [
      '    <Credentials>',
      `      <AccessKeyId>${issued.accessKeyId}</AccessKeyId>`,
      `      <SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>`,
      `      <SessionToken>${issued.sessionToken ?? ''}</SessionToken>`,
      `      <Expiration>${issued.expiration?.toISOString() ?? ''}</Expiration>`,
      '    </Credentials>',
      '    <AssumedRoleUser>',
      `      <AssumedRoleId>AROA${account.id}EXAMPLE:${sessionName}</AssumedRoleId>`,
      `      <Arn>${escapeXml(issued.arn)}</Arn>`,
      '    </AssumedRoleUser>',
    ].join('\n'));
  }
}

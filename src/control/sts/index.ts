/**
 * The one STS operation AWS tooling calls before anything else: GetCallerIdentity (Terraform's
 * AWS provider, `aws sts get-caller-identity`, CDK bootstrap all ask who they are). STS speaks the
 * AWS query protocol (form-encoded Action=..., XML answers), not rest-json, so it is answered here
 * by hand; every other STS action answers NotImplemented naming it.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
import type { WireResponse } from '../../aws/rest-json/serialize.js';
import type { Scope } from '../../store/types.js';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function handleSts(params: URLSearchParams, scope: Scope, accessKeyId: string | undefined, requestId: string): WireResponse {
  const action = params.get('Action');
  if (action === 'GetCallerIdentity') {
    // Gatehouse has no IAM users: the caller is the account's root, as for root access keys.
    return xml(
      200,
      `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${scope.account}:root</Arn>` +
        `<UserId>${escape(accessKeyId ?? scope.account)}</UserId>` +
        `<Account>${scope.account}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  }
  return stsError(
    action ? 501 : 400,
    action ? 'NotImplemented' : 'MissingAction',
    action ? `Gatehouse does not implement the sts operation ${action} yet.` : 'The request must contain the parameter Action.',
    requestId,
  );
}

/** The query protocol's error document, which the SDKs parse into the named exception. */
export function stsError(status: number, code: string, message: string, requestId: string): WireResponse {
  return xml(
    status,
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${escape(code)}</Code><Message>${escape(message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`,
  );
}

function xml(status: number, body: string): WireResponse {
  return { status, headers: { 'content-type': 'text/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}

function escape(s: string): string {
  return s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

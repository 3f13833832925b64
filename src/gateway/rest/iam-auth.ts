/**
 * AWS_IAM authorization on the data plane: the request must be signed with Signature Version 4 for
 * the service `execute-api` (an Authorization header, or a presigned URL's query), and the
 * signature is verified with the same verifier the control plane's strict mode uses
 * (src/aws/sigv4.ts, @smithy/signature-v4) against Gatehouse's credentials (--credentials).
 *
 * Whose secret: a key named in --credentials is always verified against its secret, in either
 * mode; a signature that fails against a known secret is refused. A key Gatehouse does not know is
 * refused in strict mode ("The security token included in the request is invalid."); in
 * permissive mode (the local default, where the SDKs sign with any made-up key) it is accepted as
 * the control plane accepts it, once its signature is well formed, scoped to execute-api and the
 * API's region, and within the clock window: there is no secret to check it against.
 *
 * Answers, in AWS's words (knowledge center "How do I troubleshoot HTTP 403 errors from API
 * Gateway?" and "...signature mismatch errors when making SigV4 signed requests"):
 *  - no signature: 403 MISSING_AUTHENTICATION_TOKEN "Missing Authentication Token";
 *  - an Authorization header that is no SigV4: 403 IncompleteSignatureException with AWS's
 *    description of what is missing;
 *  - a wrong signature: 403 INVALID_SIGNATURE "The request signature we calculated does not match...";
 *  - a credential scoped to another service or region: 403 INVALID_SIGNATURE "Credential should be
 *    scoped to correct service: 'execute-api'." / "...to a valid region, not '{region}'.";
 *  - a date more than 5 minutes off: 403 EXPIRED_TOKEN (x-amzn-ErrorType InvalidSignatureException)
 *    "Signature expired: {date} is now earlier than {limit} ({now} - 5 min.)";
 *  - an unknown key (strict): 403 "The security token included in the request is invalid."
 *    (x-amzn-ErrorType AccessDeniedException, the knowledge center's).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 */
import { createHash } from 'node:crypto';
import type { AccountMap } from '../../aws/accounts.js';
import { AwsError } from '../../aws/errors.js';
import { parseSigV4, verifySigV4, type SigV4Credential } from '../../aws/sigv4.js';
import { GatewayError, missingAuthenticationToken } from '../errors.js';
import type { PolicyPrincipal } from '../policy/index.js';
import type { InvocationContext } from './context.js';

/** How the data plane checks SigV4: Gatehouse's --auth mode and --credentials. */
export interface IamSettings {
  strict: boolean;
  accounts: AccountMap;
}

/** The signer of a verified request: `$context.identity.*` and the resource policy's principal. */
export interface IamCaller extends PolicyPrincipal {
  accessKey: string;
}

/** How far X-Amz-Date may be from the server's clock (API Gateway says "5 min." in its message). */
const SKEW_MS = 5 * 60 * 1000;

export async function authenticateIam(ctx: InvocationContext, settings: IamSettings | undefined, now = Date.now()): Promise<IamCaller> {
  const req = ctx.request;
  const auth = req.headers['authorization'];
  const presigned = req.query.has('X-Amz-Algorithm') || req.query.has('X-Amz-Signature') || req.query.has('X-Amz-Credential');
  if ((auth === undefined || auth === '') && !presigned) throw missingAuthenticationToken();
  if (auth) checkAuthorizationHeader(auth, req.headers);

  let cred: SigV4Credential | undefined;
  try {
    cred = parseSigV4(req.headers, req.query);
  } catch (err) {
    throw fromAwsError(err);
  }
  if (!cred) throw missingAuthenticationToken();
  const scope = ctx.stage!.scope;
  if (cred.service !== 'execute-api') throw invalidSignature("Credential should be scoped to correct service: 'execute-api'.");
  if (cred.region !== scope.region) throw invalidSignature(`Credential should be scoped to a valid region, not '${cred.region}'.`);
  if (!cred.presigned) checkClock(cred.amzDate, now);

  const accounts = settings?.accounts;
  const secret = accounts?.secretFor(cred.accessKeyId);
  if (secret !== undefined) {
    try {
      await verifySigV4(cred, secret, { method: req.httpMethod, host: req.host, path: signedPath(ctx), query: req.query, headers: req.headers, body: req.body }, now);
    } catch (err) {
      throw fromAwsError(err);
    }
  } else if (settings?.strict) {
    throw new GatewayError('INVALID_SIGNATURE', 'The security token included in the request is invalid.', undefined, `unknown access key ${cred.accessKeyId}`, 'AccessDeniedException');
  }
  const account = accounts?.accountFor(cred.accessKeyId) ?? (/^\d{12}$/.test(cred.accessKeyId) ? cred.accessKeyId : scope.account);
  // Gatehouse keeps no IAM users: every key acts as its account's root, as its STS answers.
  return { accessKey: cred.accessKeyId, account, arn: `arn:aws:iam::${account}:root`, userId: cred.accessKeyId, type: 'Account' };
}

/**
 * The path the client signed: the request target as sent (before the stage was taken off it, or a
 * custom domain's base path); a test invocation has only the resource path.
 */
function signedPath(ctx: InvocationContext): string {
  let target = ctx.request.target;
  if (target === undefined) return ctx.request.rawPath;
  // An absolute-form target (a request sent as to a proxy): its path is what was signed.
  if (!target.startsWith('/')) target = URL.canParse(target) ? new URL(target).pathname : ctx.request.rawPath;
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q);
}

/**
 * AWS reads the header as `ALGORITHM key=value, key=value...` and names what is wrong with it
 * before looking at the signature (its IncompleteSignatureException wording).
 */
function checkAuthorizationHeader(value: string, headers: Record<string, string>): void {
  const trimmed = value.trim();
  const space = trimmed.search(/\s/);
  const params = space < 0 ? '' : trimmed.slice(space + 1);
  const keys = new Set<string>();
  for (const part of params.split(',')) {
    const pair = part.trim();
    if (!pair) continue;
    const eq = pair.indexOf('=');
    if (eq < 0) {
      const hash = createHash('sha256').update(value).digest('base64');
      throw incomplete(`Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${hash}'.`);
    }
    keys.add(pair.slice(0, eq).trim());
  }
  const missing: string[] = [];
  for (const k of ['Credential', 'Signature', 'SignedHeaders']) if (!keys.has(k)) missing.push(`Authorization header requires '${k}' parameter.`);
  if (headers['x-amz-date'] === undefined && headers['date'] === undefined) missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  if (missing.length) throw incomplete(`${missing.join(' ')} Authorization=${value}`);
}

function checkClock(amzDate: string | undefined, now: number): void {
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate)) return; // the verifier answers a missing or malformed date
  const signed = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
  if (Number.isNaN(signed)) return;
  if (signed < now - SKEW_MS) {
    const message = `Signature expired: ${amzDate} is now earlier than ${basic(now - SKEW_MS)} (${basic(now)} - 5 min.)`;
    throw new GatewayError('EXPIRED_TOKEN', message, undefined, message, 'InvalidSignatureException');
  }
  if (signed > now + SKEW_MS) {
    const message = `Signature not yet current: ${amzDate} is still later than ${basic(now + SKEW_MS)} (${basic(now)} + 5 min.)`;
    throw invalidSignature(message);
  }
}

/** 20260101T120000Z */
const basic = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');

const incomplete = (message: string) => new GatewayError('INVALID_SIGNATURE', message, undefined, message, 'IncompleteSignatureException');
const invalidSignature = (message: string) => new GatewayError('INVALID_SIGNATURE', message, undefined, message, 'InvalidSignatureException');

/** The shared verifier's AwsErrors as the data plane's gateway responses. */
function fromAwsError(err: unknown): GatewayError {
  if (!(err instanceof AwsError)) throw err;
  if (err.code === 'IncompleteSignatureException') return incomplete(err.message);
  // A presigned URL past its X-Amz-Expires.
  if (err.code === 'AccessDeniedException') return new GatewayError('EXPIRED_TOKEN', err.message, undefined, err.message, 'AccessDeniedException');
  // SignatureDoesNotMatch: execute-api names it InvalidSignatureException.
  return invalidSignature(err.message);
}

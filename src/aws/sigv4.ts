/**
 * AWS Signature Version 4: reading who signed a request (access key, date, region, service) from
 * the Authorization header or a presigned URL's query, and - in strict mode - verifying the
 * signature by computing it again with @smithy/signature-v4 (the SDKs' own signer).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-signing-elements.html
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AwsError } from './errors.js';

export interface SigV4Credential {
  accessKeyId: string;
  /** yyyymmdd from the credential scope */
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** The x-amz-date (or X-Amz-Date query value), basic ISO 8601. */
  amzDate?: string;
  presigned: boolean;
  expires?: number;
}

const AUTH_RE = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/;

/** Returns undefined for an unsigned request; throws for a malformed signature. */
export function parseSigV4(headers: Record<string, string | string[] | undefined>, query: URLSearchParams): SigV4Credential | undefined {
  const auth = headers['authorization'];
  if (typeof auth === 'string' && auth.length > 0) {
    const m = AUTH_RE.exec(auth);
    if (!m) throw incomplete('Authorization header requires \'Credential\', \'Signature\' and \'SignedHeaders\' parameters and the AWS4-HMAC-SHA256 algorithm.');
    const scope = parseScope(m[1]);
    const amzDate = typeof headers['x-amz-date'] === 'string' ? (headers['x-amz-date'] as string) : undefined;
    return { ...scope, signedHeaders: m[2].split(';'), signature: m[3].toLowerCase(), amzDate, presigned: false };
  }
  if (query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    const credential = query.get('X-Amz-Credential');
    const signature = query.get('X-Amz-Signature');
    const signedHeaders = query.get('X-Amz-SignedHeaders');
    if (!credential || !signature || !signedHeaders) throw incomplete('A presigned URL needs X-Amz-Credential, X-Amz-SignedHeaders and X-Amz-Signature.');
    const expires = query.get('X-Amz-Expires');
    // A presigned URL lives at most one week (the signer itself refuses more).
    if (expires !== null && !(/^\d+$/.test(expires) && Number(expires) >= 1 && Number(expires) <= MAX_PRESIGNED_SECONDS)) {
      throw incomplete(`X-Amz-Expires must be a whole number of seconds from 1 to ${MAX_PRESIGNED_SECONDS} (one week); got '${expires}'.`);
    }
    return {
      ...parseScope(credential),
      signedHeaders: signedHeaders.split(';'),
      signature: signature.toLowerCase(),
      amzDate: query.get('X-Amz-Date') ?? undefined,
      presigned: true,
      expires: expires ? Number(expires) : undefined,
    };
  }
  return undefined;
}

function parseScope(credential: string) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !parts[0]) {
    throw incomplete(`Credential should be scoped to a valid region, like 'us-east-1'. Credential=${credential}`);
  }
  const [accessKeyId, date, region, service] = parts;
  return { accessKeyId, date, region, service };
}

const MAX_PRESIGNED_SECONDS = 7 * 24 * 60 * 60;

const incomplete = (message: string) => new AwsError('IncompleteSignatureException', message, 403);

export interface SignedRequest {
  method: string;
  host: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Strict mode: recompute the signature with the configured secret and compare. A mismatch is
 * AWS's SignatureDoesNotMatch (403); an unknown key is UnrecognizedClientException (403).
 */
export async function verifySigV4(cred: SigV4Credential, secretAccessKey: string, req: SignedRequest, now = Date.now()): Promise<void> {
  if (!cred.amzDate || !/^\d{8}T\d{6}Z$/.test(cred.amzDate)) throw incomplete('The request must carry X-Amz-Date in basic ISO 8601 form.');
  const signingDate = new Date(
    `${cred.amzDate.slice(0, 4)}-${cred.amzDate.slice(4, 6)}-${cred.amzDate.slice(6, 8)}T${cred.amzDate.slice(9, 11)}:${cred.amzDate.slice(11, 13)}:${cred.amzDate.slice(13, 15)}Z`,
  );
  if (Number.isNaN(signingDate.getTime())) throw incomplete(`X-Amz-Date '${cred.amzDate}' is not a valid date.`);
  if (cred.presigned) {
    if (cred.expires !== undefined && signingDate.getTime() + cred.expires * 1000 < now) {
      throw new AwsError('AccessDeniedException', 'Request has expired', 403);
    }
  } else if (Math.abs(now - signingDate.getTime()) > 15 * 60 * 1000) {
    throw new AwsError('InvalidSignatureException', 'Signature expired: the request time is more than 15 minutes away from the server time.', 403);
  }
  const mismatch = () =>
    new AwsError(
      cred.service === 'lambda' ? 'InvalidSignatureException' : 'SignatureDoesNotMatchException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      403,
    );
  const signer = new SignatureV4({
    credentials: { accessKeyId: cred.accessKeyId, secretAccessKey },
    region: cred.region,
    service: cred.service,
    sha256: Sha256,
    uriEscapePath: cred.service !== 's3',
    // Sign exactly the headers the client signed: clients that do not send x-amz-content-sha256
    // (botocore, the AWS CLI) must not have it added to their canonical request.
    applyChecksum: false,
  });
  const signed = new Set(cred.signedHeaders);
  // The canonical request carries the hash of the body as received. The signer would take a
  // signed x-amz-content-sha256 header on trust instead, so a body changed in flight under an
  // unchanged header would verify: check the declared hash against the body first.
  const declared = req.headers['x-amz-content-sha256'];
  if (signed.has('x-amz-content-sha256') && String(declared) !== createHash('sha256').update(req.body).digest('hex')) throw mismatch();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined || !signed.has(k)) continue;
    headers[k] = Array.isArray(v) ? v.join(',') : v;
  }
  if (signed.has('host')) headers['host'] = req.host;
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(req.query.keys())) {
    if (cred.presigned && key === 'X-Amz-Signature') continue;
    const all = req.query.getAll(key);
    query[key] = all.length === 1 ? all[0] : all;
  }
  const request = { method: req.method, protocol: 'http:', hostname: req.host, path: req.path, headers, query, body: req.body };
  let expected: string;
  if (cred.presigned) {
    const out = await signer.presign(request, {
      signingDate,
      expiresIn: cred.expires,
      unhoistableHeaders: new Set(Object.keys(headers)),
    });
    expected = String(out.query?.['X-Amz-Signature'] ?? '');
  } else {
    const out = await signer.sign(request, { signingDate, signableHeaders: signed, unsignableHeaders: new Set() });
    expected = /Signature=([0-9a-f]+)/.exec(String(out.headers['authorization']))?.[1] ?? '';
  }
  const a = Buffer.from(expected);
  const b = Buffer.from(cred.signature);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw mismatch();
}

/**
 * Calls a deployed API over plain HTTP with a Signature Version 4 for `execute-api`, made by
 * @smithy/signature-v4 (the signer the AWS SDKs use), in the Authorization header or as a
 * presigned URL; `tamper` changes the request after signing, as a forger or a proxy would.
 */
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { http, type HttpAnswer } from './http.js';

export interface SignedCall {
  accessKeyId: string;
  secretAccessKey: string;
  method?: string;
  /** The full request path ('/_aws/execute-api/{apiId}/{stage}/pets'). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  region?: string;
  service?: string;
  signingDate?: Date;
  /** Presigned URL (query) instead of the Authorization header. */
  presign?: { expiresIn: number };
  /** Changes what is sent after it was signed. */
  tamper?: (req: { path: string; query: Record<string, string>; headers: Record<string, string>; body?: string }) => void;
}

export async function signedHttp(base: string, call: SignedCall): Promise<HttpAnswer> {
  const url = new URL(base);
  const signer = new SignatureV4({
    credentials: { accessKeyId: call.accessKeyId, secretAccessKey: call.secretAccessKey },
    region: call.region ?? 'us-east-1',
    service: call.service ?? 'execute-api',
    sha256: Sha256,
  });
  const request = {
    method: call.method ?? 'GET',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: call.path,
    query: { ...(call.query ?? {}) },
    headers: { host: url.host, ...(call.headers ?? {}) },
    body: call.body,
  };
  const signed = call.presign
    ? await signer.presign(request, { expiresIn: call.presign.expiresIn, signingDate: call.signingDate })
    : await signer.sign(request, { signingDate: call.signingDate });
  const sent = {
    path: signed.path,
    query: Object.fromEntries(Object.entries(signed.query ?? {}).map(([k, v]) => [k, String(v)])),
    headers: { ...(signed.headers as Record<string, string>) },
    body: call.body,
  };
  call.tamper?.(sent);
  const qs = Object.entries(sent.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return http(base, { method: request.method, path: qs ? `${sent.path}?${qs}` : sent.path, headers: sent.headers, body: sent.body });
}

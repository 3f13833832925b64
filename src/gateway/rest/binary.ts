/**
 * Binary support for non-proxy integrations: which payloads are binary (the API's
 * `binaryMediaTypes`, wildcards included), and how `contentHandling` converts a payload on its way
 * to the integration and back, exactly as the guide's two tables say.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
 *
 * A text payload is read as UTF-8 (bytes that are not UTF-8 become U+FFFD, as AWS's answers show:
 * test_apigateway_s3.snapshot.json, `raw-no-media`); turning text into binary is a strict base64
 * decoding whose failure is AWS's 500 configuration error.
 */
import { isUtf8 } from 'node:buffer';
import { apiConfigurationError } from '../errors.js';
import type { InvocationContext } from './context.js';
import { firstAccepted, mediaType } from './templates.js';

export type ContentHandling = 'CONVERT_TO_TEXT' | 'CONVERT_TO_BINARY' | string | undefined;

/** A payload and whether API Gateway now holds it as binary (no mapping template may read it then). */
export interface Payload {
  body: Buffer;
  binary: boolean;
}

interface MediaRange {
  type: string;
  subtype: string;
}

/** binaryMediaTypes parsed once per deployment (the array is the compiled deployment's own). */
const parsed = new WeakMap<readonly string[], MediaRange[]>();

function ranges(binaryMediaTypes: readonly string[]): MediaRange[] {
  let out = parsed.get(binaryMediaTypes);
  if (!out) {
    out = [];
    for (const entry of binaryMediaTypes) {
      const [type, subtype] = (mediaType(entry) ?? '').split('/');
      if (type && subtype) out.push({ type, subtype });
    }
    parsed.set(binaryMediaTypes, out);
  }
  return out;
}

/**
 * Whether a media type (a Content-Type, or the first media type of an Accept header) is one of
 * the API's binary types. `*` in a binaryMediaTypes entry matches anything (`*\/*` makes every
 * typed payload binary, `image/*` every image); an Accept of `image/*` matches a binary `image/...`.
 * A payload without a Content-Type is text.
 */
export function isBinaryMediaType(value: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!value || binaryMediaTypes.length === 0) return false;
  const [type, subtype] = value.split('/');
  if (!type || !subtype) return false;
  for (const r of ranges(binaryMediaTypes)) {
    if ((r.type === '*' || r.type === type) && (r.subtype === '*' || r.subtype === subtype)) return true;
    if (subtype === '*' && r.type === type) return true;
  }
  return false;
}

/** The bytes as a UTF-8 string would carry them (invalid sequences become U+FFFD). */
function asText(body: Buffer): Payload {
  return { body: isUtf8(body) ? body : Buffer.from(body.toString('utf8'), 'utf8'), binary: false };
}

function base64Encoded(body: Buffer): Payload {
  return { body: Buffer.from(body.toString('base64'), 'latin1'), binary: false };
}

// java.util.Base64's basic decoder: the standard alphabet only (no whitespace, no URL-safe
// characters); the padding may be left out but, when present, must be right.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function base64Decoded(body: Buffer, direction: 'request' | 'response'): Payload {
  const text = body.toString('latin1');
  const padded = text.endsWith('=');
  if (!BASE64.test(text) || text.length % 4 === 1 || (padded && text.length % 4 !== 0)) {
    throw apiConfigurationError(`Unable to base64-decode the ${direction} body (contentHandling CONVERT_TO_BINARY)`);
  }
  return { body: Buffer.from(text, 'base64'), binary: true };
}

/**
 * The method request payload as the integration request gets it ("API request content type
 * conversions"): binary when its Content-Type is a binary media type.
 */
export function convertRequestPayload(body: Buffer, binaryPayload: boolean, contentHandling: ContentHandling): Payload {
  if (binaryPayload) return contentHandling === 'CONVERT_TO_TEXT' ? base64Encoded(body) : { body, binary: true };
  return contentHandling === 'CONVERT_TO_BINARY' ? base64Decoded(body, 'request') : asText(body);
}

/**
 * The integration response payload as the method response gets it ("API Gateway response content
 * type conversions"): `binaryPayload` when the endpoint's Content-Type is a binary media type,
 * `binaryAccept` when the client's (first) Accept type is.
 */
export function convertResponsePayload(body: Buffer, binaryPayload: boolean, binaryAccept: boolean, contentHandling: ContentHandling): Payload {
  if (contentHandling === 'CONVERT_TO_TEXT') return binaryPayload ? base64Encoded(body) : asText(body);
  if (contentHandling === 'CONVERT_TO_BINARY') return binaryPayload ? { body, binary: true } : base64Decoded(body, 'response');
  if (binaryPayload) return binaryAccept ? { body, binary: true } : base64Encoded(body);
  return binaryAccept ? base64Decoded(body, 'response') : asText(body);
}

/**
 * For integration-request.ts: the client's body converted for the integration, by the request's
 * Content-Type (`contentType`, its media type as `mediaType` reads it; undefined when none was
 * sent), the API's binaryMediaTypes and the integration's contentHandling. Run it before the
 * request template; `$input.body` then reads the converted text (a CONVERT_TO_TEXT payload as
 * base64), and `templateBody` refuses a binary one.
 */
export function requestPayload(ctx: InvocationContext, contentType: string | undefined): Payload {
  const binaryTypes = ctx.stage?.api.binaryMediaTypes ?? [];
  const binary = isBinaryMediaType(contentType, binaryTypes);
  return convertRequestPayload(ctx.request.body, binary, ctx.method?.integration?.contentHandling);
}

/** Whether the client's first Accept type is binary for this API. */
export function acceptsBinary(ctx: InvocationContext): boolean {
  return isBinaryMediaType(firstAccepted(ctx.request.headers['accept']), ctx.stage?.api.binaryMediaTypes ?? []);
}

/**
 * The payload as a mapping template's `$input.body`. A binary payload cannot be mapped: AWS fails
 * the request with its 500 configuration error (recorded: test_apigateway_s3.snapshot.json,
 * test_apigw_s3_binary_support_request_convert_to_binary_with_request_template, where a
 * CONVERT_TO_BINARY body meets an application/json template).
 */
export function templateBody(payload: Payload, direction: 'request' | 'response'): string {
  if (payload.binary) throw apiConfigurationError(`Unable to transform ${direction}: a mapping template cannot read a binary payload`);
  return payload.body.toString('utf8');
}

/**
 * Lambda proxy integration (AWS_PROXY to Lambda): the request becomes the version-1.0 proxy event,
 * the function's answer ({statusCode, headers, multiValueHeaders, body, isBase64Encoded}) becomes
 * the method's response as it is (no mapping). An answer of another shape, or a function error,
 * is 502 {"message": "Internal server error"}; no answer within timeoutInMillis is 504.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-input-format
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format
 */
import { integrationFailure } from '../errors.js';
import { isBinaryMediaType } from '../rest/binary.js';
import type { InvocationContext, InvocationResponse } from '../rest/context.js';
import { contextVariables } from '../rest/context-variables.js';
import { traceId } from '../rest/handlers/response-headers.js';
import { mediaType } from '../rest/templates.js';
import { invokeFunction } from './aws-lambda.js';
import type { FunctionTarget, LambdaFunctions } from './lambda-functions.js';

type Dict<T> = Record<string, T>;

const CANONICAL = new Map(['Accept', 'Accept-Encoding', 'Authorization', 'Content-Type', 'Host', 'User-Agent'].map((h) => [h.toLowerCase(), h]));

/** Headers of the client's connection that AWS does not pass to the function (absent from every recorded event). */
const HOP_BY_HOP = new Set(['connection', 'content-length', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection']);

/** The proxy event API Gateway sends the function (input format 1.0). */
export function proxyEvent(ctx: InvocationContext): Dict<unknown> {
  const req = ctx.request;
  // No prototype: a header or parameter named `__proto__` is just a name.
  const headers: Dict<string> = Object.create(null);
  const multiValueHeaders: Dict<string[]> = Object.create(null);
  let forwardedFor: string | undefined;
  for (const [sent, value] of req.rawHeaders) {
    const lower = sent.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor ? `${forwardedFor}, ${value}` : value;
      continue;
    }
    if (lower === 'x-amzn-trace-id' || lower === 'x-forwarded-port' || lower === 'x-forwarded-proto') continue;
    // AWS's front end spells standard headers its own way whatever the client sent (recorded:
    // "aUThorization" and "user-Agent" arrive as Authorization and User-Agent); others keep theirs.
    addHeader(headers, multiValueHeaders, CANONICAL.get(lower) ?? sent, value);
  }
  // What AWS's front end adds (recorded in test_apigateway_lambda: X-Forwarded-*, X-Amzn-Trace-Id).
  addHeader(headers, multiValueHeaders, 'X-Amzn-Trace-Id', traceId(ctx));
  addHeader(headers, multiValueHeaders, 'X-Forwarded-For', forwardedFor ? `${forwardedFor}, ${req.sourceIp}` : req.sourceIp);
  addHeader(headers, multiValueHeaders, 'X-Forwarded-Port', /:(\d+)$/.exec(req.host)?.[1] ?? '80');
  addHeader(headers, multiValueHeaders, 'X-Forwarded-Proto', 'http');
  const query: Dict<string> = Object.create(null);
  const multiQuery: Dict<string[]> = Object.create(null);
  for (const [name, value] of req.query) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const hasHeaders = Object.keys(headers).length > 0;
  const hasQuery = Object.keys(query).length > 0;
  const pathParameters = ctx.pathParameters && Object.keys(ctx.pathParameters).length ? ctx.pathParameters : null;
  const variables = ctx.stage?.variables;
  const stageVariables = variables && Object.keys(variables).length ? variables : null;
  const binary = isBinaryMediaType(mediaType(req.headers['content-type']), ctx.stage?.api.binaryMediaTypes ?? []);
  const body = req.body.length === 0 ? null : binary ? req.body.toString('base64') : req.body.toString('utf8');
  return {
    resource: ctx.resource?.path ?? '',
    // As sent, still URL-encoded (recorded: invocation-payload-with-path-encoded-email); extra
    // leading slashes are dropped, inner ones kept (recorded: -with-prepended-slash, -with-double-slash).
    path: req.rawPath.startsWith('//') ? req.rawPath.replace(/^\/+/, '/') : req.rawPath,
    httpMethod: req.httpMethod,
    headers: hasHeaders ? headers : null,
    multiValueHeaders: hasHeaders ? multiValueHeaders : null,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters,
    stageVariables,
    requestContext: requestContext(ctx),
    body,
    isBase64Encoded: binary && body !== null,
  };
}

// A module function, not a closure per event: tsx's keepNames wraps each named closure in a
// __name() call that costs about a microsecond per request.
function addHeader(headers: Dict<string>, multiValueHeaders: Dict<string[]>, name: string, value: string): void {
  headers[name] = value; // the last value, as AWS's single-value map keeps
  (multiValueHeaders[name] ??= []).push(value);
}

function requestContext(ctx: InvocationContext): Dict<unknown> {
  const v = contextVariables(ctx);
  const identity = v.identity as Dict<unknown>;
  const out: Dict<unknown> = {
    resourceId: v.resourceId,
    resourcePath: v.resourcePath,
    httpMethod: v.httpMethod,
    extendedRequestId: v.extendedRequestId,
    requestTime: v.requestTime,
    path: v.path,
    accountId: v.accountId,
    protocol: v.protocol,
    stage: v.stage,
    domainPrefix: v.domainPrefix,
    requestTimeEpoch: v.requestTimeEpoch,
    requestId: v.requestId,
    // The signer's fields are set for AWS_IAM methods (handlers/resource-policy.ts), null otherwise.
    identity: {
      cognitoIdentityPoolId: null,
      accountId: identity.accountId ?? null,
      cognitoIdentityId: null,
      caller: identity.caller ?? null,
      sourceIp: identity.sourceIp,
      principalOrgId: null,
      accessKey: identity.accessKey ?? null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      userArn: identity.userArn ?? null,
      userAgent: identity.userAgent,
      user: identity.user ?? null,
      // Only with an API key (AWS's sample event has them; recorded events without a key do not).
      ...(identity.apiKey ? { apiKey: identity.apiKey, apiKeyId: identity.apiKeyId } : {}),
    },
    domainName: v.domainName,
    deploymentId: v.deploymentId,
    apiId: v.apiId,
  };
  const authorizer = v.authorizer as Dict<unknown> | undefined;
  if (authorizer && Object.keys(authorizer).length) out.authorizer = authorizer;
  return out;
}

/** `${stageVariables.name}` in the integration uri, replaced by the stage's values. */
const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_.:/-]+)\}/g;
export function substituteStageVariables(uri: string, variables: Dict<string>): string {
  return uri.includes('${') ? uri.replace(STAGE_VARIABLE, (_, name: string) => variables[name] ?? '') : uri;
}

/** Runs the function with the event and turns its answer into the method's response. */
export async function invokeAwsProxy(
  functions: LambdaFunctions,
  target: FunctionTarget,
  event: Buffer,
  requestId: string,
  timeoutMs: number,
  binary: (contentType: string) => boolean,
): Promise<InvocationResponse> {
  const result = await invokeFunction(functions, target, event, requestId, timeoutMs);
  // The function raised: AWS answers 502 (the integration's error is not the client's answer).
  if (result.functionError) throw malformed(`Lambda function error: ${result.payload.toString('utf8')}`);
  return proxyResponse(result.payload, binary);
}

const ALLOWED = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

/** The function's answer as the method's response; any other shape is 502 "Internal server error". */
export function proxyResponse(payload: Buffer, binary: (contentType: string) => boolean): InvocationResponse {
  let answer: unknown;
  try {
    answer = JSON.parse(payload.toString('utf8'));
  } catch {
    throw malformed('Malformed Lambda proxy response');
  }
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) throw malformed('Malformed Lambda proxy response');
  const a = answer as Dict<unknown>;
  for (const key of Object.keys(a)) if (!ALLOWED.has(key)) throw malformed('Malformed Lambda proxy response');
  const statusCode = status(a.statusCode);
  const headers: Dict<string[]> = Object.create(null);
  const byLower = new Map<string, string>();
  if (a.multiValueHeaders != null) {
    if (typeof a.multiValueHeaders !== 'object' || Array.isArray(a.multiValueHeaders)) throw malformed('Malformed Lambda proxy response');
    for (const [name, values] of Object.entries(a.multiValueHeaders as Dict<unknown>)) {
      if (!Array.isArray(values)) throw malformed('Malformed Lambda proxy response');
      for (const value of values) addAnswerHeader(headers, byLower, name, value);
    }
  }
  if (a.headers != null) {
    if (typeof a.headers !== 'object' || Array.isArray(a.headers)) throw malformed('Malformed Lambda proxy response');
    for (const [name, value] of Object.entries(a.headers as Dict<unknown>)) {
      if (value !== null && typeof value === 'object') throw malformed('Malformed Lambda proxy response');
      addAnswerHeader(headers, byLower, name, value);
    }
  }
  if (a.body != null && typeof a.body !== 'string') throw malformed('Malformed Lambda proxy response');
  const text = (a.body as string | null | undefined) ?? '';
  const base64 = a.isBase64Encoded === true || a.isBase64Encoded === 'true';
  if (!byLower.has('content-type')) headers['Content-Type'] = ['application/json'];
  // A base64 body is decoded only when the API treats the answer as binary (its Content-Type or
  // the client's Accept is one of binaryMediaTypes); otherwise the client reads the base64 text
  // (recorded: invoke-api-b64-encoded-true, an API without binary media types).
  // https://docs.aws.amazon.com/apigateway/latest/developerguide/lambda-proxy-binary-media.html
  const contentType = headers[byLower.get('content-type') ?? 'Content-Type'][0];
  const body = base64 && binary(contentType) ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, body };
}

/** A header of the function's answer, under the spelling its name first had (any case). */
function addAnswerHeader(headers: Dict<string[]>, byLower: Map<string, string>, name: string, value: unknown): void {
  const lower = name.toLowerCase();
  const key = byLower.get(lower) ?? name;
  byLower.set(lower, key);
  (headers[key] ??= []).push(scalar(value));
}

function status(value: unknown): number {
  if (value === undefined || value === null) return 200;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 100 || n > 599) throw malformed('Malformed Lambda proxy response');
  return n;
}

const scalar = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

const malformed = (detail: string) => integrationFailure(502, detail);

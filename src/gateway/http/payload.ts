/**
 * Lambda proxy payloads for HTTP APIs, format 2.0 and 1.0: the event sent to the function and how
 * its answer becomes the response. Format 2.0: header names lower-cased, repeated headers and
 * query parameters joined with commas, cookies in their own list, empty members left out; an
 * answer without statusCode is inferred (200, application/json, the answer as body).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */
import { requestTime } from '../rest/context-variables.js';
import { proxyResponse } from '../integrations/aws-proxy.js';
import { GatewayError } from '../errors.js';
import type { HttpContext, HttpResponse } from './context.js';
import { domainNameOf, stagePath } from './context-variables.js';
import { internalServerError } from './errors.js';

type Dict<T> = Record<string, T>;

/** Headers of the connection itself, never in an event. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection']);

/** A body is sent as text for these media types, base64 (isBase64Encoded) for any other or none. */
const TEXT = /^(text\/|application\/(json|javascript|ecmascript|xml|[\w.+-]+\+(json|xml))\b)/i;

function isText(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT.test(contentType.trimStart());
}

function body(ctx: HttpContext): { body?: string; isBase64Encoded: boolean } {
  const b = ctx.request.body;
  if (b.length === 0) return { isBase64Encoded: false };
  return isText(ctx.request.headers['content-type']) ? { body: b.toString('utf8'), isBase64Encoded: false } : { body: b.toString('base64'), isBase64Encoded: true };
}

/** Headers as the event shows them: lower-case names, repeated values joined by ','; AWS's own added. */
function eventHeaders(ctx: HttpContext, keepCookie: boolean): Dict<string> {
  const headers: Dict<string> = {};
  for (const [name, value] of ctx.request.rawHeaders) {
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || (!keepCookie && lower === 'cookie')) continue;
    if (lower === 'x-forwarded-for' || lower === 'x-forwarded-proto' || lower === 'x-forwarded-port') continue;
    const seen = headers[lower];
    headers[lower] = seen === undefined ? value : `${seen},${value}`;
  }
  const sent = ctx.request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = sent ? `${sent}, ${ctx.request.sourceIp}` : ctx.request.sourceIp;
  headers['x-forwarded-port'] = /:(\d+)$/.exec(ctx.request.host)?.[1] ?? '80';
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= traceId(ctx);
  return headers;
}

export function traceId(ctx: HttpContext): string {
  return `Root=1-${Math.floor(ctx.requestTimeEpoch / 1000).toString(16).padStart(8, '0')}-${Buffer.from(ctx.requestId).toString('hex').slice(0, 24)}`;
}

function cookies(ctx: HttpContext): string[] {
  const out: string[] = [];
  for (const [name, value] of ctx.request.rawHeaders) {
    if (name.length !== 6 || name.toLowerCase() !== 'cookie') continue;
    for (const c of value.split(';')) {
      const t = c.trim();
      if (t) out.push(t);
    }
  }
  return out;
}

function queryJoined(ctx: HttpContext): Dict<string> | undefined {
  if (!ctx.request.rawQuery) return undefined;
  const out: Dict<string> = {};
  for (const [name, value] of ctx.request.query) out[name] = name in out ? `${out[name]},${value}` : value;
  return Object.keys(out).length ? out : undefined;
}

const nonEmpty = <T>(d: Dict<T> | undefined) => (d && Object.keys(d).length ? d : undefined);

/** `requestContext` of a format 2.0 event (Lambda integrations and Lambda authorizers share it). */
export function requestContextV2(ctx: HttpContext): Dict<unknown> {
  const domainName = domainNameOf(ctx);
  const rc: Dict<unknown> = {
    accountId: ctx.stage.scope.account,
    apiId: ctx.stage.apiId,
  };
  if (ctx.authorizer) rc.authorizer = ctx.authorizer;
  Object.assign(rc, {
    domainName,
    domainPrefix: domainName.split('.')[0],
    http: {
      method: ctx.request.httpMethod,
      path: stagePath(ctx),
      protocol: ctx.request.protocol,
      sourceIp: ctx.request.sourceIp,
      userAgent: ctx.request.headers['user-agent'] ?? '',
    },
    requestId: ctx.requestId,
    routeKey: ctx.routeKey,
    stage: ctx.stage.stageName,
    time: requestTime(ctx.requestTimeEpoch),
    timeEpoch: ctx.requestTimeEpoch,
  });
  return rc;
}

/** The raw path as the client sent it (the stage segment of a named stage included, as on AWS). */
export const rawPathOf = (ctx: HttpContext) => ctx.pathPrefix + ctx.request.rawPath;

/** Format 2.0 event. */
export function eventV2(ctx: HttpContext): Dict<unknown> {
  const event: Dict<unknown> = {
    version: '2.0',
    routeKey: ctx.routeKey,
    rawPath: rawPathOf(ctx),
    rawQueryString: ctx.request.rawQuery,
  };
  const c = cookies(ctx);
  if (c.length) event.cookies = c;
  event.headers = eventHeaders(ctx, false);
  const query = queryJoined(ctx);
  if (query) event.queryStringParameters = query;
  event.requestContext = requestContextV2(ctx);
  const b = body(ctx);
  if (b.body !== undefined) event.body = b.body;
  const pathParameters = nonEmpty(ctx.pathParameters);
  if (pathParameters) event.pathParameters = pathParameters;
  event.isBase64Encoded = b.isBase64Encoded;
  const stageVariables = nonEmpty(ctx.stage.variables);
  if (stageVariables) event.stageVariables = stageVariables;
  return event;
}

/** The route's path as format 1.0 names the resource (`$default` for the $default route). */
const resourceOf = (ctx: HttpContext) => (ctx.routeKey === '$default' ? '$default' : ctx.routeKey.slice(ctx.routeKey.indexOf(' ') + 1));

/** Format 1.0 event: the REST API proxy event's shape with `version: "1.0"`. */
export function eventV1(ctx: HttpContext): Dict<unknown> {
  const headers: Dict<string> = {};
  const multiValueHeaders: Dict<string[]> = {};
  for (const [name, value] of Object.entries(eventHeaders(ctx, true))) {
    headers[name] = value;
    multiValueHeaders[name] = [];
  }
  for (const [name, value] of ctx.request.rawHeaders) {
    const lower = name.toLowerCase();
    if (multiValueHeaders[lower]) multiValueHeaders[lower].push(value);
  }
  for (const name in multiValueHeaders) {
    if (multiValueHeaders[name].length === 0) multiValueHeaders[name] = [headers[name]];
    // The single-value map keeps the last value, as REST APIs' does.
    else headers[name] = multiValueHeaders[name][multiValueHeaders[name].length - 1];
  }
  let query: Dict<string> | null = null;
  let multiQuery: Dict<string[]> | null = null;
  if (ctx.request.rawQuery) {
    query = {};
    multiQuery = {};
    for (const [name, value] of ctx.request.query) {
      query[name] = value;
      (multiQuery[name] ??= []).push(value);
    }
    if (!Object.keys(query).length) query = multiQuery = null;
  }
  const b = body(ctx);
  const jwt = ctx.authorizer?.jwt as Dict<unknown> | undefined;
  const lambda = ctx.authorizer?.lambda as Dict<unknown> | undefined;
  const authorizer: Dict<unknown> = jwt ? { claims: jwt.claims ?? null, scopes: jwt.scopes ?? null } : lambda ? { ...lambda } : { claims: null, scopes: null };
  if (ctx.authorizer?.principalId !== undefined) authorizer.principalId = ctx.authorizer.principalId;
  const domainName = domainNameOf(ctx);
  return {
    version: '1.0',
    resource: resourceOf(ctx),
    path: stagePath(ctx),
    httpMethod: ctx.request.httpMethod,
    headers,
    multiValueHeaders,
    queryStringParameters: query,
    multiValueQueryStringParameters: multiQuery,
    requestContext: {
      accountId: ctx.stage.scope.account,
      apiId: ctx.stage.apiId,
      authorizer,
      domainName,
      domainPrefix: domainName.split('.')[0],
      extendedRequestId: ctx.requestId,
      httpMethod: ctx.request.httpMethod,
      identity: {
        accessKey: ctx.iam?.accessKey ?? null,
        accountId: ctx.iam?.accountId ?? null,
        caller: ctx.iam?.caller ?? null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: ctx.request.sourceIp,
        user: ctx.iam?.userId ?? null,
        userAgent: ctx.request.headers['user-agent'] ?? '',
        userArn: ctx.iam?.userArn ?? null,
      },
      path: stagePath(ctx),
      protocol: ctx.request.protocol,
      requestId: ctx.requestId,
      requestTime: requestTime(ctx.requestTimeEpoch),
      requestTimeEpoch: ctx.requestTimeEpoch,
      resourceId: ctx.routeKey,
      resourcePath: resourceOf(ctx),
      routeKey: ctx.routeKey,
      stage: ctx.stage.stageName,
    },
    pathParameters: nonEmpty(ctx.pathParameters) ?? null,
    stageVariables: nonEmpty(ctx.stage.variables) ?? null,
    body: b.body ?? null,
    isBase64Encoded: b.isBase64Encoded,
  };
}

/** A format 1.0 answer: the REST proxy answer's rules; a malformed one is 500 Internal Server Error. */
export function responseV1(payload: Buffer): HttpResponse {
  try {
    return proxyResponse(payload, () => true);
  } catch (err) {
    if (err instanceof GatewayError) throw internalServerError(err.detail ?? 'Malformed Lambda proxy response');
    throw err;
  }
}

const JSON_TYPE = ['application/json'];

/**
 * A format 2.0 answer. With a statusCode it is {statusCode, headers, cookies, body,
 * isBase64Encoded}; valid JSON without one is inferred as 200 application/json with the answer as
 * the body (a JSON string: its text). Anything else is 500 Internal Server Error.
 */
export function responseV2(payload: Buffer): HttpResponse {
  const text = payload.toString('utf8');
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw internalServerError('The Lambda function returned an answer that is not JSON');
  }
  if (answer === null || typeof answer !== 'object' || Array.isArray(answer) || !('statusCode' in answer)) {
    const body = typeof answer === 'string' ? Buffer.from(answer, 'utf8') : payload;
    return { statusCode: 200, headers: { 'content-type': JSON_TYPE }, body };
  }
  const a = answer as Dict<unknown>;
  const status = typeof a.statusCode === 'number' ? a.statusCode : typeof a.statusCode === 'string' && /^\d+$/.test(a.statusCode) ? Number(a.statusCode) : NaN;
  if (!Number.isInteger(status) || status < 100 || status > 599) throw internalServerError(`Malformed Lambda proxy response: statusCode ${JSON.stringify(a.statusCode)}`);
  const headers: Dict<string[]> = Object.create(null);
  const lowerSeen = new Map<string, string>();
  const add = (name: string, value: string) => {
    const lower = name.toLowerCase();
    const key = lowerSeen.get(lower) ?? name;
    lowerSeen.set(lower, key);
    (headers[key] ??= []).push(value);
  };
  if (a.headers !== undefined && a.headers !== null) {
    if (typeof a.headers !== 'object' || Array.isArray(a.headers)) throw internalServerError('Malformed Lambda proxy response: headers');
    for (const [name, value] of Object.entries(a.headers as Dict<unknown>)) {
      if (value === null || value === undefined) continue;
      if (typeof value === 'object') throw internalServerError('Malformed Lambda proxy response: header value');
      add(name, String(value));
    }
  }
  if (a.multiValueHeaders !== undefined && a.multiValueHeaders !== null && typeof a.multiValueHeaders === 'object') {
    for (const [name, values] of Object.entries(a.multiValueHeaders as Dict<unknown>)) {
      if (Array.isArray(values)) for (const v of values) add(name, String(v));
    }
  }
  if (a.cookies !== undefined && a.cookies !== null) {
    if (!Array.isArray(a.cookies)) throw internalServerError('Malformed Lambda proxy response: cookies');
    for (const c of a.cookies) add('set-cookie', String(c));
  }
  if (!lowerSeen.has('content-type')) headers['content-type'] = JSON_TYPE;
  let body = Buffer.alloc(0);
  if (a.body !== undefined && a.body !== null) {
    const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
    body = a.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  }
  return { statusCode: status, headers, body };
}

/**
 * The request an HTTP or HTTP_PROXY integration sends, built per request from the compiled plan
 * (http-plan.ts):
 *  - the URI with `{name}` path variables filled from `integration.request.path.*` mappings (a
 *    variable no mapping fills makes the URI invalid: 500, as on AWS) and `${stageVariables.x}`
 *    anywhere in it, the host included;
 *  - the query string: the URI's own, then for HTTP_PROXY the client's, with mapped
 *    `integration.request.querystring.*` values added after the client's values of the same
 *    name; for HTTP the mapped ones only (recorded: test_http_proxy_integration_request_data_mappings,
 *    `testQs` "bar,foo" and `testVar` "foobar,bar");
 *  - the headers: for HTTP_PROXY the client's (less those AWS never forwards), a mapped header
 *    replacing the client's of the same name; for HTTP the mapped ones only; then AWS's own
 *    (http-headers.ts);
 *  - for HTTP, a request template's `$context.requestOverride.path|querystring|header` last.
 * A mapping whose value is missing or empty sets nothing.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/setup-http-integrations.html
 */
import { apiConfigurationError } from '../errors.js';
import type { IntegrationRequest, InvocationContext } from '../rest/context.js';
import { evaluateMapping } from '../rest/parameter-mapping.js';
import { traceId } from '../rest/handlers/response-headers.js';
import { MAPPED_NOT_SENT, MAPPING_FORBIDDEN, PROXY_NOT_FORWARDED } from './http-headers.js';
import type { HttpPlan } from './http-plan.js';
import { encodePathValue, encodeQueryComponent } from './url-encoding.js';

interface Mapped {
  /** Path variable -> value, and whether the value is still URL-encoded (a method request path parameter). */
  path: Record<string, { value: string; raw: boolean }>;
  query: Map<string, string[]>;
  /** By lower-case name: the name as mapped and the value. */
  headers: Map<string, { name: string; value: string }>;
}

/** The methods a request body is not sent with (the endpoint gets none, as from AWS). */
export const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function buildHttpRequest(ctx: InvocationContext, plan: HttpPlan, proxy: boolean, httpMethod: string, body: Buffer): IntegrationRequest {
  const mapped = plan.mappings.length > 0 || ctx.requestOverride ? resolveTargets(ctx, plan) : undefined;
  let uri = renderUri(ctx, plan, mapped);
  const qs = proxy ? proxyQueryString(ctx, mapped) : mapped ? mappedQueryString(mapped.query) : '';
  if (qs) {
    const q = uri.indexOf('?');
    uri += q < 0 ? `?${qs}` : q === uri.length - 1 || uri.endsWith('&') ? qs : `&${qs}`;
  }
  const headers = proxy ? proxyHeaders(ctx, mapped) : mappedHeaders(ctx, mapped);
  return { httpMethod, uri, headers, body };
}

function resolveTargets(ctx: InvocationContext, plan: HttpPlan): Mapped {
  const mapped: Mapped = { path: Object.create(null), query: new Map(), headers: new Map() };
  for (const m of plan.mappings) {
    const value = evaluateMapping(m.source, ctx);
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    if (m.location === 'path') mapped.path[m.name] = { value: Array.isArray(value) ? value[value.length - 1] : value, raw: m.source.kind === 'path' };
    else if (m.location === 'querystring') mapped.query.set(m.name, Array.isArray(value) ? value : [value]);
    else setHeader(mapped, m.name, m.lower, Array.isArray(value) ? value.join(',') : value);
  }
  const override = ctx.requestOverride;
  if (override) {
    for (const name in override.path) mapped.path[name] = { value: override.path[name], raw: false };
    for (const name in override.querystring) mapped.query.set(name, [override.querystring[name]]);
    for (const name in override.header) setHeader(mapped, name, name.toLowerCase(), override.header[name]);
  }
  return mapped;
}

function setHeader(mapped: Mapped, name: string, lower: string, value: string): void {
  if (MAPPING_FORBIDDEN.has(lower)) throw apiConfigurationError(`${name} header cannot be set by a mapping`);
  mapped.headers.set(lower, { name, value: UNSENDABLE.test(value) ? value.replace(UNSENDABLE_ALL, '?') : value });
}

/**
 * A mapped value is text from anywhere (a JSON body, a decoded query string, a template) and may
 * hold what an HTTP header cannot carry: characters past ISO-8859-1, line breaks, NUL. undici
 * refuses such a value, which failed the whole request (500) over the client's data. No AWS
 * recording shows what AWS sends; Java's HTTP clients write such a character as '?' (Apache
 * HttpCore's ByteArrayBuffer, Netty's AsciiString.c2b), and so does Gatehouse, one per UTF-16 unit.
 * What a client sent is never touched: Node has already refused those characters in its headers.
 */
const UNSENDABLE = /[^\t\x20-\x7e\x80-\xff]/;
const UNSENDABLE_ALL = /[^\t\x20-\x7e\x80-\xff]/g;

function renderUri(ctx: InvocationContext, plan: HttpPlan, mapped: Mapped | undefined): string {
  let uri = '';
  for (const part of plan.uri) {
    if (part.kind === 'text') uri += part.text;
    else if (part.kind === 'stage') uri += ctx.stage?.variables[part.name] ?? '';
    else {
      const v = mapped?.path[part.name];
      // AWS leaves an unmapped `{name}` in the URI, which is then no valid URI.
      if (!v) throw apiConfigurationError(`Illegal character in path: {${part.name}} is not mapped`);
      uri += part.inQuery ? encodeQueryComponent(v.value, v.raw) : encodePathValue(v.value, v.raw);
    }
  }
  return uri;
}

/** The client's query string (decoded, then encoded again), each mapped value after the client's of its name. */
function proxyQueryString(ctx: InvocationContext, mapped: Mapped | undefined): string {
  const client = ctx.methodRequest?.multiValueQuerystring ?? {};
  const extra = mapped?.query;
  let qs = '';
  for (const name in client) {
    const key = encodeQueryComponent(name);
    for (const v of client[name]) qs += `${qs ? '&' : ''}${key}=${encodeQueryComponent(v)}`;
    const more = extra?.get(name);
    if (more) for (const v of more) qs += `&${key}=${encodeQueryComponent(v)}`;
  }
  if (extra) {
    for (const [name, values] of extra) {
      if (Object.hasOwn(client, name)) continue;
      const key = encodeQueryComponent(name);
      for (const v of values) qs += `${qs ? '&' : ''}${key}=${encodeQueryComponent(v)}`;
    }
  }
  return qs;
}

function mappedQueryString(query: Map<string, string[]>): string {
  let qs = '';
  for (const [name, values] of query) {
    const key = encodeQueryComponent(name);
    for (const v of values) qs += `${qs ? '&' : ''}${key}=${encodeQueryComponent(v)}`;
  }
  return qs;
}

/** HTTP_PROXY: the client's headers as sent (a mapped header replaces one of its name), then AWS's. */
function proxyHeaders(ctx: InvocationContext, mapped: Mapped | undefined): Record<string, string[]> {
  const headers: Record<string, string[]> = Object.create(null);
  const replaced = mapped && mapped.headers.size > 0 ? mapped.headers : undefined;
  let hasAccept = false;
  let hasUserAgent = false;
  let forwardedFor = '';
  for (const [name, value] of ctx.request.rawHeaders) {
    const lower = name.toLowerCase();
    if (PROXY_NOT_FORWARDED.has(lower)) {
      if (lower === 'x-forwarded-for') forwardedFor = forwardedFor ? `${forwardedFor}, ${value}` : value;
      continue;
    }
    if (replaced?.has(lower)) continue;
    if (lower === 'accept') hasAccept = true;
    else if (lower === 'user-agent') hasUserAgent = true;
    const values = headers[name];
    if (values) values.push(value);
    else headers[name] = [value];
  }
  if (replaced) {
    for (const [lower, h] of replaced) {
      if (MAPPED_NOT_SENT.has(lower)) continue;
      if (lower === 'accept') hasAccept = true;
      else if (lower === 'user-agent') hasUserAgent = true;
      headers[h.name] = [h.value];
    }
  }
  addGatewayHeaders(ctx, headers, hasAccept, hasUserAgent);
  // The client's address, after any proxies the client came through (unless a mapping set the header).
  if (!replaced?.has('x-forwarded-for')) headers['X-Forwarded-For'] = [forwardedFor ? `${forwardedFor}, ${ctx.request.sourceIp}` : ctx.request.sourceIp];
  return headers;
}

/**
 * HTTP: the mapped headers only; the client's Content-Type when it sent a body (not with GET,
 * HEAD or OPTIONS) and no mapping set one; then AWS's.
 */
function mappedHeaders(ctx: InvocationContext, mapped: Mapped | undefined): Record<string, string[]> {
  const headers: Record<string, string[]> = Object.create(null);
  let hasAccept = false;
  let hasUserAgent = false;
  let hasContentType = false;
  if (mapped) {
    for (const [lower, h] of mapped.headers) {
      if (MAPPED_NOT_SENT.has(lower)) continue;
      if (lower === 'accept') hasAccept = true;
      else if (lower === 'user-agent') hasUserAgent = true;
      else if (lower === 'content-type') hasContentType = true;
      headers[h.name] = [h.value];
    }
  }
  const contentType = ctx.request.headers['content-type'];
  if (!hasContentType && contentType && !NO_BODY_METHODS.has(ctx.request.httpMethod)) headers['Content-Type'] = [contentType];
  addGatewayHeaders(ctx, headers, hasAccept, hasUserAgent);
  return headers;
}

/** In the order and spelling of AWS's execution log ("Endpoint request headers: {..., x-amzn-apigateway-api-id=…, Accept=application/json, User-Agent=AmazonAPIGateway_…}"). */
function addGatewayHeaders(ctx: InvocationContext, headers: Record<string, string[]>, hasAccept: boolean, hasUserAgent: boolean): void {
  const apiId = ctx.stage?.apiId ?? ctx.target.apiId;
  headers['x-amzn-apigateway-api-id'] = [apiId];
  if (!hasAccept) headers['Accept'] = ['application/json'];
  if (!hasUserAgent) headers['User-Agent'] = [`AmazonAPIGateway_${apiId}`];
  headers['X-Amzn-Trace-Id'] = [traceId(ctx)];
}

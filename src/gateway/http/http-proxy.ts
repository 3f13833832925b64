/**
 * HTTP_PROXY integrations of HTTP APIs: the client's request passed to the integration URI with
 * its path variables (`{proxy}`, `{id}`) and `${stageVariables.x}` filled, the client's query
 * string and headers passed on, then the integration's requestParameters applied (append /
 * overwrite / remove of headers and query parameters, overwrite:path). The `$default` route sends
 * the whole request path after the URI's. The endpoint's answer comes back as it is, with the
 * responseParameters for its status code applied (headers, overwrite:statuscode).
 * An endpoint that cannot be reached is 500 {"message":"Internal Server Error"}; no answer within
 * timeoutInMillis is 503 {"message":"Service Unavailable"}.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-http.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
 */
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import { HTTP_URL } from '../integrations/http.js';
import type { HttpContext, HttpResponse } from './context.js';
import type { CompiledIntegration } from './compile.js';
import { contextValue } from './context-variables.js';
import { internalServerError, serviceUnavailable } from './errors.js';
import { evaluate, jsonPath, type MappingAction, type ValueSources } from './mapping.js';
import { traceId } from './payload.js';

/** Client headers never passed on (the connection's own, and what the endpoint's request recomputes). */
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'proxy-connection', 'expect', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port']);
/** Endpoint headers never passed back (framing is the data plane's to write). */
const NOT_RETURNED = new Set(['connection', 'content-length', 'keep-alive', 'transfer-encoding']);
const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);

export function requestSources(ctx: HttpContext): ValueSources {
  return {
    // Several values of a header joined with ',' ("value1,value2"), as the guide shows them.
    requestHeader: (name) => {
      if (ctx.request.headers[name] === undefined) return undefined;
      const values: string[] = [];
      for (const [sent, value] of ctx.request.rawHeaders) if (sent.toLowerCase() === name) values.push(value);
      return values.join(',');
    },
    requestQuery: (name) => {
      const all = ctx.request.query.getAll(name);
      return all.length ? all.join(',') : undefined;
    },
    requestPath: (name) => (name === '' ? ctx.request.path : ctx.pathParameters?.[name]),
    requestBody: (path) => jsonPath(ctx.request.body, path),
    context: (name) => contextValue(ctx, name),
    stageVariable: (name) => ctx.stage.variables[name],
  };
}

/** `${stageVariables.x}` and `{name}` path variables of the integration URI. */
const URI_VARIABLE = /\$\{stageVariables\.([^}]*)\}|\{([^{}]+)\}/g;

function renderUri(ctx: HttpContext, uri: string): string {
  if (!uri.includes('{')) return uri;
  return uri.replace(URI_VARIABLE, (_, stageVariable: string | undefined, name: string | undefined) => {
    if (stageVariable !== undefined) return ctx.stage.variables[stageVariable] ?? '';
    const value = ctx.pathParameters?.[name!.endsWith('+') ? name!.slice(0, -1) : name!];
    return value === undefined ? '' : value.split('/').map(encodeURIComponent).join('/');
  });
}

export async function invokeHttpProxy(ctx: HttpContext, integration: CompiledIntegration, client: HttpIntegrationClient): Promise<HttpResponse> {
  const req = ctx.request;
  const uri = renderUri(ctx, integration.uri);
  const origin = HTTP_URL.exec(uri)?.[0];
  if (!origin) throw internalServerError(`Invalid endpoint address: ${uri}`);
  let path = uri.slice(origin.length);
  let query = '';
  const q = path.indexOf('?');
  if (q >= 0) {
    query = path.slice(q + 1);
    path = path.slice(0, q);
  }
  // The $default route sends the whole path the client asked for, a named stage's segment included
  // (why the guide offers `$request.path`, "the request path, without the stage name", to map);
  // a custom domain's mapping key is not part of it.
  if (ctx.routeKey === '$default') {
    const full = ctx.viaCustomDomain ? req.rawPath : ctx.pathPrefix + req.rawPath;
    path = path.endsWith('/') ? path + full.slice(1) : path + full;
  }
  if (path === '') path = '/';
  if (req.rawQuery) query = query ? `${query}&${req.rawQuery}` : req.rawQuery;

  const headers: Record<string, string[]> = Object.create(null);
  for (const [name, value] of req.rawHeaders) {
    const lower = name.toLowerCase();
    if (NOT_FORWARDED.has(lower)) continue;
    const list = headers[lower];
    if (list) list.push(value);
    else headers[lower] = [value];
  }
  const forwarded = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [forwarded ? `${forwarded}, ${req.sourceIp}` : req.sourceIp];
  headers['x-forwarded-proto'] = ['http'];
  headers['x-forwarded-port'] = [/:(\d+)$/.exec(req.host)?.[1] ?? '80'];
  headers['x-amzn-trace-id'] ??= [traceId(ctx)];

  if (integration.requestMappings.length) {
    const mapped = applyRequestMappings(ctx, integration.requestMappings, headers, path, query);
    path = mapped.path;
    query = mapped.query;
  }

  const method = integration.method === 'ANY' ? req.httpMethod : integration.method;
  let answer;
  try {
    answer = await client.request({
      origin,
      path: query ? `${path}?${query}` : path,
      method,
      headers,
      body: req.body.length === 0 || NO_BODY_METHODS.has(method) ? null : req.body,
      timeoutMs: integration.timeoutMs,
      insecure: integration.insecure,
    });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (TIMEOUT_CODES.has(code)) throw serviceUnavailable(`The integration did not answer within ${integration.timeoutMs} ms`);
    throw internalServerError(`Error communicating with the integration endpoint: ${code || (err as Error).message}`);
  }
  ctx.integrationStatus = answer.statusCode;
  const out: Record<string, string[]> = Object.create(null);
  const raw = answer.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (NOT_RETURNED.has(lower)) continue;
    const list = out[lower];
    if (list) list.push(raw[i + 1]);
    else out[lower] = [raw[i + 1]];
  }
  const response: HttpResponse = { statusCode: answer.statusCode, headers: out, body: answer.body };
  applyResponseMappings(ctx, integration, response);
  return response;
}

function applyRequestMappings(ctx: HttpContext, actions: MappingAction[], headers: Record<string, string[]>, path: string, query: string): { path: string; query: string } {
  const src = requestSources(ctx);
  let params: URLSearchParams | undefined;
  for (const a of actions) {
    const value = a.action === 'remove' ? '' : evaluate(a.value, src);
    if (a.target === 'path') {
      path = value.startsWith('/') ? value : `/${value}`;
    } else if (a.target === 'header') {
      const lower = a.name.toLowerCase();
      if (a.action === 'remove') delete headers[lower];
      else if (a.action === 'overwrite') headers[lower] = [value];
      else headers[lower] = headers[lower] ? [`${headers[lower].join(',')},${value}`] : [value];
    } else if (a.target === 'querystring') {
      params ??= new URLSearchParams(query);
      if (a.action === 'remove') params.delete(a.name);
      else if (a.action === 'overwrite') params.set(a.name, value);
      else params.append(a.name, value);
    }
  }
  return { path, query: params ? params.toString() : query };
}

/** The responseParameters of the endpoint's status code: header changes and overwrite:statuscode. */
export function applyResponseMappings(ctx: HttpContext, integration: CompiledIntegration, response: HttpResponse): void {
  const actions = integration.responseMappings.get(response.statusCode);
  if (!actions) return;
  const original = response.headers;
  const body = response.body;
  const src: ValueSources = {
    responseHeader: (name) => original[name]?.join(','),
    responseBody: (path) => jsonPath(body, path),
    context: (name) => contextValue(ctx, name),
    stageVariable: (name) => ctx.stage.variables[name],
  };
  const headers: Record<string, string[]> = { ...original };
  let status = response.statusCode;
  for (const a of actions) {
    const value = a.action === 'remove' ? '' : evaluate(a.value, src);
    if (a.target === 'statuscode') {
      const n = Number(value);
      if (Number.isInteger(n) && n >= 100 && n <= 599) status = n;
    } else if (a.target === 'header') {
      const lower = a.name.toLowerCase();
      if (a.action === 'remove') delete headers[lower];
      else if (a.action === 'overwrite') headers[lower] = [value];
      else headers[lower] = [...(headers[lower] ?? []), value];
    }
  }
  response.headers = headers;
  response.statusCode = status;
}

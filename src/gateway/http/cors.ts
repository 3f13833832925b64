/**
 * CORS for HTTP APIs: with a corsConfiguration, API Gateway answers preflight requests itself
 * (OPTIONS with Origin and Access-Control-Request-Method, whether or not an OPTIONS route exists)
 * and adds the configured CORS headers to every other answer to an allowed origin, ignoring the
 * CORS headers the integration sent. An origin that is not allowed gets no CORS headers.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html#apis-apiid-model-cors
 */
import type { S_Cors } from '../../aws/generated/apigatewayv2.js';
import type { InvocationRequest } from '../rest/context.js';
import type { HttpResponse } from './context.js';

export interface CompiledCors {
  anyOrigin: boolean;
  /** Allowed origins, lower-cased (origins compare without regard to case). */
  origins: Set<string>;
  allowMethods?: string;
  allowHeaders?: string;
  exposeHeaders?: string;
  maxAge?: string;
  allowCredentials: boolean;
}

const joined = (list: string[] | undefined) => (list && list.length ? list.join(',') : undefined);

export function compileCors(c: S_Cors): CompiledCors {
  const origins = c.AllowOrigins ?? [];
  return {
    anyOrigin: origins.includes('*'),
    origins: new Set(origins.map((o) => o.toLowerCase())),
    allowMethods: joined(c.AllowMethods),
    allowHeaders: joined(c.AllowHeaders?.map((h) => h.toLowerCase())),
    exposeHeaders: joined(c.ExposeHeaders?.map((h) => h.toLowerCase())),
    // -1 turns caching off (AWS sends no header); unset sends none either.
    maxAge: c.MaxAge !== undefined && c.MaxAge >= 0 ? String(c.MaxAge) : undefined,
    allowCredentials: c.AllowCredentials === true,
  };
}

/** What Access-Control-Allow-Origin says to this Origin, or undefined when it is not allowed. */
function allowOrigin(cors: CompiledCors, origin: string): string | undefined {
  if (cors.origins.has(origin.toLowerCase())) return origin;
  if (cors.anyOrigin) return cors.allowCredentials ? origin : '*';
  return undefined;
}

export const isPreflight = (req: InvocationRequest): boolean =>
  req.httpMethod === 'OPTIONS' && req.headers['origin'] !== undefined && req.headers['access-control-request-method'] !== undefined;

/** API Gateway's own answer to a preflight request: 204 with the configured headers. */
export function preflightResponse(cors: CompiledCors, req: InvocationRequest): HttpResponse {
  const headers: Record<string, string[]> = Object.create(null);
  const origin = allowOrigin(cors, req.headers['origin']!);
  if (origin !== undefined) {
    headers['access-control-allow-origin'] = [origin];
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = ['true'];
    if (cors.allowMethods) headers['access-control-allow-methods'] = [cors.allowMethods];
    if (cors.allowHeaders) headers['access-control-allow-headers'] = [cors.allowHeaders];
    if (cors.exposeHeaders) headers['access-control-expose-headers'] = [cors.exposeHeaders];
    if (cors.maxAge) headers['access-control-max-age'] = [cors.maxAge];
    if (origin !== '*') headers['vary'] = ['Origin'];
  }
  return { statusCode: 204, headers, body: Buffer.alloc(0) };
}

/** The configured headers on an answer to a CORS request (one with an Origin); the integration's own are dropped. */
export function addCorsHeaders(cors: CompiledCors, req: InvocationRequest, res: HttpResponse): void {
  for (const name in res.headers) if (name.toLowerCase().startsWith('access-control-')) delete res.headers[name];
  const sent = req.headers['origin'];
  if (sent === undefined) return;
  const origin = allowOrigin(cors, sent);
  if (origin === undefined) return;
  res.headers['access-control-allow-origin'] = [origin];
  if (cors.allowCredentials) res.headers['access-control-allow-credentials'] = ['true'];
  if (cors.exposeHeaders) res.headers['access-control-expose-headers'] = [cors.exposeHeaders];
  if (origin !== '*') res.headers['vary'] = [...(res.headers['vary'] ?? []), 'Origin'];
}

/**
 * Parameter mapping expressions: where a mapped value comes from.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 *
 *   'literal'                                   a static value
 *   method.request.path|querystring|header.N    the method request's parameters
 *   method.request.multivaluequerystring|multivalueheader.N   every value
 *   method.request.body                         the request body
 *   context.a.b, stageVariables.N               $context and stage variables
 *   integration.response.header|multivalueheader.N, integration.response.body   (response side)
 */
import type { InvocationContext } from './context.js';
import { contextVariables } from './context-variables.js';

export type MappedValue = string | string[] | undefined;

export function resolveMapping(expression: string, ctx: InvocationContext): MappedValue {
  if (expression.length >= 2 && expression.startsWith("'") && expression.endsWith("'")) return expression.slice(1, -1);
  const mr = ctx.methodRequest;
  const [root, where, ...rest] = expression.split('.');
  const name = rest.join('.');
  if (root === 'method' && where === 'request' && mr) {
    const [location, ...n] = rest;
    const key = n.join('.');
    switch (location) {
      case 'path':
        return mr.pathParameters[key];
      case 'querystring':
        return mr.querystring[key];
      case 'multivaluequerystring':
        return mr.multiValueQuerystring[key];
      case 'header':
        return lookupHeader(mr.header, key);
      case 'multivalueheader':
        return lookupHeader(mr.multiValueHeader, key);
      case 'body':
        return key ? undefined : ctx.request.body.toString('utf8');
    }
    return undefined;
  }
  if (root === 'context') {
    let v: unknown = contextVariables(ctx);
    for (const part of [where, ...rest]) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    return v === undefined || v === null ? undefined : String(v);
  }
  if (root === 'stageVariables') return ctx.stage?.variables[[where, ...rest].join('.')];
  if (root === 'integration' && where === 'response') {
    const res = ctx.endpointResponse;
    if (!res) return undefined;
    const [location, ...n] = rest;
    const key = n.join('.').toLowerCase();
    if (location === 'header') return res.headers[key]?.at(-1);
    if (location === 'multivalueheader') return res.headers[key];
    if (location === 'body' && n.length === 0) return res.body.toString('utf8');
    return undefined;
  }
  void name;
  return undefined;
}

/** HTTP header names are case-insensitive; mappings name them in any case. */
function lookupHeader<T>(headers: Record<string, T>, name: string): T | undefined {
  if (name in headers) return headers[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) return headers[k];
  return undefined;
}

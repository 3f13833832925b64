/**
 * Method request: the parameters API Gateway exposes to mappings and templates as
 * `method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.*`.
 * For a key sent several times, the single-value view holds the last value, as AWS's does.
 * (API keys, authorizers and request validation join this step with their issues.)
 */
import type { InvocationContext, MethodRequest } from '../context.js';

export function methodRequest(ctx: InvocationContext): void {
  const querystring: Record<string, string> = {};
  const multiValueQuerystring: Record<string, string[]> = {};
  for (const [k, v] of ctx.request.query) {
    querystring[k] = v;
    (multiValueQuerystring[k] ??= []).push(v);
  }
  const header: Record<string, string> = {};
  const multiValueHeader: Record<string, string[]> = {};
  for (const [k, v] of ctx.request.rawHeaders) {
    header[k] = v;
    (multiValueHeader[k] ??= []).push(v);
  }
  const mr: MethodRequest = { pathParameters: ctx.pathParameters ?? {}, querystring, multiValueQuerystring, header, multiValueHeader };
  ctx.methodRequest = mr;
}

/**
 * Method request: the parameters API Gateway exposes to mappings and templates as
 * `method.request.{path|querystring|header|multivaluequerystring|multivalueheader}.*`.
 * For a key sent several times, the single-value view holds the last value, as AWS's does.
 * (API keys, authorizers and request validation join this step with their issues.)
 */
import type { InvocationContext, MethodRequest } from '../context.js';

/**
 * Connection-level headers AWS drops when it parses the method request: templates and mappings
 * read them as absent (recorded: test_apigateway_integrations, header remapping, `$input.params()`
 * echoed by the endpoint).
 */
const DROPPED_AT_PARSING = new Set([
  'connection', 'content-md5', 'expect', 'max-forwards', 'proxy-authenticate', 'server',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'www-authenticate',
]);

export function methodRequest(ctx: InvocationContext): void {
  // Keyed by what the client sent: a parameter named `constructor`, `toString` or `__proto__` is
  // data, so the maps have no prototype to collide with.
  const querystring: Record<string, string> = Object.create(null);
  const multiValueQuerystring: Record<string, string[]> = Object.create(null);
  for (const [k, v] of ctx.request.query) {
    querystring[k] = v;
    (multiValueQuerystring[k] ??= []).push(v);
  }
  const header: Record<string, string> = Object.create(null);
  const multiValueHeader: Record<string, string[]> = Object.create(null);
  for (const [k, v] of ctx.request.rawHeaders) {
    if (DROPPED_AT_PARSING.has(k.toLowerCase())) continue;
    header[k] = v;
    (multiValueHeader[k] ??= []).push(v);
  }
  const mr: MethodRequest = { pathParameters: ctx.pathParameters ?? {}, querystring, multiValueQuerystring, header, multiValueHeader };
  ctx.methodRequest = mr;
}

/**
 * Integration request: what API Gateway sends to the integration. Non-proxy integrations (MOCK,
 * HTTP, AWS) run the request template chosen by the request's Content-Type, under the
 * integration's passthroughBehavior; proxy integrations pass the request through. Parameter
 * mappings fill the endpoint's path, query string and headers.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
 */
import { apiConfigurationError, GatewayError, unsupportedMediaType } from '../../errors.js';
import type { InvocationContext, IntegrationRequest } from '../context.js';
import { resolveMapping } from '../parameter-mapping.js';
import { mediaType, render, usable } from '../templates.js';

export function integrationRequest(ctx: InvocationContext): void {
  const integration = ctx.method!.integration;
  // AWS refuses to deploy a method without an integration, so this is a definition gone wrong.
  if (!integration) throw apiConfigurationError();
  if (integration.type === 'AWS' || integration.type === 'AWS_PROXY') {
    throw new GatewayError(
      'API_CONFIGURATION_ERROR',
      `Gatehouse does not run ${integration.type} integrations yet (Lambda and AWS service integrations come with functions support).`,
    );
  }
  const proxy = integration.type === 'HTTP_PROXY';
  let body = ctx.request.body;
  if (!proxy) {
    const contentType = mediaType(ctx.request.headers['content-type']) ?? 'application/json';
    const templates = integration.requestTemplates;
    const chosen = templates.get(contentType);
    if (chosen) {
      const result = render(usable(chosen), ctx, body.toString('utf8'));
      body = Buffer.from(result.output, 'utf8');
      ctx.requestOverride = result.overrides.request;
    } else if (integration.passthroughBehavior === 'NEVER' || (integration.passthroughBehavior === 'WHEN_NO_TEMPLATES' && templates.size > 0)) {
      throw unsupportedMediaType();
    }
  }
  const req: IntegrationRequest = {
    httpMethod: !integration.httpMethod || integration.httpMethod === 'ANY' ? ctx.request.httpMethod : integration.httpMethod,
    headers: {},
    body,
  };
  if (integration.type !== 'MOCK') req.uri = buildUri(ctx, integration.uri ?? '', integration.requestParameters, proxy, req.headers);
  ctx.integrationRequest = req;
}

/**
 * The endpoint URL: `{name}` path variables and `${stageVariables.x}` substituted, mapped
 * query-string parameters appended (a proxy also forwards the client's query string), mapped
 * headers set (a proxy also forwards the client's headers).
 */
function buildUri(
  ctx: InvocationContext,
  template: string,
  mappings: Record<string, string>,
  proxy: boolean,
  headers: Record<string, string[]>,
): string {
  const path: Record<string, string> = {};
  const query = new URLSearchParams(proxy ? ctx.request.rawQuery : '');
  if (proxy) {
    for (const [name, value] of ctx.request.rawHeaders) {
      const lower = name.toLowerCase();
      if (!HOP_BY_HOP.has(lower)) (headers[lower] ??= []).push(value);
    }
  }
  for (const [target, source] of Object.entries(mappings)) {
    const value = resolveMapping(source, ctx);
    const [, , location, ...rest] = target.split('.'); // integration.request.{location}.{name}
    const name = rest.join('.');
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    if (location === 'path') path[name] = values.at(-1)!;
    else if (location === 'querystring' || location === 'multivaluequerystring') {
      query.delete(name);
      for (const v of values) query.append(name, v);
    } else if (location === 'header' || location === 'multivalueheader') headers[name.toLowerCase()] = values;
  }
  const override = ctx.requestOverride;
  if (override) {
    for (const [k, v] of Object.entries(override.path)) path[k] = v;
    for (const [k, v] of Object.entries(override.querystring)) query.set(k, v);
    for (const [k, v] of Object.entries(override.header)) headers[k.toLowerCase()] = [v];
  }
  let uri = template.replace(/\$\{stageVariables\.([^}]+)\}/g, (_, name: string) => ctx.stage?.variables[name] ?? '');
  // Each segment of a value is encoded on its own, so a greedy value ({proxy+}) keeps its slashes.
  uri = uri.replace(/\{([^}]+?)\+?\}/g, (_, name: string) => (path[name] ?? '').split('/').map(encodeURIComponent).join('/'));
  const qs = query.toString();
  return qs ? `${uri}${uri.includes('?') ? '&' : '?'}${qs}` : uri;
}

/** Connection-level headers a proxy never forwards (RFC 9110 section 7.6.1), plus the Host it replaces. */
export const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length']);

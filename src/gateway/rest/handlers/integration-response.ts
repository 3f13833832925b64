/**
 * Integration response: pick the integration response whose selectionPattern matches the
 * endpoint's status code (the default one when none does), map headers into method response
 * headers, and run the response template chosen for the client's Accept type.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
 */
import { apiConfigurationError } from '../../errors.js';
import type { CompiledIntegrationResponse, MaybeTemplate } from '../compile.js';
import type { InvocationContext } from '../context.js';
import { resolveMapping } from '../parameter-mapping.js';
import { mediaType, render, usable } from '../templates.js';

export function integrationResponse(ctx: InvocationContext): void {
  if (ctx.response) return; // a proxy integration answered already
  const integration = ctx.method!.integration!;
  const endpoint = ctx.endpointResponse!;
  const selected = select(integration.integrationResponses, String(endpoint.statusCode));
  // No integration response for this answer: AWS's "Internal server error" (a configuration error).
  if (!selected) throw apiConfigurationError();

  const headers: Record<string, string[]> = {};
  for (const [target, source] of Object.entries(selected.responseParameters)) {
    const name = target.startsWith('method.response.header.') ? target.slice('method.response.header.'.length) : undefined;
    if (!name) continue;
    const value = resolveMapping(source, ctx);
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  }

  let body = endpoint.body;
  const picked = pickTemplate(selected.responseTemplates, ctx.request.headers['accept']);
  if (picked) {
    const result = render(usable(picked.template), ctx, endpoint.body.toString('utf8'));
    body = Buffer.from(result.output, 'utf8');
    headers['content-type'] ??= [picked.contentType];
    ctx.responseOverride = result.overrides.response;
  }
  let statusCode = Number(selected.statusCode);
  if (ctx.responseOverride?.status) statusCode = ctx.responseOverride.status;
  for (const [k, v] of Object.entries(ctx.responseOverride?.header ?? {})) headers[k.toLowerCase()] = [v];
  ctx.response = { statusCode, headers, body };
}

function select(responses: CompiledIntegrationResponse[], statusCode: string): CompiledIntegrationResponse | undefined {
  for (const r of responses) {
    if (!r.selectionPattern || r.selectionPattern.test(statusCode)) return r;
  }
  return undefined;
}

/**
 * The template for the type the client accepts; else application/json; else the first one.
 * (AWS: "If no Accept header ... the first template / application/json is used".)
 */
function pickTemplate(templates: Map<string, MaybeTemplate>, accept: string | undefined): { contentType: string; template: MaybeTemplate } | undefined {
  if (templates.size === 0) return undefined;
  for (const candidate of (accept ?? '').split(',')) {
    const type = mediaType(candidate);
    const t = type ? templates.get(type) : undefined;
    if (t) return { contentType: type!, template: t };
  }
  const json = templates.get('application/json');
  if (json) return { contentType: 'application/json', template: json };
  const [contentType, template] = templates.entries().next().value!;
  return { contentType, template };
}

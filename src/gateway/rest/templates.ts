/**
 * Rendering the API's mapping templates inside the pipeline: choosing the template for a content
 * type, building the variables, carrying `$context.requestOverride` / `responseOverride` from one
 * template of a request to the next, and turning template failures into AWS's answers.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html#selecting-mapping-templates
 */
import { apiConfigurationError, requestBodyNotJson } from '../errors.js';
import { TemplateBodyParseError, type CompiledTemplate, type RenderResult, type TemplateOverrides } from '../vtl/types.js';
import type { MaybeTemplate } from './compile.js';
import type { InvocationContext } from './context.js';
import { contextVariables } from './context-variables.js';

/** The media type without parameters, lower-cased: 'application/json; charset=utf-8' -> 'application/json'. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const i = contentType.indexOf(';');
  return (i < 0 ? contentType : contentType.slice(0, i)).trim().toLowerCase();
}

/**
 * The first media type of an Accept header ('text/html, application/json;q=0.9' -> 'text/html'):
 * API Gateway "honors only the first Accept media type".
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings-workflow.html
 */
export function firstAccepted(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  const comma = accept.indexOf(',');
  return mediaType(comma < 0 ? accept : accept.slice(0, comma)) || undefined;
}

export function usable(t: MaybeTemplate): CompiledTemplate {
  if (!t.ok) throw apiConfigurationError(`Unable to parse the mapping template: ${t.error}`);
  return t.template;
}

/**
 * The response template for the client's Accept type (its first media type, "application/json"
 * when there is no Accept header); when none is keyed so, the application/json one; else the
 * first one. No template at all: the payload passes through unmapped.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html#selecting-mapping-templates
 */
export function pickTemplate(templates: Map<string, MaybeTemplate>, accept: string | undefined): { contentType: string; template: MaybeTemplate } | undefined {
  if (templates.size === 0) return undefined;
  const wanted = firstAccepted(accept) ?? 'application/json';
  const exact = templates.get(wanted);
  if (exact) return { contentType: wanted, template: exact };
  const json = templates.get('application/json');
  if (json) return { contentType: 'application/json', template: json };
  const [contentType, template] = templates.entries().next().value!;
  return { contentType, template };
}

/**
 * Renders with `$input` over `body`, the method request's parameters, `$context` and stage
 * variables. `side` says which template this is: a request template that reads a body that is
 * not JSON is the client's fault (400), any other failure is the API's (500).
 *
 * The overrides a template leaves in `$context.requestOverride` / `responseOverride` (custom keys
 * included) are handed on to the next template of the same request, as AWS does (recorded:
 * test_integration_mock_with_response_override_in_request_template,
 * test_integration_mock_with_request_overrides_in_response_template). A gateway response's
 * template reads them but changes nothing (`side: 'gateway'`).
 */
export function render(template: CompiledTemplate, ctx: InvocationContext, body: string, side: 'request' | 'response' | 'gateway' = 'request'): RenderResult {
  const mr = ctx.methodRequest;
  const context = contextVariables(ctx);
  const carried = ctx.templateOverrides;
  if (carried) {
    context.requestOverride = carried.requestOverride;
    context.responseOverride = carried.responseOverride;
  }
  let result: RenderResult;
  try {
    result = template.render({
      input: {
        body,
        params: { path: mr?.pathParameters ?? {}, querystring: mr?.querystring ?? {}, header: mr?.header ?? {} },
      },
      context,
      stageVariables: ctx.stage?.variables ?? {},
    });
  } catch (err) {
    if (err instanceof TemplateBodyParseError && side === 'request') throw requestBodyNotJson(err.message);
    console.error(`[gatehouse] mapping template failed (request ${ctx.requestId}): ${(err as Error).message}`);
    throw apiConfigurationError(side === 'request' ? 'Unable to transform request' : 'Unable to transform response');
  }
  if (side !== 'gateway') {
    if (result.contextOverrides) ctx.templateOverrides = result.contextOverrides;
    ctx.requestOverride = mergeRequest(ctx.requestOverride, result.overrides.request);
    ctx.responseOverride = mergeResponse(ctx.responseOverride, result.overrides.response);
  }
  return result;
}

// An engine that starts each render from the carried maps returns them whole; merging keeps what
// an earlier template set either way.
function mergeRequest(before: TemplateOverrides['request'] | undefined, now: TemplateOverrides['request']): TemplateOverrides['request'] {
  if (!before) return now;
  return { header: { ...before.header, ...now.header }, querystring: { ...before.querystring, ...now.querystring }, path: { ...before.path, ...now.path } };
}

function mergeResponse(before: TemplateOverrides['response'] | undefined, now: TemplateOverrides['response']): TemplateOverrides['response'] {
  if (!before) return now;
  return { status: now.status ?? before.status, header: { ...before.header, ...now.header } };
}

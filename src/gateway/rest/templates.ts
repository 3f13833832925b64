/**
 * Rendering the API's mapping templates inside the pipeline: choosing the template for a content
 * type, building the variables, and turning template failures into AWS's answers.
 */
import { apiConfigurationError } from '../errors.js';
import type { CompiledTemplate, RenderResult } from '../vtl/types.js';
import type { MaybeTemplate } from './compile.js';
import type { InvocationContext } from './context.js';
import { contextVariables } from './context-variables.js';

/** The media type without parameters, lower-cased: 'application/json; charset=utf-8' -> 'application/json'. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const i = contentType.indexOf(';');
  return (i < 0 ? contentType : contentType.slice(0, i)).trim().toLowerCase();
}

export function usable(t: MaybeTemplate): CompiledTemplate {
  if (!t.ok) throw apiConfigurationError();
  return t.template;
}

/** Renders with `$input` over `body`, the method request's parameters, `$context` and stage variables. */
export function render(template: CompiledTemplate, ctx: InvocationContext, body: string): RenderResult {
  const mr = ctx.methodRequest;
  try {
    return template.render({
      input: {
        body,
        params: { path: mr?.pathParameters ?? {}, querystring: mr?.querystring ?? {}, header: mr?.header ?? {} },
      },
      context: contextVariables(ctx),
      stageVariables: ctx.stage?.variables ?? {},
    });
  } catch (err) {
    console.error(`[gatehouse] mapping template failed (request ${ctx.requestId}): ${(err as Error).message}`);
    throw apiConfigurationError();
  }
}

/**
 * Gateway response: every error the pipeline raises is answered here, as the API's gateway
 * response for its type (the user's override when there is one, AWS's default otherwise), with
 * `$context.error.message`, `messageString` and `responseType` available to its template.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
 */
import { DEFAULT_STATUS, type GatewayError } from '../../errors.js';
import type { InvocationContext } from '../context.js';
import { contextVariables } from '../context-variables.js';
import { resolveMapping } from '../parameter-mapping.js';
import { render, usable } from '../templates.js';

export function gatewayResponse(ctx: InvocationContext): void {
  const error = ctx.error!;
  const vars = contextVariables(ctx);
  vars.error = { message: error.message, messageString: JSON.stringify(error.message), responseType: error.responseType };
  const gr = ctx.stage?.api.gatewayResponses.get(error.responseType);
  const headers: Record<string, string[]> = {};
  let statusCode = error.statusOverride ?? (gr?.statusCode ? Number(gr.statusCode) : DEFAULT_STATUS[error.responseType]);
  let body = Buffer.from(JSON.stringify({ message: error.message }), 'utf8');
  if (gr) {
    for (const [target, source] of Object.entries(gr.responseParameters)) {
      if (!target.startsWith('gatewayresponse.header.')) continue;
      const value = resolveMapping(source, ctx);
      if (value !== undefined) headers[target.slice('gatewayresponse.header.'.length).toLowerCase()] = Array.isArray(value) ? value : [value];
    }
    const template = gr.responseTemplates.get('application/json') ?? gr.responseTemplates.values().next().value;
    if (template) {
      try {
        body = Buffer.from(render(usable(template), ctx, '').output, 'utf8');
      } catch {
        // A broken gateway-response template still answers; AWS falls back to its default body.
      }
    }
    if (gr.statusCode && error.statusOverride === undefined) statusCode = Number(gr.statusCode);
  }
  headers['content-type'] ??= ['application/json'];
  const errorType = errorTypeOf(error);
  if (errorType) headers['x-amzn-errortype'] = [errorType];
  ctx.response = { statusCode, headers, body };
}

function errorTypeOf(error: GatewayError): string | undefined {
  return error.errorType;
}

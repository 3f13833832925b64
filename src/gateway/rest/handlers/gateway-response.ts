/**
 * Gateway response: every error the pipeline raises is answered here, as the API's gateway
 * response for its type. The deployment carries every type as in effect (the user's own, else one
 * inherited from a put DEFAULT_4XX / DEFAULT_5XX, else AWS's default: deployment-snapshot.ts), so
 * this stage only applies it: the status code, `gatewayresponse.header.*` from
 * `method.request.*`, `context.*`, `stageVariables.*` or a static value, and the template chosen by
 * the Accept type with `$context.error.message`, `messageString` and `responseType`.
 * Without a deployment (an unknown API or stage) AWS's defaults answer.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gatewayResponse-definition.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html
 */
import { DEFAULT_STATUS, type GatewayError } from '../../errors.js';
import type { CompiledGatewayResponse, MaybeTemplate } from '../compile.js';
import type { InvocationContext } from '../context.js';
import { contextVariables } from '../context-variables.js';
import { hasHeader, setHeader, type HeaderMap } from '../headers.js';
import { evaluateMapping } from '../parameter-mapping.js';
import { pickTemplate, render } from '../templates.js';
import { methodRequest } from './method-request.js';

/** The template of every default gateway response; its output is known without rendering it. */
const DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

export function gatewayResponse(ctx: InvocationContext): void {
  const error = ctx.error!;
  const gr = ctx.stage?.api.gatewayResponses.get(error.responseType);
  const headers: HeaderMap = {};
  let body: Buffer | undefined;
  let contentType = 'application/json';
  if (gr) {
    const custom = Object.keys(gr.responseParameters).length > 0 || !isDefault(gr.responseTemplates);
    if (custom) {
      // Parameters and templates read the method request, which an early error (no route) has not parsed yet.
      if (!ctx.methodRequest) methodRequest(ctx);
      contextVariables(ctx).error = errorVariables(error);
      for (const m of gr.headerMappings) {
        const value = evaluateMapping(m.source, ctx);
        if (value !== undefined) setHeader(headers, m.name, [Array.isArray(value) ? value.join(',') : value]);
      }
    }
    const picked = pickTemplate(gr.responseTemplates, ctx.request.headers['accept']);
    if (picked) {
      contentType = picked.contentType;
      if (custom) body = renderTemplate(picked.template, ctx);
    }
  }
  body ??= defaultBody(error);
  if (!hasHeader(headers, 'Content-Type')) setHeader(headers, 'Content-Type', [contentType]);
  const errorType = error.errorType;
  if (errorType) setHeader(headers, 'x-amzn-ErrorType', [errorType]);
  ctx.response = { statusCode: statusOf(error, gr), headers, body };
}

/**
 * The API's status code for the type when the user set one; else the status AWS answers this
 * particular error with (e.g. 500 for an unreachable HTTP endpoint although INTEGRATION_FAILURE
 * defaults to 504); else the type's default.
 */
function statusOf(error: GatewayError, gr: CompiledGatewayResponse | undefined): number {
  const fallback = error.statusOverride ?? DEFAULT_STATUS[error.responseType];
  const configured = gr?.statusCode ? Number(gr.statusCode) : undefined;
  if (configured === undefined || !Number.isInteger(configured)) return fallback;
  return configured === DEFAULT_STATUS[error.responseType] ? fallback : configured;
}

/**
 * AWS's default body. The integration-side 5XX answers ("Internal server error", "Endpoint request
 * timed out") come from another part of AWS and carry a space after the colon: the recorded
 * Content-Length of AWS's 500 is 36 bytes (test_apigateway_integrations, header remapping), while
 * {"message":"Missing Authentication Token"} has none.
 */
function defaultBody(error: GatewayError): Buffer {
  // A Lambda authorizer's failures: {"message":null}; its policy's denials: {"Message":"User is not
  // authorized to access this resource..."} (AWS's capital M for ACCESS_DENIED).
  if (NULL_MESSAGE.has(error.responseType)) return Buffer.from('{"message":null}', 'utf8');
  if (error.responseType === 'ACCESS_DENIED') return Buffer.from(JSON.stringify({ Message: error.message }), 'utf8');
  const spaced = error.responseType === 'INTEGRATION_FAILURE' || error.responseType === 'INTEGRATION_TIMEOUT' || error.responseType === 'API_CONFIGURATION_ERROR';
  return Buffer.from(spaced ? `{"message": ${JSON.stringify(error.message)}}` : JSON.stringify({ message: error.message }), 'utf8');
}

const NULL_MESSAGE = new Set(['AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE']);

/** `$context.error`: messageString is the message as a quoted JSON string (null for the authorizer's failures). */
function errorVariables(error: GatewayError): Record<string, unknown> {
  const none = NULL_MESSAGE.has(error.responseType);
  return {
    message: none ? null : error.message,
    messageString: none ? 'null' : JSON.stringify(error.message),
    responseType: error.responseType,
    // What a request validator found wrong (request-validation.ts); empty for every other error.
    validationErrorString: error.validationErrorString ?? '',
  };
}

function isDefault(templates: Map<string, MaybeTemplate>): boolean {
  if (templates.size !== 1) return false;
  const t = templates.get('application/json');
  return !!t && t.ok && t.template.source === DEFAULT_TEMPLATE;
}

/** A template that does not compile or fails leaves AWS's default body in place. */
function renderTemplate(t: MaybeTemplate, ctx: InvocationContext): Buffer | undefined {
  if (!t.ok) return undefined;
  try {
    return Buffer.from(render(t.template, ctx, '', 'gateway').output, 'utf8');
  } catch {
    return undefined;
  }
}

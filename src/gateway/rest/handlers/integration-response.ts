/**
 * Integration response (non-proxy integrations: MOCK, HTTP, AWS): pick the integration response
 * whose selectionPattern matches the endpoint's status code as a whole (Java `matches`), else the
 * default one; map headers into method response headers; convert the payload for binary support;
 * run the response template chosen by the client's Accept type; apply `$context.responseOverride`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-integration-settings-integration-response.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 */
import { apiConfigurationError } from '../../errors.js';
import { acceptsBinary, convertResponsePayload, isBinaryMediaType, templateBody } from '../binary.js';
import type { CompiledIntegrationResponse } from '../compile.js';
import type { InvocationContext } from '../context.js';
import { hasHeader, setHeader, type HeaderMap } from '../headers.js';
import { evaluateMapping } from '../parameter-mapping.js';
import { mediaType, pickTemplate, render, usable } from '../templates.js';

export function integrationResponse(ctx: InvocationContext): void {
  if (ctx.response) return; // a proxy integration answered already
  const integration = ctx.method!.integration!;
  const endpoint = ctx.endpointResponse!;
  const selected = select(integration.integrationResponses, endpoint.selectionValue ?? String(endpoint.statusCode));
  // AWS's log: "Execution failed due to configuration error: No match for output mapping and no
  // default output mapping configured. Endpoint Response Status Code: 404" -> 500.
  if (!selected) {
    throw apiConfigurationError(`No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${endpoint.statusCode}`);
  }

  // The integration response must name a method response of the method ("If no method response is
  // defined for the returned status code, API Gateway returns a 500 error"; AWS's log: "Execution
  // failed due to configuration error: Output mapping refers to an invalid method response: 201").
  if (!Object.hasOwn(ctx.method!.methodResponses, selected.statusCode)) {
    throw apiConfigurationError(`Output mapping refers to an invalid method response: ${selected.statusCode}`);
  }

  const headers: HeaderMap = {};
  for (const m of selected.headerMappings) {
    const value = evaluateMapping(m.source, ctx);
    // A method response header is one header: several values of a multivalueheader are joined.
    if (value !== undefined) setHeader(headers, m.name, [Array.isArray(value) ? value.join(',') : value]);
  }

  const binaryTypes = ctx.stage?.api.binaryMediaTypes ?? [];
  const payloadType = mediaType(endpoint.headers['content-type']?.[0]);
  const payload = convertResponsePayload(endpoint.body, isBinaryMediaType(payloadType, binaryTypes), acceptsBinary(ctx), selected.contentHandling);

  let body = payload.body;
  const picked = pickTemplate(selected.responseTemplates, ctx.request.headers['accept']);
  if (picked) {
    body = Buffer.from(render(usable(picked.template), ctx, templateBody(payload, 'response'), 'response').output, 'utf8');
    if (!hasHeader(headers, 'Content-Type')) setHeader(headers, 'Content-Type', [picked.contentType]);
  }

  let statusCode = Number(selected.statusCode);
  const override = ctx.responseOverride;
  if (override) {
    // AWS ignores a status override that is not an HTTP status code.
    if (override.status !== undefined && override.status >= 100 && override.status <= 599) statusCode = override.status;
    for (const name in override.header) setHeader(headers, name, [override.header[name]]);
  }
  ctx.response = { statusCode, headers, body };
}

/** Responses with a pattern in order (compile.ts puts the default one last), the default when none matches. */
function select(responses: CompiledIntegrationResponse[], statusCode: string): CompiledIntegrationResponse | undefined {
  for (const r of responses) {
    if (!r.selectionPattern || r.selectionPattern.test(statusCode)) return r;
  }
  return undefined;
}

/**
 * `$context` for one render, and the overrides a template sets through it.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 *
 * Each render gets its own `$context` object (a shallow copy of the pipeline's tree) with fresh
 * `requestOverride` / `responseOverride` maps, so a template's `#set` never writes into the
 * pipeline's objects. The maps start from the overrides already in `vars.context`: AWS carries what
 * a request template set into the response template — recorded in test_apigateway_integrations.snapshot.json,
 * test_integration_mock_with_response_override_in_request_template (status 444, header and a custom
 * key set in the request template read back in the response template) and
 * test_integration_mock_with_request_overrides_in_response_template.
 */
import { isMap, javaToString } from './java-semantics.js';
import type { TemplateOverrides } from './types.js';

export interface ContextOverrides {
  requestOverride: Record<string, unknown>;
  responseOverride: Record<string, unknown>;
}

export interface RenderContext extends ContextOverrides {
  root: Record<string, unknown>;
}

function copyMap(value: unknown): Record<string, unknown> {
  return isMap(value) ? Object.assign({}, value) : {};
}

// Object.assign rather than spread syntax: `{ ...undefined, k: v }` takes a slow path in V8 (~1 µs).
export function buildContext(context: Record<string, unknown> | undefined): RenderContext {
  const root: Record<string, unknown> = Object.assign({}, context);
  const seedRequest = isMap(root.requestOverride) ? root.requestOverride : undefined;
  const seedResponse = isMap(root.responseOverride) ? root.responseOverride : undefined;
  // Key order as AWS lists them (test_apigateway_sqs.snapshot.json, test_sqs_amz_json_protocol).
  const requestOverride: Record<string, unknown> =
    seedRequest === undefined
      ? { path: {}, header: {}, querystring: {} }
      : Object.assign({}, seedRequest, { path: copyMap(seedRequest.path), header: copyMap(seedRequest.header), querystring: copyMap(seedRequest.querystring) });
  const responseOverride: Record<string, unknown> =
    seedResponse === undefined ? { header: {} } : Object.assign({}, seedResponse, { header: copyMap(seedResponse.header) });
  root.requestOverride = requestOverride;
  root.responseOverride = responseOverride;
  return { root, requestOverride, responseOverride };
}

/**
 * An override value as the string sent on the wire. A list becomes its values joined by commas,
 * as the guide's multi-value header example logs it (`multivalueheader=foo,header1Valheader2Val`).
 */
function overrideValue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => javaToString(v)).join(',');
  return javaToString(value);
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(value)) return out;
  for (const key of Object.keys(value)) {
    const v = overrideValue(value[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const DIGITS = /^\s*\d+\s*$/;

/** `$context.responseOverride.status` as an integer status code; anything else is ignored. */
function statusValue(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && DIGITS.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/** The overrides as the pipeline applies them, read from what the template left in the maps. */
export function captureOverrides(o: ContextOverrides): TemplateOverrides {
  const status = statusValue(o.responseOverride.status);
  const response: TemplateOverrides['response'] = { header: stringMap(o.responseOverride.header) };
  if (status !== undefined) response.status = status;
  return {
    request: {
      header: stringMap(o.requestOverride.header),
      querystring: stringMap(o.requestOverride.querystring),
      path: stringMap(o.requestOverride.path),
    },
    response,
  };
}

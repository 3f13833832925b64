/**
 * The names and mapping expressions of method and integration parameters, checked as AWS checks
 * them when a method, method response, integration or integration response is put or updated.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 *
 * AWS reports these as BadRequestException "Invalid mapping expression specified: Validation
 * Result: warnings : [], errors : [<detail>]" (recorded: a method request parameter named `true`
 * answers "... errors : [Invalid mapping expression specified: true]").
 */
import { badRequest } from '../../aws/errors.js';

const LOCATION = '(path|querystring|multivaluequerystring|header|multivalueheader)';
const METHOD_REQUEST_PARAM = new RegExp(`^method\\.request\\.${LOCATION}\\.(\\S+)$`);
const METHOD_RESPONSE_HEADER = /^method\.response\.header\.\S+$/;
const INTEGRATION_REQUEST_PARAM = new RegExp(`^integration\\.request\\.${LOCATION}\\.\\S+$`);
const INTEGRATION_RESPONSE_SOURCE = /^integration\.response\.((header|multivalueheader)\.\S+|body(\..+)?)$/;
/** 'static value', stageVariables.x, context.x: accepted on both sides. */
const COMMON_SOURCE = /^('.*'|stageVariables\.\S+|context\.\S+)$/s;
const METHOD_BODY_SOURCE = /^method\.request\.body(\..+)?$/;

export const mappingError = (detail: string) =>
  badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${detail}]`);
export const invalidExpression = (expression: string) => mappingError(`Invalid mapping expression specified: ${expression}`);
export const invalidParameter = (parameter: string) => mappingError(`Invalid mapping expression parameter specified: ${parameter}`);

/** querystring and header each include their multi-value form; path stands alone. */
function locationGroup(location: string): string {
  return location.replace(/^multivalue/, '');
}

/**
 * Method request parameters: `method.request.{location}.{name}` -> required?. A name may be used
 * in one location only (recorded: "Parameter names must be unique across querystring, header and path").
 */
export function validateMethodRequestParameters(params: Record<string, boolean> | undefined): void {
  if (!params) return;
  const groupOf = new Map<string, string>();
  for (const key of Object.keys(params)) {
    if (!METHOD_REQUEST_PARAM.test(key)) throw invalidExpression(key);
  }
  for (const key of Object.keys(params)) {
    const [, location, name] = METHOD_REQUEST_PARAM.exec(key)!;
    const group = locationGroup(location);
    const seen = groupOf.get(name);
    if (seen !== undefined && seen !== group) throw badRequest('Parameter names must be unique across querystring, header and path');
    groupOf.set(name, group);
  }
}

/** Method response parameters: only headers, `method.response.header.{name}` -> required?. */
export function validateMethodResponseParameters(params: Record<string, boolean> | undefined): void {
  for (const key of Object.keys(params ?? {})) {
    if (!METHOD_RESPONSE_HEADER.test(key)) throw invalidExpression(key);
  }
}

/**
 * Integration request parameters: `integration.request.{location}.{name}` mapped from a method
 * request parameter the method declares ("It must have been defined before it can be referenced"),
 * the body or a JSONPath into it, a stage or context variable, or a 'static' value.
 */
export function validateIntegrationRequestParameters(params: Record<string, string> | undefined, declared: Record<string, boolean> | undefined): void {
  for (const [key, source] of Object.entries(params ?? {})) {
    if (!INTEGRATION_REQUEST_PARAM.test(key)) throw invalidParameter(key);
    if (COMMON_SOURCE.test(source) || METHOD_BODY_SOURCE.test(source)) continue;
    const m = METHOD_REQUEST_PARAM.exec(source);
    if (!m) throw invalidExpression(source);
    if (!isDeclared(m[1], m[2], declared)) throw invalidParameter(source);
  }
}

function isDeclared(location: string, name: string, declared: Record<string, boolean> | undefined): boolean {
  const group = locationGroup(location);
  return Object.keys(declared ?? {}).some((k) => {
    const m = METHOD_REQUEST_PARAM.exec(k);
    return !!m && m[2] === name && locationGroup(m[1]) === group;
  });
}

/**
 * Integration response parameters map onto headers the method response for the same status code
 * declares; without such a method response AWS answers "No method response exists for method.".
 */
export function validateIntegrationResponseParameters(
  params: Record<string, string> | undefined,
  methodResponseParams: Record<string, boolean> | undefined,
  hasMethodResponse: boolean,
): void {
  const entries = Object.entries(params ?? {});
  if (!entries.length) return;
  if (!hasMethodResponse) throw mappingError('No method response exists for method.');
  for (const [key, source] of entries) {
    if (!METHOD_RESPONSE_HEADER.test(key) || !(key in (methodResponseParams ?? {}))) throw invalidParameter(key);
    if (!COMMON_SOURCE.test(source) && !INTEGRATION_RESPONSE_SOURCE.test(source)) throw invalidExpression(source);
  }
}

const CONTENT_TYPE = /^[\w.+*-]+\/[\w.+*-]+(\s*;.*)?$/s;

/**
 * Mapping templates by content type. The key must be a media type (recorded: a key `123` answers
 * "Validation Result: warnings : [], errors : [Invalid content type specified: 123]"); a template
 * given as "" is stored as null, which is what AWS answers for it.
 */
export function normalizeTemplates(templates: Record<string, string> | undefined): Record<string, string | null> | undefined {
  if (templates === undefined) return undefined;
  const out: Record<string, string | null> = {};
  for (const [contentType, template] of Object.entries(templates)) {
    checkContentType(contentType);
    out[contentType] = templateValue(template);
  }
  return out;
}

/** A template as stored: "" (or, patched, no value) is null. */
export const templateValue = (template: string | undefined): string | null => (template === undefined || template === '' ? null : template);

export function checkContentType(contentType: string): void {
  if (!CONTENT_TYPE.test(contentType)) {
    throw badRequest(`Validation Result: warnings : [], errors : [Invalid content type specified: ${contentType}]`);
  }
}

/** Every key of a template map must be a media type (after a patch, which does not check them). */
export function checkTemplateContentTypes(templates: Record<string, unknown> | undefined): void {
  for (const contentType of Object.keys(templates ?? {})) checkContentType(contentType);
}

const CONTENT_HANDLING = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];

/** An integration's or integration response's contentHandling, when set. */
export function checkContentHandling(contentHandling: string | undefined): void {
  if (contentHandling !== undefined && !CONTENT_HANDLING.includes(contentHandling)) {
    throw badRequest(`Invalid content handling specified: ${contentHandling}. Valid options are ${CONTENT_HANDLING.join(',')}`);
  }
}

/**
 * Patch values are strings; AWS reads booleans as Java's Boolean.parseBoolean does: "true" in any
 * case is true, anything else false (recorded: /apiKeyRequired "whatever" answers false).
 */
export function javaBoolean(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/**
 * Parameter mapping expressions: where a mapped value comes from.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/request-response-data-mappings.html
 *
 *   'literal'                                   a static value
 *   method.request.path|querystring|header.N    the method request's parameters (the last value)
 *   method.request.multivaluequerystring|multivalueheader.N   every value
 *   method.request.body                         the request body
 *   method.request.body.JSONPath                a field of the JSON body (`$.` omitted: body.pets[0].name)
 *   context.a.b, stageVariables.N               $context and stage variables
 *   integration.response.header|multivalueheader.N, integration.response.body(.JSONPath)   (response side)
 *
 * An expression is parsed once (`compileMappingSource`, done when a deployment is compiled:
 * compile.ts, integrations/http-plan.ts) and evaluated per request (`evaluateMapping`).
 */
import { invalidJsonBody } from '../errors.js';
import { compileJsonPath, evaluateJsonPath } from '../vtl/jsonpath.js';
import { parseJsonText } from '../vtl/json.js';
import type { InvocationContext } from './context.js';
import { contextVariables } from './context-variables.js';
import { headerKey } from './headers.js';

export type MappedValue = string | string[] | undefined;

export type MappingSource =
  | { kind: 'static'; value: string }
  | { kind: 'path' | 'querystring' | 'multivaluequerystring' | 'header' | 'multivalueheader'; name: string; lower: string }
  | { kind: 'body' }
  | { kind: 'bodyPath'; path: string }
  | { kind: 'context'; keys: string[] }
  | { kind: 'stageVariable'; name: string }
  | { kind: 'responseHeader' | 'responseMultiValueHeader'; lower: string }
  | { kind: 'responseBody' }
  | { kind: 'responseBodyPath'; path: string }
  | { kind: 'unknown' };

const METHOD_LOCATIONS = new Set(['path', 'querystring', 'multivaluequerystring', 'header', 'multivalueheader']);

export function compileMappingSource(expression: string): MappingSource {
  if (expression.length >= 2 && expression.startsWith("'") && expression.endsWith("'")) return { kind: 'static', value: expression.slice(1, -1) };
  if (expression.startsWith('method.request.')) {
    const rest = expression.slice('method.request.'.length);
    if (rest === 'body') return { kind: 'body' };
    if (rest.startsWith('body.')) return jsonPathSource('bodyPath', rest.slice('body.'.length));
    const dot = rest.indexOf('.');
    const location = rest.slice(0, dot);
    const name = rest.slice(dot + 1);
    if (dot > 0 && name && METHOD_LOCATIONS.has(location)) return { kind: location as 'path', name, lower: name.toLowerCase() };
    return { kind: 'unknown' };
  }
  if (expression.startsWith('integration.response.')) {
    const rest = expression.slice('integration.response.'.length);
    if (rest === 'body') return { kind: 'responseBody' };
    if (rest.startsWith('body.')) return jsonPathSource('responseBodyPath', rest.slice('body.'.length));
    if (rest.startsWith('header.')) return { kind: 'responseHeader', lower: rest.slice('header.'.length).toLowerCase() };
    if (rest.startsWith('multivalueheader.')) return { kind: 'responseMultiValueHeader', lower: rest.slice('multivalueheader.'.length).toLowerCase() };
    return { kind: 'unknown' };
  }
  if (expression.startsWith('context.')) return { kind: 'context', keys: expression.slice('context.'.length).split('.') };
  if (expression.startsWith('stageVariables.')) return { kind: 'stageVariable', name: expression.slice('stageVariables.'.length) };
  return { kind: 'unknown' };
}

/** A JSONPath written without its `$.` (the guide: "The "$" prefix is omitted in this syntax"). */
function jsonPathSource(kind: 'bodyPath' | 'responseBodyPath', expression: string): MappingSource {
  const path = expression.startsWith('[') ? `$${expression}` : `$.${expression}`;
  try {
    compileJsonPath(path);
  } catch {
    return { kind: 'unknown' };
  }
  return { kind, path };
}

export function evaluateMapping(source: MappingSource, ctx: InvocationContext): MappedValue {
  switch (source.kind) {
    case 'static':
      return source.value;
    case 'path':
      return ctx.methodRequest ? own(ctx.methodRequest.pathParameters, source.name) : undefined;
    case 'querystring':
      return ctx.methodRequest ? own(ctx.methodRequest.querystring, source.name) : undefined;
    case 'multivaluequerystring':
      return ctx.methodRequest ? own(ctx.methodRequest.multiValueQuerystring, source.name) : undefined;
    case 'header':
      return ctx.methodRequest ? lookupHeader(ctx.methodRequest.header, source.name, source.lower) : undefined;
    case 'multivalueheader':
      return ctx.methodRequest ? lookupHeader(ctx.methodRequest.multiValueHeader, source.name, source.lower) : undefined;
    case 'body':
      requestJson(ctx);
      return ctx.request.body.toString('utf8');
    case 'bodyPath':
      return pathValue(requestJson(ctx), source.path);
    case 'context': {
      let v: unknown = contextVariables(ctx);
      for (const key of source.keys) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
      return asText(v);
    }
    case 'stageVariable':
      return ctx.stage ? own(ctx.stage.variables, source.name) : undefined;
    case 'responseHeader':
      return ctx.endpointResponse ? own(ctx.endpointResponse.headers, source.lower)?.at(-1) : undefined;
    case 'responseMultiValueHeader':
      return ctx.endpointResponse ? own(ctx.endpointResponse.headers, source.lower) : undefined;
    case 'responseBody':
      return ctx.endpointResponse?.body.toString('utf8');
    case 'responseBodyPath': {
      const res = ctx.endpointResponse;
      return res ? pathValue(parseJsonBody(res.body) ?? {}, source.path) : undefined;
    }
    case 'unknown':
      return undefined;
  }
}

/**
 * The request body as JSON, parsed once per request whichever mappings read it. AWS parses a body
 * for `method.request.body*` mappings only when it looks like JSON (starts with `{`, `[`, `"` or
 * `'`); such a body that does not parse answers 400 "Invalid JSON in request body". Anything else
 * reads as an empty object.
 */
const requestJsonCache = new WeakMap<InvocationContext, unknown>();

function requestJson(ctx: InvocationContext): unknown {
  if (requestJsonCache.has(ctx)) return requestJsonCache.get(ctx);
  const parsed = parseJsonBody(ctx.request.body);
  if (parsed === undefined) throw invalidJsonBody();
  requestJsonCache.set(ctx, parsed);
  return parsed;
}

/** undefined: the body looks like JSON but is not; {} when it does not look like JSON at all. */
function parseJsonBody(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  const first = text.charCodeAt(0);
  // { [ " '
  if (first !== 0x7b && first !== 0x5b && first !== 0x22 && first !== 0x27) return {};
  try {
    // Jackson's nesting limit applies here too: a document over 1,000 levels deep is invalid JSON.
    return parseJsonText(text);
  } catch {
    return undefined;
  }
}

function pathValue(document: unknown, path: string): string | undefined {
  let result;
  try {
    result = evaluateJsonPath(document, path);
  } catch {
    return undefined;
  }
  return result.found ? asText(result.value) : undefined;
}

/** Strings as they are; numbers and booleans as text; objects and lists as JSON. */
function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** HTTP header names are case-insensitive; mappings name them in any case. */
function lookupHeader<T>(headers: Record<string, T>, name: string, lower: string): T | undefined {
  const key = headerKey(headers, name, lower);
  return key === undefined ? undefined : headers[key];
}

/** A record's own entry: a parameter named `constructor` or `__proto__` is data, not Object's. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

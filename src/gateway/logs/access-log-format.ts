/**
 * An access log format (the stage's accessLogSettings.format) compiled once per stage into
 * literal text and `$context` lookups, rendered per request. Every variable AWS documents for
 * access logging resolves (those of templates through `$context` as templates see it,
 * context-variables.ts, and the access-logging-only ones from what the request ended with); a
 * variable without a value is written as `-`, as AWS writes it. Values are written as they are,
 * unescaped, as AWS does: a format is text (CLF, JSON, XML, CSV...), not a template.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#context-variable-reference-access-logging-only
 */
import type { InvocationContext } from '../rest/context.js';
import { contextVariables } from '../rest/context-variables.js';
import { traceId } from '../rest/handlers/response-headers.js';

/** What the request ended with, beyond the context itself. */
export interface RequestEnd {
  /** ms from arrival to the answer written */
  responseLatency: number;
  /** the stage's tracingEnabled (X-Ray): `$context.xrayTraceId` is set only then */
  tracingEnabled: boolean;
}

type Lookup = (ctx: InvocationContext, end: RequestEnd) => unknown;
type Part = string | Lookup;

export interface AccessLogFormat {
  parts: Part[];
}

/**
 * `$context.a.b.c`: letters, digits and underscores between dots. A trailing dot, a hyphen or any
 * other character ends the variable (`$context.stage-$context.apiId`, `$context.status.`).
 */
const VARIABLE = /\$context((?:\.[A-Za-z0-9_]+)+)/g;

export function compileAccessLogFormat(format: string): AccessLogFormat {
  const parts: Part[] = [];
  let at = 0;
  for (const m of format.matchAll(VARIABLE)) {
    if (m.index! > at) parts.push(format.slice(at, m.index));
    parts.push(lookupOf(m[1].slice(1)));
    at = m.index! + m[0].length;
  }
  if (at < format.length) parts.push(format.slice(at));
  return { parts };
}

export function renderAccessLog(f: AccessLogFormat, ctx: InvocationContext, end: RequestEnd): string {
  let out = '';
  for (const p of f.parts) {
    if (typeof p === 'string') out += p;
    else out += text(p(ctx, end));
  }
  return out;
}

function text(v: unknown): string {
  if (v === undefined || v === null || v === '') return '-';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const ms = (n: number | undefined) => (n === undefined ? undefined : Math.round(n));

/** The authorizer's share of the request, when the method has one (Lambda; Cognito when its helper fills ctx.authorizer). */
function authorizerStatus(ctx: InvocationContext): number | undefined {
  if (ctx.authorizer) return 200;
  const t = ctx.error?.responseType;
  if (t === 'UNAUTHORIZED' || t === 'ACCESS_DENIED' || t === 'AUTHORIZER_FAILURE' || t === 'AUTHORIZER_CONFIGURATION_ERROR') return ctx.error!.statusOverride ?? statusOf(ctx);
  return undefined;
}

function statusOf(ctx: InvocationContext): number | undefined {
  return ctx.response?.statusCode;
}

function integrationError(ctx: InvocationContext): string | undefined {
  const t = ctx.error?.responseType;
  if (t === 'INTEGRATION_FAILURE' || t === 'INTEGRATION_TIMEOUT') return ctx.error!.detail ?? ctx.error!.message;
  const selection = ctx.endpointResponse?.selectionValue;
  return selection || undefined;
}

function integrationStatus(ctx: InvocationContext): number | undefined {
  const type = ctx.method?.integration?.type;
  if (!ctx.endpointResponse) return undefined;
  // For Lambda integrations AWS means Lambda's own status (the Invoke call's), 200 when it answered.
  return type === 'AWS_PROXY' || type === 'AWS' ? 200 : ctx.endpointResponse.statusCode;
}

function authorizerVar(ctx: InvocationContext, key: string): unknown {
  const a = contextVariables(ctx).authorizer as Record<string, unknown> | undefined;
  return a?.[key];
}

/** Variables only access logs have, and those whose value is the request's outcome. */
const LOG_ONLY: Record<string, Lookup> = {
  status: (ctx) => statusOf(ctx),
  responseLength: (ctx) => ctx.response?.body.length,
  responseLatency: (_, end) => ms(end.responseLatency),
  integrationLatency: (ctx) => ms(ctx.integrationLatency),
  'integration.latency': (ctx) => ms(ctx.integrationLatency),
  'integration.status': (ctx) => ctx.endpointResponse?.statusCode,
  'integration.integrationStatus': integrationStatus,
  integrationStatus: integrationStatus,
  'integration.error': integrationError,
  integrationErrorMessage: integrationError,
  'integration.requestId': () => undefined,
  awsEndpointRequestId: () => undefined,
  'error.message': (ctx) => ctx.error?.message,
  'error.messageString': (ctx) => (ctx.error ? JSON.stringify(ctx.error.message) : undefined),
  'error.responseType': (ctx) => ctx.error?.responseType,
  'error.validationErrorString': (ctx) => (contextVariables(ctx).error as Record<string, unknown> | undefined)?.validationErrorString,
  'authorizer.status': authorizerStatus,
  'authorizer.integrationStatus': (ctx) => (ctx.method?.authorizer && ctx.authorizer ? 200 : undefined),
  'authorizer.latency': (ctx) => authorizerVar(ctx, 'integrationLatency'),
  'authorizer.integrationLatency': (ctx) => authorizerVar(ctx, 'integrationLatency'),
  'authorizer.error': (ctx) => (authorizerStatus(ctx) !== undefined && !ctx.authorizer ? ctx.error?.message : undefined),
  'authorizer.requestId': () => undefined,
  'authorize.status': authorizerStatus,
  'authorize.latency': (ctx) => authorizerVar(ctx, 'integrationLatency'),
  'authorize.error': (ctx) => (authorizerStatus(ctx) !== undefined && !ctx.authorizer ? ctx.error?.message : undefined),
  'authenticate.status': authorizerStatus,
  'authenticate.latency': (ctx) => authorizerVar(ctx, 'integrationLatency'),
  'authenticate.error': (ctx) => (authorizerStatus(ctx) !== undefined && !ctx.authorizer ? ctx.error?.message : undefined),
  xrayTraceId: (ctx, end) => (end.tracingEnabled ? /Root=([^;]+)/.exec(traceId(ctx))?.[1] : undefined),
  // No AWS WAF in front of Gatehouse, and custom-domain base paths are not on the context.
  'waf.error': () => undefined,
  'waf.latency': () => undefined,
  'waf.status': () => undefined,
  wafResponseCode: () => undefined,
  webaclArn: () => undefined,
  'customDomain.basePathMatched': () => undefined,
  'responseOverride.status': (ctx) => ctx.responseOverride?.status,
};

function lookupOf(path: string): Lookup {
  const own = LOG_ONLY[path];
  if (own) return own;
  const names = path.split('.');
  if (names[0] === 'requestOverride' || names[0] === 'responseOverride') {
    return (ctx) => dig(ctx[names[0] as 'requestOverride' | 'responseOverride'], names.slice(1));
  }
  // Everything else is `$context` as templates see it (ids, identity, authorizer, path...).
  return (ctx) => dig(contextVariables(ctx), names);
}

function dig(value: unknown, names: string[]): unknown {
  let v = value;
  for (const n of names) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[n];
  }
  return v;
}

/**
 * `$context.*` for HTTP APIs, as parameter mappings, identity sources and access logs read them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 */
import { requestTime } from '../rest/context-variables.js';
import type { HttpContext } from './context.js';

export const domainNameOf = (ctx: HttpContext) => ctx.request.host.replace(/:\d+$/, '');

/** The path the client asked for, decoded, with its stage segment or mapping key (`/dev/pets` on a named stage, `/pets` on $default). */
export const stagePath = (ctx: HttpContext) => (ctx.pathPrefix ? safeDecode(ctx.pathPrefix) + ctx.request.path : ctx.request.path);

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function contextValue(ctx: HttpContext, name: string): string | undefined {
  const req = ctx.request;
  switch (name) {
    case 'accountId':
      return ctx.stage.scope.account;
    case 'apiId':
      return ctx.stage.apiId;
    case 'awsEndpointRequestId':
    case 'requestId':
    case 'extendedRequestId':
      return ctx.requestId;
    case 'domainName':
      return domainNameOf(ctx);
    case 'domainPrefix':
      return domainNameOf(ctx).split('.')[0];
    case 'httpMethod':
      return req.httpMethod;
    case 'path':
      return stagePath(ctx);
    case 'protocol':
      return req.protocol;
    case 'requestTime':
      return requestTime(ctx.requestTimeEpoch);
    case 'requestTimeEpoch':
      return String(ctx.requestTimeEpoch);
    case 'routeKey':
      return ctx.routeKey;
    case 'stage':
      return ctx.stage.stageName;
    case 'identity.sourceIp':
      return req.sourceIp;
    case 'identity.userAgent':
      return req.headers['user-agent'];
    case 'status':
      return ctx.response ? String(ctx.response.statusCode) : undefined;
    case 'integrationErrorMessage':
    case 'error.message':
      return ctx.errorMessage;
    case 'integrationStatus':
      return ctx.integrationStatus === undefined ? undefined : String(ctx.integrationStatus);
    case 'integrationLatency':
      return ctx.integrationLatency === undefined ? undefined : String(Math.round(ctx.integrationLatency));
    case 'responseLatency':
      return ctx.responseLatency === undefined ? undefined : String(Math.round(ctx.responseLatency));
    case 'responseLength':
      return ctx.response ? String(ctx.response.body.length) : undefined;
  }
  if (name.startsWith('authorizer.')) return authorizerValue(ctx, name.slice('authorizer.'.length));
  if (name.startsWith('identity.') && ctx.iam) {
    const v = (ctx.iam as Record<string, string | undefined>)[name.slice('identity.'.length)];
    return v;
  }
  return undefined;
}

/** `$context.authorizer.claims.x` (JWT), `$context.authorizer.principalId`, `$context.authorizer.x` (Lambda context). */
function authorizerValue(ctx: HttpContext, name: string): string | undefined {
  const a = ctx.authorizer;
  if (!a) return undefined;
  const jwt = a.jwt as { claims?: Record<string, unknown> } | undefined;
  if (name.startsWith('claims.') && jwt?.claims) return scalar(jwt.claims[name.slice(7)]);
  const lambda = a.lambda as Record<string, unknown> | undefined;
  if (lambda && name in lambda) return scalar(lambda[name]);
  if (name === 'principalId') return scalar(a.principalId);
  return undefined;
}

const scalar = (v: unknown) => (v === undefined || v === null ? undefined : typeof v === 'object' ? JSON.stringify(v) : String(v));

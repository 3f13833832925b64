/**
 * The HTTP API invocation pipeline: stage selection (apis.ts gives the stages), CORS preflight,
 * route selection, authorization, the integration, then the CORS headers of the answer. A stage
 * throws an HttpApiError to stop; it becomes `{"message": ...}` with its status.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
import { performance } from 'node:perf_hooks';
import type { HttpIntegrationClient } from '../integrations/http-client.js';
import type { LambdaFunctions } from '../integrations/lambda-functions.js';
import type { InvocationRequest } from '../rest/context.js';
import type { HttpApiEntry } from './apis.js';
import { authorize, type AuthorizeEnv } from './authorize.js';
import type { HttpContext, HttpResponse, HttpStage } from './context.js';
import { addCorsHeaders, isPreflight, preflightResponse } from './cors.js';
import { forbidden, HttpApiError, internalServerError, notFound } from './errors.js';
import { invokeHttpProxy } from './http-proxy.js';
import { invokeLambdaProxy } from './lambda.js';
import { invokeServiceIntegration } from './aws-service.js';
import type { AwsServices } from '../integrations/aws-service.js';
import type { RouteThrottles } from './throttle.js';

export interface HttpPipelineEnv extends AuthorizeEnv {
  http: HttpIntegrationClient;
  functions?: LambdaFunctions;
  throttles: RouteThrottles;
  /** Where AWS service integrations (integrationSubtype) are sent (--aws-endpoint); absent: 500 saying so. */
  awsServices?: AwsServices;
}

export interface HttpTarget {
  entry: HttpApiEntry;
  /** The stage a custom domain's API mapping names; undefined: read from the path (execute-api). */
  stageName?: string;
  /** The custom domain's mapping key as the client sent it (`/shop`), '' for the empty one. */
  pathPrefix?: string;
}

/**
 * Which stage answers a path on the execute-api endpoint: "If the request explicitly matches a
 * stage, API Gateway sends the request to that stage. If no stage fully matches the request, API
 * Gateway sends the request to the $default stage."
 */
export function selectStage(entry: HttpApiEntry, rawPath: string): { stage: HttpStage; rawPath: string; prefix: string } | undefined {
  const slash = rawPath.indexOf('/', 1);
  const first = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
  if (first && first !== '$default') {
    const named = entry.stages.get(first) ?? (first.includes('%') ? entry.stages.get(safeDecode(first)) : undefined);
    if (named) return { stage: named, rawPath: slash < 0 ? '/' : rawPath.slice(slash), prefix: `/${first}` };
  }
  const stage = entry.stages.get('$default');
  return stage ? { stage, rawPath, prefix: '' } : undefined;
}

/** A new context, or the error answer when no stage takes the request. */
export function newHttpContext(request: InvocationRequest, requestId: string, requestTimeEpoch: number, target: HttpTarget, viaCustomDomain: boolean): HttpContext | HttpApiError {
  let selected: { stage: HttpStage; rawPath: string; prefix: string } | undefined;
  if (target.stageName !== undefined) {
    const stage = target.entry.stages.get(target.stageName);
    selected = stage ? { stage, rawPath: request.rawPath, prefix: target.pathPrefix ?? '' } : undefined;
  } else {
    selected = selectStage(target.entry, request.rawPath);
  }
  if (!selected) return notFound();
  if (!viaCustomDomain && selected.stage.api.disableExecuteApiEndpoint) return forbidden('the default endpoint is disabled');
  if (selected.rawPath !== request.rawPath) {
    request.rawPath = selected.rawPath;
    request.path = selected.rawPath.includes('%') ? safeDecode(selected.rawPath) : selected.rawPath;
  }
  return { requestId, requestTimeEpoch, request, stage: selected.stage, routeKey: '-', pathPrefix: selected.prefix, viaCustomDomain };
}

export async function invokeHttpApi(ctx: HttpContext, env: HttpPipelineEnv): Promise<void> {
  const api = ctx.stage.api;
  const match = api.routes.match(ctx.request.httpMethod, ctx.request.rawPath);
  // API Gateway answers a preflight itself unless an OPTIONS route or the $default route takes it
  // ("The $default route catches requests for all methods ..., including OPTIONS requests"; the
  // guide's remedy for a $default route with an authorizer is an `OPTIONS /{proxy+}` route).
  if (api.cors && isPreflight(ctx.request) && !(match && (match.route.routeKey === '$default' || match.route.routeKey.startsWith('OPTIONS ')))) {
    ctx.response = preflightResponse(api.cors, ctx.request);
    return;
  }
  try {
    if (!match) throw notFound();
    ctx.route = match.route;
    ctx.routeKey = match.route.routeKey;
    ctx.pathParameters = match.pathParameters;
    const throttled = env.throttles.check(ctx);
    if (throttled) await throttled;
    if (match.route.authorizationType !== 'NONE') await authorize(ctx, env);
    const integration = match.route.integration;
    if (!integration) throw notFound();
    const started = performance.now();
    try {
      if (integration.service) ctx.response = await invokeServiceIntegration(ctx, integration.service, env.http, env.awsServices);
      else if (integration.subtype) throw internalServerError(`AWS service integrations (${integration.subtype}) are not built in Gatehouse yet`);
      else if (integration.connectionType === 'VPC_LINK') throw internalServerError('Private integrations (VPC_LINK) are not built in Gatehouse yet');
      else if (integration.type === 'AWS_PROXY') ctx.response = await invokeLambdaProxy(ctx, integration, env.functions);
      else if (integration.type === 'HTTP_PROXY') ctx.response = await invokeHttpProxy(ctx, integration, env.http);
      else throw internalServerError(`Integration type ${integration.type} is not served for HTTP APIs`);
    } finally {
      ctx.integrationLatency = performance.now() - started;
    }
  } catch (err) {
    ctx.response = errorResponse(ctx, err);
  } finally {
    if (api.cors && ctx.response) addCorsHeaders(api.cors, ctx.request, ctx.response);
  }
}

const JSON_TYPE = ['application/json'];

export function errorResponse(ctx: HttpContext | undefined, err: unknown): HttpResponse {
  let e: HttpApiError;
  if (err instanceof HttpApiError) e = err;
  else {
    console.error(`[gatehouse] HTTP API data plane error (request ${ctx?.requestId ?? '-'}):`, err);
    e = internalServerError(err instanceof Error ? err.message : String(err));
  }
  if (ctx) ctx.errorMessage = e.detail ?? e.message;
  return { statusCode: e.status, headers: { 'content-type': JSON_TYPE }, body: Buffer.from(JSON.stringify({ message: e.message })) };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

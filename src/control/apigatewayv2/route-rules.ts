/**
 * What a route may be, checked on the route as it will be stored (Create and Update share it):
 * its key, its target integration, its authorization, and the members only WebSocket routes have.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-control-access.html
 * (WebSocket APIs authorize on `$connect` only.)
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { ApiRecord, AuthorizerRecord, ModelRecord, RouteRecord } from '../../definitions/apigatewayv2.js';
import type { RequestContext } from '../types.js';
import { KIND, childKey, listChildren } from './records.js';
import { checkRouteKeyConflicts, checkWebSocketRouteKey, parseHttpRouteKey } from './route-keys.js';

const WEBSOCKET_ONLY = ['RequestParameters', 'RequestModels', 'ModelSelectionExpression', 'RouteResponseSelectionExpression'] as const;

export async function checkRoute(ctx: RequestContext, api: ApiRecord, route: RouteRecord): Promise<void> {
  const http = api.ProtocolType === 'HTTP';
  if (route.RouteKey === undefined || route.RouteKey === '') throw badRequest('Route key is required');
  if (http) parseHttpRouteKey(route.RouteKey);
  else checkWebSocketRouteKey(route.RouteKey);
  const others = (await listChildren<RouteRecord>(ctx, KIND.route, api.ApiId)).filter((r) => r.RouteId !== route.RouteId);
  checkRouteKeyConflicts(api.ProtocolType, route.RouteKey, others.map((r) => r.RouteKey));
  if (route.Target !== undefined) {
    const m = /^integrations\/([^/]+)$/.exec(route.Target);
    if (!m) throw badRequest(`Invalid target specified: ${route.Target}. The target must be integrations/{integrationId}`);
    if (!(await ctx.tx.get(KIND.integration, childKey(api.ApiId, m[1])))) throw notFound(`Invalid Integration identifier specified ${m[1]}`);
  }
  if (http) {
    for (const m of WEBSOCKET_ONLY) if (route[m] !== undefined) throw badRequest(`${m} is supported only for WebSocket APIs`);
    if (route.ApiKeyRequired) throw badRequest('ApiKeyRequired is supported only for WebSocket APIs');
  } else {
    checkWebSocketParameters(route);
    await checkRequestModels(ctx, api, route);
  }
  await checkAuthorization(ctx, api, route);
}

async function checkAuthorization(ctx: RequestContext, api: ApiRecord, route: RouteRecord): Promise<void> {
  const http = api.ProtocolType === 'HTTP';
  const type = route.AuthorizationType ?? 'NONE';
  if (!http && type === 'JWT') throw badRequest('JWT authorization is supported only for HTTP APIs');
  if (!http && type !== 'NONE' && route.RouteKey !== '$connect') throw badRequest('Currently, authorization is restricted to the $connect route only');
  if (route.AuthorizationScopes?.length && type !== 'JWT') throw badRequest('AuthorizationScopes are supported only for routes with JWT authorization');
  if (type === 'NONE' || type === 'AWS_IAM') {
    if (route.AuthorizerId !== undefined) throw badRequest(`An authorizer cannot be set on a route with authorization type ${type}`);
    return;
  }
  if (route.AuthorizerId === undefined) throw badRequest(`An authorizer ID is required for authorization type ${type}`);
  const authorizer = await ctx.tx.get<AuthorizerRecord>(KIND.authorizer, childKey(api.ApiId, route.AuthorizerId));
  if (!authorizer) throw notFound(`Invalid Authorizer identifier specified ${route.AuthorizerId}`);
  const expected = type === 'JWT' ? 'JWT' : 'REQUEST';
  if (authorizer.AuthorizerType !== expected) {
    throw badRequest(`Authorization type ${type} requires a ${expected} authorizer; authorizer ${route.AuthorizerId} is of type ${authorizer.AuthorizerType}`);
  }
}

function checkWebSocketParameters(route: RouteRecord): void {
  for (const key of Object.keys(route.RequestParameters ?? {})) {
    if (!/^route\.request\.(header|querystring)\.[^.\s]+$/.test(key)) throw badRequest(`Invalid request parameter key specified: ${key}`);
  }
  if (route.RouteResponseSelectionExpression !== undefined && route.RouteResponseSelectionExpression !== '$default') {
    throw badRequest(`Invalid route response selection expression specified: ${route.RouteResponseSelectionExpression}. Only $default is supported`);
  }
}

async function checkRequestModels(ctx: RequestContext, api: ApiRecord, route: RouteRecord): Promise<void> {
  const names = Object.values(route.RequestModels ?? {});
  if (!names.length) return;
  const models = new Set((await listChildren<ModelRecord>(ctx, KIND.model, api.ApiId)).map((m) => m.Name));
  for (const name of names) if (!models.has(name)) throw notFound(`Invalid model specified: ${name}`);
}

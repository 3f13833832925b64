/**
 * Routes: CreateRoute, GetRoute(s), UpdateRoute, DeleteRoute (its route responses go with it)
 * and DeleteRouteRequestParameter. UpdateRoute changes only what it is given.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes-routeid.html
 */
import { notFound } from '../../aws/errors.js';
import type {
  S_CreateRouteRequest,
  S_DeleteRouteRequest,
  S_DeleteRouteRequestParameterRequest,
  S_GetRouteRequest,
  S_GetRoutesRequest,
  S_UpdateRouteRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { RouteRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { afterApiChange } from './deploy.js';
import { managedDelete } from './quick-create.js';
import { KIND, childKey, childPrefix, compact, listChildren, newId, page, requireApi, requireChild } from './records.js';
import { checkRoute } from './route-rules.js';

const MEMBERS = [
  'ApiKeyRequired', 'AuthorizationScopes', 'AuthorizationType', 'AuthorizerId', 'ModelSelectionExpression', 'OperationName',
  'RequestModels', 'RequestParameters', 'RouteKey', 'RouteResponseSelectionExpression', 'Target',
] as const;

export const requireRoute = (ctx: RequestContext, apiId: string, routeId: string) =>
  requireChild<RouteRecord>(ctx, KIND.route, 'Route', apiId, routeId);

async function createRoute(input: S_CreateRouteRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const route: RouteRecord = compact({
    ApiKeyRequired: false,
    AuthorizationType: 'NONE',
    ...compact(Object.fromEntries(MEMBERS.map((m) => [m, input[m]]))),
    RouteId: newId(7),
  } as RouteRecord);
  await checkRoute(ctx, api, route);
  await ctx.tx.put(KIND.route, childKey(api.ApiId, route.RouteId), route);
  await afterApiChange(ctx, api.ApiId);
  return route;
}

async function getRoute(input: S_GetRouteRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return requireRoute(ctx, input.ApiId, input.RouteId);
}

async function getRoutes(input: S_GetRoutesRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return page(await listChildren<RouteRecord>(ctx, KIND.route, input.ApiId), input);
}

async function updateRoute(input: S_UpdateRouteRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const current = await requireRoute(ctx, input.ApiId, input.RouteId);
  const next: RouteRecord = { ...current };
  for (const m of MEMBERS) if (input[m] !== undefined) (next as unknown as Record<string, unknown>)[m] = input[m];
  // Leaving JWT or CUSTOM authorization drops the authorizer and scopes that only they use.
  if (input.AuthorizationType === 'NONE' || input.AuthorizationType === 'AWS_IAM') {
    if (input.AuthorizerId === undefined) delete next.AuthorizerId;
    if (input.AuthorizationScopes === undefined) delete next.AuthorizationScopes;
  }
  await checkRoute(ctx, api, next);
  await ctx.tx.put(KIND.route, childKey(api.ApiId, current.RouteId), next);
  await afterApiChange(ctx, api.ApiId);
  return next;
}

async function deleteRoute(input: S_DeleteRouteRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const route = await requireRoute(ctx, input.ApiId, input.RouteId);
  if (route.ApiGatewayManaged) throw managedDelete(`route ${route.RouteId}`);
  await ctx.tx.deletePrefix(KIND.routeResponse, childPrefix(input.ApiId, input.RouteId));
  await ctx.tx.delete(KIND.route, childKey(input.ApiId, input.RouteId));
  await afterApiChange(ctx, input.ApiId);
}

async function deleteRouteRequestParameter(input: S_DeleteRouteRequestParameterRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const route = await requireRoute(ctx, input.ApiId, input.RouteId);
  const params = route.RequestParameters ?? {};
  if (!Object.prototype.hasOwnProperty.call(params, input.RequestParameterKey)) {
    throw notFound(`Invalid request parameter key specified ${input.RequestParameterKey}`);
  }
  const rest = Object.fromEntries(Object.entries(params).filter(([k]) => k !== input.RequestParameterKey));
  const next: RouteRecord = { ...route, RequestParameters: rest };
  if (!Object.keys(rest).length) delete next.RequestParameters;
  await ctx.tx.put(KIND.route, childKey(input.ApiId, input.RouteId), next);
  await afterApiChange(ctx, input.ApiId);
}

export const handlers: Handlers = {
  CreateRoute: createRoute,
  GetRoute: getRoute,
  GetRoutes: getRoutes,
  UpdateRoute: updateRoute,
  DeleteRoute: deleteRoute,
  DeleteRouteRequestParameter: deleteRouteRequestParameter,
};

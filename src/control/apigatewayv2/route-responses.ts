/**
 * Route responses (WebSocket APIs, for two-way routes): CreateRouteResponse,
 * GetRouteResponse(s), UpdateRouteResponse, DeleteRouteResponse. The only supported key is
 * `$default`; response models must be models of the API.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes-routeid-routeresponses.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-response.html
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateRouteResponseRequest,
  S_DeleteRouteResponseRequest,
  S_GetRouteResponseRequest,
  S_GetRouteResponsesRequest,
  S_UpdateRouteResponseRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { ApiRecord, ModelRecord, RouteResponseRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { afterApiChange } from './deploy.js';
import { KIND, childKey, compact, listChildren, newId, page, requireApi, requireChild } from './records.js';
import { requireRoute } from './routes.js';

async function check(ctx: RequestContext, api: ApiRecord, r: RouteResponseRecord, routeId: string): Promise<void> {
  if (api.ProtocolType !== 'WEBSOCKET') throw badRequest('Route responses are supported only for WebSocket APIs');
  if (r.RouteResponseKey !== '$default') throw badRequest(`Invalid route response key: ${r.RouteResponseKey}. Only $default is supported`);
  const others = await listChildren<RouteResponseRecord>(ctx, KIND.routeResponse, api.ApiId, routeId);
  if (others.some((o) => o.RouteResponseId !== r.RouteResponseId && o.RouteResponseKey === r.RouteResponseKey)) {
    throw conflict(`Route response with key ${r.RouteResponseKey} already exists for this route`);
  }
  const names = Object.values(r.ResponseModels ?? {});
  if (names.length) {
    const models = new Set((await listChildren<ModelRecord>(ctx, KIND.model, api.ApiId)).map((m) => m.Name));
    for (const name of names) if (!models.has(name)) throw notFound(`Invalid model specified: ${name}`);
  }
}

const requireResponse = (ctx: RequestContext, apiId: string, routeId: string, id: string) =>
  requireChild<RouteResponseRecord>(ctx, KIND.routeResponse, 'RouteResponse', apiId, routeId, id);

async function createRouteResponse(input: S_CreateRouteResponseRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  await requireRoute(ctx, input.ApiId, input.RouteId);
  const response: RouteResponseRecord = compact({
    ModelSelectionExpression: input.ModelSelectionExpression,
    ResponseModels: input.ResponseModels,
    ResponseParameters: input.ResponseParameters,
    RouteResponseId: newId(6),
    RouteResponseKey: input.RouteResponseKey,
  });
  await check(ctx, api, response, input.RouteId);
  await ctx.tx.put(KIND.routeResponse, childKey(input.ApiId, input.RouteId, response.RouteResponseId), response);
  await afterApiChange(ctx, input.ApiId);
  return response;
}

async function getRouteResponse(input: S_GetRouteResponseRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireRoute(ctx, input.ApiId, input.RouteId);
  return requireResponse(ctx, input.ApiId, input.RouteId, input.RouteResponseId);
}

async function getRouteResponses(input: S_GetRouteResponsesRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireRoute(ctx, input.ApiId, input.RouteId);
  return page(await listChildren<RouteResponseRecord>(ctx, KIND.routeResponse, input.ApiId, input.RouteId), input);
}

async function updateRouteResponse(input: S_UpdateRouteResponseRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  await requireRoute(ctx, input.ApiId, input.RouteId);
  const next: RouteResponseRecord = { ...(await requireResponse(ctx, input.ApiId, input.RouteId, input.RouteResponseId)) };
  for (const m of ['ModelSelectionExpression', 'ResponseModels', 'ResponseParameters', 'RouteResponseKey'] as const) {
    if (input[m] !== undefined) (next as unknown as Record<string, unknown>)[m] = input[m];
  }
  await check(ctx, api, next, input.RouteId);
  await ctx.tx.put(KIND.routeResponse, childKey(input.ApiId, input.RouteId, next.RouteResponseId), next);
  await afterApiChange(ctx, input.ApiId);
  return next;
}

async function deleteRouteResponse(input: S_DeleteRouteResponseRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireRoute(ctx, input.ApiId, input.RouteId);
  await requireResponse(ctx, input.ApiId, input.RouteId, input.RouteResponseId);
  await ctx.tx.delete(KIND.routeResponse, childKey(input.ApiId, input.RouteId, input.RouteResponseId));
  await afterApiChange(ctx, input.ApiId);
}

export const handlers: Handlers = {
  CreateRouteResponse: createRouteResponse,
  GetRouteResponse: getRouteResponse,
  GetRouteResponses: getRouteResponses,
  UpdateRouteResponse: updateRouteResponse,
  DeleteRouteResponse: deleteRouteResponse,
};

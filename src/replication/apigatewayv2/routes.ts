/**
 * Routes, route responses and models (v2). Seed, "Route": the API ID is the replicated API's,
 * the Authorizer ID the replicated authorizer's, and the Target (`integrations/{id}`) names the
 * replicated integration (both references, so the authorizer and integration come along).
 * Routes are keyed by their RouteKey (`GET /pets`, `$connect`), unique in an API and the same on
 * both sides, so nothing maps route ids; route responses (WebSocket) by their RouteResponseKey,
 * models by name (routes' RequestModels and route responses' ResponseModels name them).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-routes.html
 */
import {
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  DeleteModelCommand,
  DeleteRouteCommand,
  DeleteRouteResponseCommand,
  GetModelsCommand,
  GetRouteResponsesCommand,
  GetRoutesCommand,
  UpdateModelCommand,
  UpdateRouteCommand,
  UpdateRouteResponseCommand,
  type Model,
  type Route,
  type RouteResponse,
} from '@aws-sdk/client-apigatewayv2';
import { send } from '../clients.js';
import { lastSegment, makeKey, rootKey } from '../keys.js';
import type { Node, ResourceType } from '../model.js';
import { ref } from '../neutral.js';
import { API } from './apis.js';
import { AUTHORIZER } from './authorizers.js';
import { all, clean, same, targetApiId, v2 } from './common.js';
import { integrationKey } from './integrations.js';

export const ROUTE = 'apigatewayv2:Route';
export const ROUTE_RESPONSE = 'apigatewayv2:RouteResponse';
export const MODEL_V2 = 'apigatewayv2:Model';


function routeProps(api: Node, r: Route): Record<string, unknown> {
  const target = r.Target?.match(/^integrations\/(.+)$/);
  return clean({
    RouteKey: r.RouteKey,
    ApiKeyRequired: r.ApiKeyRequired || undefined,
    AuthorizationType: r.AuthorizationType === 'NONE' ? undefined : r.AuthorizationType,
    AuthorizationScopes: r.AuthorizationScopes,
    AuthorizerId: r.AuthorizerId ? ref(makeKey(api.key, AUTHORIZER, r.AuthorizerId)) : undefined,
    ModelSelectionExpression: r.ModelSelectionExpression,
    OperationName: r.OperationName,
    RequestModels: r.RequestModels,
    RequestParameters: r.RequestParameters,
    RouteResponseSelectionExpression: r.RouteResponseSelectionExpression,
    Target: target ? `integrations/${ref(integrationKey(api.key, target[1]!))}` : r.Target,
  });
}

/** Create/Update input: what the props hold, and NONE for no authorization. */
const routeInput = (p: Record<string, unknown>) => ({ AuthorizationType: 'NONE', ...p }) as never;

export const routeType: ResourceType = {
  type: ROUTE,
  parentType: API,
  order: 17,
  idKeyed: false,
  async list(side, api) {
    const items = await all<Route>((NextToken) => send(v2(side), new GetRoutesCommand({ ApiId: api!.id, NextToken, MaxResults: '500' })));
    return items.map(
      (r): Node => ({ type: ROUTE, key: makeKey(api!.key, ROUTE, r.RouteKey!), id: r.RouteId!, parent: api!.key, label: `route ${r.RouteKey}`, props: routeProps(api!, r) }),
    );
  },
  async create(ctx, d, apiId) {
    const out = await send<Route>(v2(ctx.target), new CreateRouteCommand({ ApiId: apiId!, ...(routeInput(d.props) as object) } as never));
    return out.RouteId!;
  },
  async update(ctx, d, a, apiId) {
    if (same(d.props, a.props)) return;
    // A route loses its target or authorizer by an empty value.
    const clear = { ...(a.props.Target && !d.props.Target ? { Target: '' } : {}), ...(a.props.AuthorizerId && !d.props.AuthorizerId ? { AuthorizerId: '' } : {}) };
    await send(v2(ctx.target), new UpdateRouteCommand({ ApiId: apiId!, RouteId: a.id, ...(routeInput({ ...d.props, ...clear }) as object) } as never));
  },
  async delete(ctx, a, apiId) {
    await send(v2(ctx.target), new DeleteRouteCommand({ ApiId: apiId!, RouteId: a.id }));
  },
};

export const routeResponseType: ResourceType = {
  type: ROUTE_RESPONSE,
  parentType: ROUTE,
  order: 18,
  idKeyed: false,
  async list(side, route) {
    const apiId = lastSegment(rootKey(route!.key)).id;
    const items = await all<RouteResponse>((NextToken) => send(v2(side), new GetRouteResponsesCommand({ ApiId: apiId, RouteId: route!.id, NextToken, MaxResults: '500' })));
    return items.map(
      (r): Node => ({
        type: ROUTE_RESPONSE,
        key: makeKey(route!.key, ROUTE_RESPONSE, r.RouteResponseKey!),
        id: r.RouteResponseId!,
        parent: route!.key,
        label: `route response ${r.RouteResponseKey}`,
        props: clean({ RouteResponseKey: r.RouteResponseKey, ModelSelectionExpression: r.ModelSelectionExpression, ResponseModels: r.ResponseModels, ResponseParameters: r.ResponseParameters }),
      }),
    );
  },
  async create(ctx, d, routeId) {
    const out = await send<RouteResponse>(v2(ctx.target), new CreateRouteResponseCommand({ ApiId: targetApiId(d, ctx, 'desired'), RouteId: routeId!, ...(d.props as object) } as never));
    return out.RouteResponseId!;
  },
  async update(ctx, d, a, routeId) {
    await send(v2(ctx.target), new UpdateRouteResponseCommand({ ApiId: targetApiId(a, ctx, 'actual'), RouteId: routeId!, RouteResponseId: a.id, ...(d.props as object) } as never));
  },
  async delete(ctx, a, routeId) {
    await send(v2(ctx.target), new DeleteRouteResponseCommand({ ApiId: targetApiId(a, ctx, 'actual'), RouteId: routeId!, RouteResponseId: a.id }));
  },
};

export const modelV2Type: ResourceType = {
  type: MODEL_V2,
  parentType: API,
  order: 13,
  idKeyed: false,
  async list(side, api) {
    const items = await all<Model>((NextToken) => send(v2(side), new GetModelsCommand({ ApiId: api!.id, NextToken, MaxResults: '500' })));
    return items.map(
      (m): Node => ({
        type: MODEL_V2,
        key: makeKey(api!.key, MODEL_V2, m.Name!),
        id: m.ModelId!,
        parent: api!.key,
        label: `model ${m.Name}`,
        props: clean({ Name: m.Name, ContentType: m.ContentType, Description: m.Description, Schema: m.Schema }),
      }),
    );
  },
  async create(ctx, d, apiId) {
    const out = await send<Model>(v2(ctx.target), new CreateModelCommand({ ApiId: apiId!, ...(d.props as object) } as never));
    return out.ModelId!;
  },
  async update(ctx, d, a, apiId) {
    await send(v2(ctx.target), new UpdateModelCommand({ ApiId: apiId!, ModelId: a.id, ...(d.props as object) } as never));
  },
  async delete(ctx, a, apiId) {
    await send(v2(ctx.target), new DeleteModelCommand({ ApiId: apiId!, ModelId: a.id }));
  },
};

/**
 * HTTP and WebSocket APIs: CreateApi (with quick create), GetApi, GetApis, UpdateApi, DeleteApi
 * (its routes, integrations, authorizers, models, deployments and stages go with it) and
 * DeleteCorsConfiguration. UpdateApi changes only the members it is given.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid.html
 */
import type {
  S_CreateApiRequest,
  S_DeleteApiRequest,
  S_DeleteCorsConfigurationRequest,
  S_GetApiRequest,
  S_GetApisRequest,
  S_UpdateApiRequest,
} from '../../aws/generated/apigatewayv2.js';
import { API_CHILD_KINDS, type ApiRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { DEFAULT_API_KEY_SELECTION, checkApiKeySelection, checkCors, checkProtocolOnly, checkRouteSelection } from './api-rules.js';
import { afterApiChange } from './deploy.js';
import { quickCreate, quickUpdate } from './quick-create.js';
import { KIND, apiOutput, compact, newId, page, requireApi } from './records.js';
import { checkTags } from './tags.js';
import { detachStages } from '../apigateway/usage-plan-record.js';

async function createApi(input: S_CreateApiRequest, ctx: RequestContext) {
  checkProtocolOnly(input.ProtocolType, input);
  const RouteSelectionExpression = checkRouteSelection(input.ProtocolType, input.RouteSelectionExpression);
  checkApiKeySelection(input.ApiKeySelectionExpression);
  checkCors(input.ProtocolType, input.CorsConfiguration);
  checkTags(input.Tags);
  const api: ApiRecord = compact({
    ApiId: newId(10),
    ApiKeySelectionExpression: input.ApiKeySelectionExpression ?? DEFAULT_API_KEY_SELECTION,
    CorsConfiguration: input.CorsConfiguration,
    CreatedDate: ctx.now.toISOString(),
    Description: input.Description,
    DisableSchemaValidation: input.DisableSchemaValidation,
    DisableExecuteApiEndpoint: input.DisableExecuteApiEndpoint ?? false,
    IpAddressType: input.IpAddressType ?? 'ipv4',
    Name: input.Name,
    ProtocolType: input.ProtocolType,
    RouteSelectionExpression,
    Tags: input.Tags ?? {},
    Version: input.Version,
  });
  await ctx.tx.put(KIND.api, api.ApiId, api);
  await quickCreate(ctx, api, input);
  return apiOutput(ctx, api);
}

async function getApi(input: S_GetApiRequest, ctx: RequestContext) {
  return apiOutput(ctx, await requireApi(ctx, input.ApiId));
}

async function getApis(input: S_GetApisRequest, ctx: RequestContext) {
  const apis = (await ctx.tx.list<ApiRecord>(KIND.api)).map((e) => apiOutput(ctx, e.value));
  return page(apis, input);
}

async function updateApi(input: S_UpdateApiRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  checkProtocolOnly(api.ProtocolType, input);
  const next: ApiRecord = { ...api };
  if (input.RouteSelectionExpression !== undefined) next.RouteSelectionExpression = checkRouteSelection(api.ProtocolType, input.RouteSelectionExpression);
  if (input.ApiKeySelectionExpression !== undefined) {
    checkApiKeySelection(input.ApiKeySelectionExpression);
    next.ApiKeySelectionExpression = input.ApiKeySelectionExpression;
  }
  if (input.CorsConfiguration !== undefined) {
    checkCors(api.ProtocolType, input.CorsConfiguration);
    next.CorsConfiguration = input.CorsConfiguration;
  }
  for (const member of ['Name', 'Description', 'DisableSchemaValidation', 'DisableExecuteApiEndpoint', 'IpAddressType', 'Version'] as const) {
    if (input[member] !== undefined) (next as unknown as Record<string, unknown>)[member] = input[member];
  }
  await ctx.tx.put(KIND.api, api.ApiId, next);
  await quickUpdate(ctx, next, input);
  await afterApiChange(ctx, api.ApiId);
  return apiOutput(ctx, next);
}

async function deleteApi(input: S_DeleteApiRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  for (const kind of API_CHILD_KINDS) await ctx.tx.deletePrefix(kind, `${input.ApiId}/`);
  await ctx.tx.delete(KIND.api, input.ApiId);
  await detachStages(ctx.tx, input.ApiId);
}

async function deleteCorsConfiguration(input: S_DeleteCorsConfigurationRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const { CorsConfiguration: _removed, ...rest } = api;
  await ctx.tx.put(KIND.api, api.ApiId, rest);
  await afterApiChange(ctx, api.ApiId);
}

export const handlers: Handlers = {
  CreateApi: createApi,
  GetApi: getApi,
  GetApis: getApis,
  UpdateApi: updateApi,
  DeleteApi: deleteApi,
  DeleteCorsConfiguration: deleteCorsConfiguration,
};

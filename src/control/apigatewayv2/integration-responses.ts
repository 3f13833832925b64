/**
 * Integration responses (WebSocket APIs): CreateIntegrationResponse, GetIntegrationResponse(s),
 * UpdateIntegrationResponse, DeleteIntegrationResponse. The key is `$default` or a regular
 * expression between slashes matched against the integration's status (`/4\d\d/`).
 * HTTP APIs have no integration responses (they map responses with ResponseParameters).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-integrations-integrationid-integrationresponses.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-integration-responses.html
 */
import { badRequest, conflict } from '../../aws/errors.js';
import type {
  S_CreateIntegrationResponseRequest,
  S_DeleteIntegrationResponseRequest,
  S_GetIntegrationResponseRequest,
  S_GetIntegrationResponsesRequest,
  S_UpdateIntegrationResponseRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { ApiRecord, IntegrationResponseRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { afterApiChange } from './deploy.js';
import { requireIntegration } from './integrations.js';
import { KIND, childKey, compact, listChildren, newId, page, requireApi, requireChild } from './records.js';

function checkKey(key: string): void {
  if (key === '$default') return;
  if (key.length < 3 || !key.startsWith('/') || !key.endsWith('/')) {
    throw badRequest(`Invalid integration response key: ${key}. Use $default or a regular expression between slashes, such as /4\\d\\d/`);
  }
  try {
    new RegExp(key.slice(1, -1));
  } catch {
    throw badRequest(`Invalid integration response key: ${key} is not a valid regular expression`);
  }
}

function checkWebSocket(api: ApiRecord): void {
  if (api.ProtocolType !== 'WEBSOCKET') throw badRequest('Integration responses are supported only for WebSocket APIs');
}

/** Response parameters map `method.response.header.{name}` from `integration.response.*` or a 'static' value. */
function checkResponseParameters(params: Record<string, string> | undefined): void {
  for (const key of Object.keys(params ?? {})) {
    if (!/^method\.response\.header\.[^.\s]+$/.test(key)) throw badRequest(`Invalid mapping expression specified: ${key}`);
  }
}

async function keys(ctx: RequestContext, apiId: string, integrationId: string, except?: string): Promise<string[]> {
  const all = await listChildren<IntegrationResponseRecord>(ctx, KIND.integrationResponse, apiId, integrationId);
  return all.filter((r) => r.IntegrationResponseId !== except).map((r) => r.IntegrationResponseKey);
}

const requireResponse = (ctx: RequestContext, apiId: string, integrationId: string, id: string) =>
  requireChild<IntegrationResponseRecord>(ctx, KIND.integrationResponse, 'IntegrationResponse', apiId, integrationId, id);

async function createIntegrationResponse(input: S_CreateIntegrationResponseRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  await requireIntegration(ctx, input.ApiId, input.IntegrationId);
  checkWebSocket(api);
  checkKey(input.IntegrationResponseKey);
  checkResponseParameters(input.ResponseParameters);
  if ((await keys(ctx, input.ApiId, input.IntegrationId)).includes(input.IntegrationResponseKey)) {
    throw conflict(`Integration response with key ${input.IntegrationResponseKey} already exists for this integration`);
  }
  const response: IntegrationResponseRecord = compact({
    ContentHandlingStrategy: input.ContentHandlingStrategy,
    IntegrationResponseId: newId(6),
    IntegrationResponseKey: input.IntegrationResponseKey,
    ResponseParameters: input.ResponseParameters,
    ResponseTemplates: input.ResponseTemplates,
    TemplateSelectionExpression: input.TemplateSelectionExpression,
  });
  await ctx.tx.put(KIND.integrationResponse, childKey(input.ApiId, input.IntegrationId, response.IntegrationResponseId), response);
  await afterApiChange(ctx, input.ApiId);
  return response;
}

async function getIntegrationResponse(input: S_GetIntegrationResponseRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireIntegration(ctx, input.ApiId, input.IntegrationId);
  return requireResponse(ctx, input.ApiId, input.IntegrationId, input.IntegrationResponseId);
}

async function getIntegrationResponses(input: S_GetIntegrationResponsesRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireIntegration(ctx, input.ApiId, input.IntegrationId);
  return page(await listChildren<IntegrationResponseRecord>(ctx, KIND.integrationResponse, input.ApiId, input.IntegrationId), input);
}

async function updateIntegrationResponse(input: S_UpdateIntegrationResponseRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireIntegration(ctx, input.ApiId, input.IntegrationId);
  const current = await requireResponse(ctx, input.ApiId, input.IntegrationId, input.IntegrationResponseId);
  const next: IntegrationResponseRecord = { ...current };
  if (input.IntegrationResponseKey !== undefined && input.IntegrationResponseKey !== current.IntegrationResponseKey) {
    checkKey(input.IntegrationResponseKey);
    if ((await keys(ctx, input.ApiId, input.IntegrationId, current.IntegrationResponseId)).includes(input.IntegrationResponseKey)) {
      throw conflict(`Integration response with key ${input.IntegrationResponseKey} already exists for this integration`);
    }
    next.IntegrationResponseKey = input.IntegrationResponseKey;
  }
  checkResponseParameters(input.ResponseParameters);
  for (const m of ['ContentHandlingStrategy', 'ResponseParameters', 'ResponseTemplates', 'TemplateSelectionExpression'] as const) {
    if (input[m] !== undefined) (next as unknown as Record<string, unknown>)[m] = input[m];
  }
  await ctx.tx.put(KIND.integrationResponse, childKey(input.ApiId, input.IntegrationId, current.IntegrationResponseId), next);
  await afterApiChange(ctx, input.ApiId);
  return next;
}

async function deleteIntegrationResponse(input: S_DeleteIntegrationResponseRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireIntegration(ctx, input.ApiId, input.IntegrationId);
  await requireResponse(ctx, input.ApiId, input.IntegrationId, input.IntegrationResponseId);
  await ctx.tx.delete(KIND.integrationResponse, childKey(input.ApiId, input.IntegrationId, input.IntegrationResponseId));
  await afterApiChange(ctx, input.ApiId);
}

export const handlers: Handlers = {
  CreateIntegrationResponse: createIntegrationResponse,
  GetIntegrationResponse: getIntegrationResponse,
  GetIntegrationResponses: getIntegrationResponses,
  UpdateIntegrationResponse: updateIntegrationResponse,
  DeleteIntegrationResponse: deleteIntegrationResponse,
};

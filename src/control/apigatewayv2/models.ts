/**
 * Models (WebSocket APIs: request validation and mapping-template blueprints): CreateModel,
 * GetModel(s), UpdateModel, DeleteModel, GetModelTemplate. Schemas are JSON Schema draft 4,
 * checked as REST API models are (src/control/apigateway/model-schema.ts); names are
 * alphanumeric and unique within the API. HTTP APIs have no models.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-models.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html
 */
import { badRequest, conflict } from '../../aws/errors.js';
import type {
  S_CreateModelRequest,
  S_DeleteModelRequest,
  S_GetModelRequest,
  S_GetModelTemplateRequest,
  S_GetModelsRequest,
  S_UpdateModelRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { ApiRecord, ModelRecord, RouteRecord, RouteResponseRecord } from '../../definitions/apigatewayv2.js';
import { checkModelReferences, flattenSchema, parseModelSchema, type Schema } from '../apigateway/model-schema.js';
import { modelTemplate } from '../apigateway/model-template.js';
import type { Handlers, RequestContext } from '../types.js';
import { afterApiChange } from './deploy.js';
import { KIND, childKey, compact, listChildren, newId, page, requireApi, requireChild } from './records.js';

const MODEL_NAME = /^[A-Za-z0-9]+$/;

const requireModel = (ctx: RequestContext, apiId: string, modelId: string) => requireChild<ModelRecord>(ctx, KIND.model, 'Model', apiId, modelId);

async function check(ctx: RequestContext, api: ApiRecord, model: ModelRecord): Promise<void> {
  if (api.ProtocolType !== 'WEBSOCKET') throw badRequest('Models are supported only for WebSocket APIs');
  if (!MODEL_NAME.test(model.Name)) throw badRequest('Model name must be alphanumeric');
  const others = (await listChildren<ModelRecord>(ctx, KIND.model, api.ApiId)).filter((m) => m.ModelId !== model.ModelId);
  if (others.some((m) => m.Name === model.Name)) throw conflict('Model name already exists for this API');
  const schema = parseModelSchema(model.Schema);
  const names = new Set(others.map((m) => m.Name));
  checkModelReferences(schema, api.ApiId, (name) => names.has(name));
}

async function createModel(input: S_CreateModelRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const model: ModelRecord = compact({
    ContentType: input.ContentType,
    Description: input.Description,
    ModelId: newId(6),
    Name: input.Name,
    Schema: input.Schema,
  });
  await check(ctx, api, model);
  await ctx.tx.put(KIND.model, childKey(api.ApiId, model.ModelId), model);
  await afterApiChange(ctx, api.ApiId);
  return model;
}

async function getModel(input: S_GetModelRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return requireModel(ctx, input.ApiId, input.ModelId);
}

async function getModels(input: S_GetModelsRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return page(await listChildren<ModelRecord>(ctx, KIND.model, input.ApiId), input);
}

/** The routes and route responses that name a model, by name. */
async function usersOf(ctx: RequestContext, apiId: string, name: string): Promise<string | undefined> {
  const route = (await listChildren<RouteRecord>(ctx, KIND.route, apiId)).find((r) => Object.values(r.RequestModels ?? {}).includes(name));
  if (route) return `route ${route.RouteId}`;
  const responses = (await ctx.tx.list<RouteResponseRecord>(KIND.routeResponse, `${apiId}/`)).map((e) => e.value);
  const response = responses.find((r) => Object.values(r.ResponseModels ?? {}).includes(name));
  return response ? `route response ${response.RouteResponseId}` : undefined;
}

async function updateModel(input: S_UpdateModelRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const current = await requireModel(ctx, input.ApiId, input.ModelId);
  const next: ModelRecord = { ...current };
  for (const m of ['ContentType', 'Description', 'Name', 'Schema'] as const) if (input[m] !== undefined) next[m] = input[m];
  if (next.Name !== current.Name) {
    const user = await usersOf(ctx, api.ApiId, current.Name);
    if (user) throw conflict(`Model ${current.Name} cannot be renamed: it is used by ${user}`);
  }
  await check(ctx, api, next);
  await ctx.tx.put(KIND.model, childKey(api.ApiId, current.ModelId), next);
  await afterApiChange(ctx, api.ApiId);
  return next;
}

async function deleteModel(input: S_DeleteModelRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const model = await requireModel(ctx, input.ApiId, input.ModelId);
  const user = await usersOf(ctx, input.ApiId, model.Name);
  if (user) throw conflict(`Model ${model.Name} cannot be deleted: it is used by ${user}`);
  await ctx.tx.delete(KIND.model, childKey(input.ApiId, input.ModelId));
  await afterApiChange(ctx, input.ApiId);
}

async function getModelTemplate(input: S_GetModelTemplateRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const model = await requireModel(ctx, input.ApiId, input.ModelId);
  const byName = new Map<string, Schema>();
  for (const m of await listChildren<ModelRecord>(ctx, KIND.model, input.ApiId)) {
    try {
      byName.set(m.Name, JSON.parse(m.Schema ?? '{}') as Schema);
    } catch {
      // Stored schemas were checked on write; an unreadable one simply does not expand.
    }
  }
  const schema = flattenSchema(byName.get(model.Name) ?? {}, (name) => byName.get(name));
  return { Value: modelTemplate(schema) };
}

export const handlers: Handlers = {
  CreateModel: createModel,
  GetModel: getModel,
  GetModels: getModels,
  UpdateModel: updateModel,
  DeleteModel: deleteModel,
  GetModelTemplate: getModelTemplate,
};

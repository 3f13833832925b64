/**
 * Stages: CreateStage, GetStage(s), UpdateStage, DeleteStage, DeleteRouteSettings,
 * DeleteAccessLogSettings. A stage with autoDeploy gets a deployment when it is created (or
 * switched on) and on every later change to the API (deploy.ts). UpdateStage changes only what it
 * is given; RouteSettings entries merge per route key.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename-routesettings-routekey.html
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import { setEntry } from '../../aws/rest-json/parse.js';
import type {
  S_CreateStageRequest,
  S_DeleteAccessLogSettingsRequest,
  S_DeleteRouteSettingsRequest,
  S_DeleteStageRequest,
  S_GetStageRequest,
  S_GetStagesRequest,
  S_UpdateStageRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { StageRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { autoDeployStage } from './deploy.js';
import { managedDelete } from './quick-create.js';
import { KIND, childKey, compact, listChildren, page, requireApi } from './records.js';
import { checkStage, checkStageName } from './stage-rules.js';
import { checkTags } from './tags.js';
import { detachStages } from '../apigateway/usage-plan-record.js';

export async function requireStage(ctx: RequestContext, apiId: string, stageName: string): Promise<StageRecord> {
  const stage = await ctx.tx.get<StageRecord>(KIND.stage, childKey(apiId, stageName));
  if (!stage) throw notFound(`Invalid stage identifier specified ${stageName}`);
  return stage;
}

async function createStage(input: S_CreateStageRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  checkStageName(api, input.StageName);
  checkTags(input.Tags);
  const now = ctx.now.toISOString();
  let stage: StageRecord = compact({
    AccessLogSettings: input.AccessLogSettings,
    AutoDeploy: input.AutoDeploy ?? false,
    ClientCertificateId: input.ClientCertificateId,
    CreatedDate: now,
    DefaultRouteSettings: { DetailedMetricsEnabled: false, ...(input.DefaultRouteSettings ?? {}) },
    DeploymentId: input.DeploymentId,
    Description: input.Description,
    LastUpdatedDate: now,
    RouteSettings: input.RouteSettings ?? {},
    StageName: input.StageName,
    StageVariables: input.StageVariables ?? {},
    Tags: input.Tags ?? {},
  });
  await checkStage(ctx, api, stage);
  if (await ctx.tx.get(KIND.stage, childKey(api.ApiId, input.StageName))) throw conflict(`Stage ${input.StageName} already exists`);
  if (stage.AutoDeploy) stage = await autoDeployStage(ctx, api, stage);
  await ctx.tx.put(KIND.stage, childKey(api.ApiId, stage.StageName), stage);
  return stage;
}

async function getStage(input: S_GetStageRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return requireStage(ctx, input.ApiId, input.StageName);
}

async function getStages(input: S_GetStagesRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return page(await listChildren<StageRecord>(ctx, KIND.stage, input.ApiId), input);
}

async function updateStage(input: S_UpdateStageRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const current = await requireStage(ctx, input.ApiId, input.StageName);
  let next: StageRecord = { ...current, LastUpdatedDate: ctx.now.toISOString() };
  for (const m of ['AccessLogSettings', 'AutoDeploy', 'ClientCertificateId', 'DeploymentId', 'Description', 'StageVariables'] as const) {
    if (input[m] !== undefined) (next as unknown as Record<string, unknown>)[m] = input[m];
  }
  if (input.DefaultRouteSettings !== undefined) next.DefaultRouteSettings = { ...current.DefaultRouteSettings, ...input.DefaultRouteSettings };
  if (input.RouteSettings !== undefined) {
    const merged: Record<string, object> = { ...current.RouteSettings };
    for (const [key, settings] of Object.entries(input.RouteSettings)) setEntry(merged, key, { ...(current.RouteSettings?.[key] ?? {}), ...settings });
    next.RouteSettings = merged;
  }
  if (input.DeploymentId !== undefined && next.AutoDeploy) {
    throw badRequest('A deployment ID cannot be set on a stage with autoDeploy enabled');
  }
  await checkStage(ctx, api, next, input.RouteSettings ?? {});
  if (next.AutoDeploy && !current.AutoDeploy) next = await autoDeployStage(ctx, api, next);
  await ctx.tx.put(KIND.stage, childKey(api.ApiId, current.StageName), next);
  return next;
}

async function deleteStage(input: S_DeleteStageRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const stage = await requireStage(ctx, input.ApiId, input.StageName);
  if (stage.ApiGatewayManaged) throw managedDelete(`stage ${stage.StageName}`);
  await ctx.tx.delete(KIND.stage, childKey(input.ApiId, input.StageName));
  // A WebSocket stage may be in usage plans (apiKeyRequired on $connect): it leaves them.
  await detachStages(ctx.tx, input.ApiId, input.StageName);
}

async function deleteRouteSettings(input: S_DeleteRouteSettingsRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const stage = await requireStage(ctx, input.ApiId, input.StageName);
  const settings = stage.RouteSettings ?? {};
  if (!Object.prototype.hasOwnProperty.call(settings, input.RouteKey)) {
    throw notFound(`Unable to find Route by key ${input.RouteKey} within the provided RouteSettings`);
  }
  const RouteSettings = Object.fromEntries(Object.entries(settings).filter(([k]) => k !== input.RouteKey));
  await ctx.tx.put(KIND.stage, childKey(input.ApiId, input.StageName), { ...stage, RouteSettings, LastUpdatedDate: ctx.now.toISOString() });
}

async function deleteAccessLogSettings(input: S_DeleteAccessLogSettingsRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const { AccessLogSettings: _removed, ...rest } = await requireStage(ctx, input.ApiId, input.StageName);
  await ctx.tx.put(KIND.stage, childKey(input.ApiId, input.StageName), { ...rest, LastUpdatedDate: ctx.now.toISOString() });
}

export const handlers: Handlers = {
  CreateStage: createStage,
  GetStage: getStage,
  GetStages: getStages,
  UpdateStage: updateStage,
  DeleteStage: deleteStage,
  DeleteRouteSettings: deleteRouteSettings,
  DeleteAccessLogSettings: deleteAccessLogSettings,
};

/**
 * Stage: CreateStage, GetStage(s), UpdateStage, DeleteStage. A stage is a named pointer to a
 * deployment (plus an optional canary deployment) with its own variables, cache, logging and
 * method settings. https://docs.aws.amazon.com/apigateway/latest/api/API_Stage.html
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type {
  S_CreateStageRequest,
  S_DeleteStageRequest,
  S_GetStageRequest,
  S_GetStagesRequest,
  S_UpdateStageRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { apiKey, KIND, listUnderApi, requireRestApi } from './records.js';
import { detachStages } from './usage-plan-record.js';
import { checkStageReferences, refuseIfMappedStage } from './stage-references.js';
import { patchStage } from './stage-patch.js';
import { deploymentIds, newStage, renderStage, requireStage, type StageRecord } from './stage-record.js';

async function createStage(input: S_CreateStageRequest, ctx: RequestContext): Promise<StageRecord> {
  await requireRestApi(ctx, input.restApiId);
  const stage = newStage(input, ctx.now);
  const deployments = await deploymentIds(ctx.tx, input.restApiId);
  if (!deployments.has(input.deploymentId)) throw notFound('Invalid Deployment identifier specified');
  const canaryDeployment = input.canarySettings?.deploymentId;
  if (canaryDeployment !== undefined && !deployments.has(canaryDeployment)) throw badRequest('Deployment id does not exist');
  await checkStageReferences(ctx.tx, input.restApiId, stage);
  if (!(await ctx.tx.insert(KIND.stage, apiKey(input.restApiId, input.stageName), stage))) throw conflict('Stage already exists');
  return renderStage(stage);
}

async function getStage(input: S_GetStageRequest, ctx: RequestContext): Promise<StageRecord> {
  await requireRestApi(ctx, input.restApiId);
  return renderStage(await requireStage(ctx.tx, input.restApiId, input.stageName));
}

/** v1 answers stages as `item` (not `items`), unpaginated; deploymentId filters by the main deployment. */
async function getStages(input: S_GetStagesRequest, ctx: RequestContext): Promise<{ item: StageRecord[] }> {
  await requireRestApi(ctx, input.restApiId);
  const stages = await listUnderApi<StageRecord>(ctx.tx, KIND.stage, input.restApiId);
  const selected = input.deploymentId === undefined ? stages : stages.filter((s) => s.deploymentId === input.deploymentId);
  return { item: selected.map(renderStage) };
}

async function updateStage(input: S_UpdateStageRequest, ctx: RequestContext): Promise<StageRecord> {
  await requireRestApi(ctx, input.restApiId);
  const stage = await requireStage(ctx.tx, input.restApiId, input.stageName);
  const updated = patchStage(stage, input.patchOperations, await deploymentIds(ctx.tx, input.restApiId));
  await checkStageReferences(ctx.tx, input.restApiId, updated);
  updated.lastUpdatedDate = ctx.now.toISOString();
  await ctx.tx.put(KIND.stage, apiKey(input.restApiId, input.stageName), updated);
  return renderStage(updated);
}

async function deleteStage(input: S_DeleteStageRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  await requireStage(ctx.tx, input.restApiId, input.stageName);
  await refuseIfMappedStage(ctx.tx, input.restApiId, input.stageName);
  await ctx.tx.delete(KIND.stage, apiKey(input.restApiId, input.stageName));
  await detachStages(ctx.tx, input.restApiId, input.stageName);
}

export const handlers: Handlers = {
  CreateStage: createStage,
  GetStage: getStage,
  GetStages: getStages,
  UpdateStage: updateStage,
  DeleteStage: deleteStage,
};

/**
 * Deployment: CreateDeployment, GetDeployment(s), UpdateDeployment, DeleteDeployment.
 * A deployment freezes the API (deployment-snapshot.ts) and, given a stageName, creates that stage
 * or points it at the new deployment; with canarySettings it becomes the stage's canary instead.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateDeployment.html
 */
import { badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateDeploymentRequest,
  S_DeleteDeploymentRequest,
  S_Deployment,
  S_GetDeploymentRequest,
  S_GetDeploymentsRequest,
  S_UpdateDeploymentRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { apiSummary, buildSnapshot, type DeploymentSnapshot } from './deployment-snapshot.js';
import { applyPatch, fieldRule } from './patch/index.js';
import { apiKey, KIND, listPage, listUnderApi, requireDoc, requireRestApi } from './records.js';
import { canaryWithDefaults, newStage, setCacheCluster, validateStageName, validateVariables, type StageRecord } from './stage-record.js';

/** Stored under KIND.deployment; apiSummary is never stored, it is derived from the snapshot. */
interface DeploymentRecord {
  id: string;
  description?: string;
  createdDate: string;
}

function requireDeployment(ctx: RequestContext, restApiId: string, deploymentId: string): Promise<DeploymentRecord> {
  return requireDoc(ctx.tx, KIND.deployment, apiKey(restApiId, deploymentId), 'Invalid Deployment identifier specified');
}

/**
 * A canary release deployment needs an existing stage: "you cannot specify any non-existing stage
 * name when creating a canary release deployment" (Developer Guide, create-canary-deployment).
 */
function checkCanaryStage(input: S_CreateDeploymentRequest, existing: StageRecord | undefined): void {
  if (!input.canarySettings) return;
  if (!input.stageName) {
    throw badRequest(
      `Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is ${input.stageName ?? 'null'}`,
    );
  }
  if (!existing) {
    throw badRequest(`Invalid deployment content specified.Stage ${input.stageName} must already be created before making a canary release deployment`);
  }
}

async function createDeployment(input: S_CreateDeploymentRequest, ctx: RequestContext): Promise<DeploymentRecord> {
  const api = await requireRestApi(ctx, input.restApiId);
  const stageName = input.stageName || undefined;
  const existing = stageName ? await ctx.tx.get<StageRecord>(KIND.stage, apiKey(api.id, stageName)) : undefined;
  checkCanaryStage(input, existing);
  if (stageName && !existing) validateStageName(stageName);
  validateVariables(input.variables);

  const now = ctx.now.toISOString();
  const deployment: DeploymentRecord = { id: shortId(6), description: input.description, createdDate: now };
  const snapshot = await buildSnapshot(ctx.tx, api, deployment.id, now);
  await ctx.tx.put(KIND.deployment, apiKey(api.id, deployment.id), deployment);
  await ctx.tx.put(KIND.deploymentSnapshot, apiKey(api.id, deployment.id), snapshot);

  if (stageName) {
    const stage = existing ? structuredClone(existing) : newStage({ stageName, deploymentId: deployment.id }, ctx.now);
    if (input.canarySettings) {
      stage.canarySettings = canaryWithDefaults(deployment.id, input.canarySettings);
    } else {
      stage.deploymentId = deployment.id;
    }
    if (input.stageDescription !== undefined) stage.description = input.stageDescription;
    if (input.variables) stage.variables = { ...input.variables };
    if (input.tracingEnabled !== undefined && input.tracingEnabled !== null) stage.tracingEnabled = input.tracingEnabled;
    setCacheCluster(stage, input.cacheClusterEnabled ?? undefined, input.cacheClusterSize);
    stage.lastUpdatedDate = now;
    await ctx.tx.put(KIND.stage, apiKey(api.id, stageName), stage);
  }
  return deployment;
}

async function getDeployment(input: S_GetDeploymentRequest, ctx: RequestContext): Promise<DeploymentRecord & Pick<S_Deployment, 'apiSummary'>> {
  await requireRestApi(ctx, input.restApiId);
  const deployment = await requireDeployment(ctx, input.restApiId, input.deploymentId);
  if (input.embed?.some((e) => e.toLowerCase() === 'apisummary')) {
    const snapshot = await ctx.tx.get<DeploymentSnapshot>(KIND.deploymentSnapshot, apiKey(input.restApiId, input.deploymentId));
    if (snapshot) return { ...deployment, apiSummary: apiSummary(snapshot) };
  }
  return deployment;
}

function getDeployments(input: S_GetDeploymentsRequest, ctx: RequestContext) {
  return listPage<DeploymentRecord>(ctx, KIND.deployment, input);
}

/** Only the description changes: https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html#UpdateDeployment-Patch */
async function updateDeployment(input: S_UpdateDeploymentRequest, ctx: RequestContext): Promise<DeploymentRecord> {
  await requireRestApi(ctx, input.restApiId);
  const deployment = await requireDeployment(ctx, input.restApiId, input.deploymentId);
  const updated = applyPatch(deployment, input.patchOperations, [fieldRule<DeploymentRecord>('/description', 'description')]);
  await ctx.tx.put(KIND.deployment, apiKey(input.restApiId, input.deploymentId), updated);
  return updated;
}

/** A deployment a stage (or a stage's canary) serves cannot go. */
async function deleteDeployment(input: S_DeleteDeploymentRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  await requireDeployment(ctx, input.restApiId, input.deploymentId);
  const stages = await listUnderApi<StageRecord>(ctx.tx, KIND.stage, input.restApiId);
  if (stages.some((s) => s.deploymentId === input.deploymentId || s.canarySettings?.deploymentId === input.deploymentId)) {
    throw badRequest('Active stages pointing to this deployment must be moved or deleted');
  }
  await ctx.tx.delete(KIND.deployment, apiKey(input.restApiId, input.deploymentId));
  await ctx.tx.delete(KIND.deploymentSnapshot, apiKey(input.restApiId, input.deploymentId));
}

export const handlers: Handlers = {
  CreateDeployment: createDeployment,
  GetDeployment: getDeployment,
  GetDeployments: getDeployments,
  UpdateDeployment: updateDeployment,
  DeleteDeployment: deleteDeployment,
};

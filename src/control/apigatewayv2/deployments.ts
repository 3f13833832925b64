/**
 * Deployments: CreateDeployment (optionally pointing a stage at it), GetDeployment(s),
 * UpdateDeployment (its description), DeleteDeployment (not while a stage serves it). Each
 * deployment freezes the API into a snapshot for the data plane (deploy.ts). A stage with
 * autoDeploy takes its deployments from API Gateway, not from CreateDeployment.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-deployments.html
 */
import { badRequest } from '../../aws/errors.js';
import type {
  S_CreateDeploymentRequest,
  S_DeleteDeploymentRequest,
  S_GetDeploymentRequest,
  S_GetDeploymentsRequest,
  S_UpdateDeploymentRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { DeploymentRecord, StageRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { deploy, deployedMessage } from './deploy.js';
import { KIND, childKey, listChildren, page, requireApi, requireChild } from './records.js';
import { requireStage } from './stages.js';

const requireDeployment = (ctx: RequestContext, apiId: string, deploymentId: string) =>
  requireChild<DeploymentRecord>(ctx, KIND.deployment, 'Deployment', apiId, deploymentId);

async function createDeployment(input: S_CreateDeploymentRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const stage = input.StageName !== undefined ? await requireStage(ctx, api.ApiId, input.StageName) : undefined;
  if (stage?.AutoDeploy) throw badRequest(`Stage ${stage.StageName} has autoDeploy enabled: API Gateway deploys it on every change`);
  const deployment = await deploy(ctx, api, { description: input.Description, autoDeployed: false });
  if (stage) {
    const next: StageRecord = {
      ...stage,
      DeploymentId: deployment.DeploymentId,
      LastDeploymentStatusMessage: deployedMessage(deployment.DeploymentId),
      LastUpdatedDate: ctx.now.toISOString(),
    };
    await ctx.tx.put(KIND.stage, childKey(api.ApiId, stage.StageName), next);
  }
  return deployment;
}

async function getDeployment(input: S_GetDeploymentRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return requireDeployment(ctx, input.ApiId, input.DeploymentId);
}

async function getDeployments(input: S_GetDeploymentsRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return page(await listChildren<DeploymentRecord>(ctx, KIND.deployment, input.ApiId), input);
}

async function updateDeployment(input: S_UpdateDeploymentRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  const current = await requireDeployment(ctx, input.ApiId, input.DeploymentId);
  const next: DeploymentRecord = input.Description !== undefined ? { ...current, Description: input.Description } : current;
  await ctx.tx.put(KIND.deployment, childKey(input.ApiId, current.DeploymentId), next);
  return next;
}

async function deleteDeployment(input: S_DeleteDeploymentRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireDeployment(ctx, input.ApiId, input.DeploymentId);
  const stages = await listChildren<StageRecord>(ctx, KIND.stage, input.ApiId);
  if (stages.some((s) => s.DeploymentId === input.DeploymentId)) throw badRequest('Active stages pointing to this deployment must be moved or deleted');
  await ctx.tx.delete(KIND.deployment, childKey(input.ApiId, input.DeploymentId));
  await ctx.tx.delete(KIND.deploymentSnapshot, childKey(input.ApiId, input.DeploymentId));
}

export const handlers: Handlers = {
  CreateDeployment: createDeployment,
  GetDeployment: getDeployment,
  GetDeployments: getDeployments,
  UpdateDeployment: updateDeployment,
  DeleteDeployment: deleteDeployment,
};

/**
 * Deploying an HTTP or WebSocket API: freezing its definition into an immutable snapshot
 * (src/definitions/apigatewayv2.ts) and, for stages with autoDeploy, doing so on every change.
 * AWS: "You can enable automatic deployments ... changes to your API are automatically deployed."
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-stages.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-publish.html
 */
import { badRequest } from '../../aws/errors.js';
import type {
  ApiRecord,
  AuthorizerRecord,
  DeploymentRecord,
  DeploymentSnapshot,
  IntegrationRecord,
  IntegrationResponseRecord,
  ModelRecord,
  RouteRecord,
  RouteResponseRecord,
  StageRecord,
} from '../../definitions/apigatewayv2.js';
import type { RequestContext } from '../types.js';
import { KIND, childKey, listChildren, newId, requireApi } from './records.js';

/** AWS refuses to deploy an API without routes. */
export const NO_ROUTES = 'Unable to deploy API because no routes exist in this API';

export async function buildSnapshot(ctx: RequestContext, api: ApiRecord, deploymentId: string, createdDate: string): Promise<DeploymentSnapshot> {
  const apiId = api.ApiId;
  const routes = await listChildren<RouteRecord>(ctx, KIND.route, apiId);
  const integrations = await listChildren<IntegrationRecord>(ctx, KIND.integration, apiId);
  const integrationResponses = await ctx.tx.list<IntegrationResponseRecord>(KIND.integrationResponse, `${apiId}/`);
  const responsesOf = new Map<string, IntegrationResponseRecord[]>();
  for (const { key, value } of integrationResponses) {
    const integrationId = key.split('/')[1];
    responsesOf.set(integrationId, [...(responsesOf.get(integrationId) ?? []), value]);
  }
  const routeResponsesByRoute = new Map<string, RouteResponseRecord[]>();
  for (const { key, value } of await ctx.tx.list<RouteResponseRecord>(KIND.routeResponse, `${apiId}/`)) {
    const routeId = key.split('/')[1];
    routeResponsesByRoute.set(routeId, [...(routeResponsesByRoute.get(routeId) ?? []), value]);
  }
  return {
    version: 1,
    apiId,
    deploymentId,
    createdDate,
    api: {
      ApiId: apiId,
      Name: api.Name,
      ProtocolType: api.ProtocolType,
      RouteSelectionExpression: api.RouteSelectionExpression,
      ApiKeySelectionExpression: api.ApiKeySelectionExpression,
      CorsConfiguration: api.CorsConfiguration,
      DisableExecuteApiEndpoint: api.DisableExecuteApiEndpoint ?? false,
      DisableSchemaValidation: api.DisableSchemaValidation,
      IpAddressType: api.IpAddressType,
    },
    routes: routes.map((r) => ({ ...r, RouteResponses: routeResponsesByRoute.get(r.RouteId) ?? [] })),
    integrations: Object.fromEntries(integrations.map((i) => [i.IntegrationId, { ...i, IntegrationResponses: responsesOf.get(i.IntegrationId) ?? [] }])),
    authorizers: Object.fromEntries((await listChildren<AuthorizerRecord>(ctx, KIND.authorizer, apiId)).map((a) => [a.AuthorizerId, a])),
    models: Object.fromEntries((await listChildren<ModelRecord>(ctx, KIND.model, apiId)).map((m) => [m.ModelId, m])),
  };
}

/** Writes a deployment and its snapshot; refuses an API without routes as AWS does. */
export async function deploy(ctx: RequestContext, api: ApiRecord, options: { description?: string; autoDeployed: boolean }): Promise<DeploymentRecord> {
  if ((await ctx.tx.count(KIND.route, `${api.ApiId}/`)) === 0) throw badRequest(NO_ROUTES);
  const deploymentId = newId(6);
  const createdDate = ctx.now.toISOString();
  const deployment: DeploymentRecord = {
    AutoDeployed: options.autoDeployed,
    CreatedDate: createdDate,
    DeploymentId: deploymentId,
    DeploymentStatus: 'DEPLOYED',
    ...(options.description !== undefined ? { Description: options.description } : {}),
  };
  await ctx.tx.put(KIND.deployment, childKey(api.ApiId, deploymentId), deployment);
  await ctx.tx.put(KIND.deploymentSnapshot, childKey(api.ApiId, deploymentId), await buildSnapshot(ctx, api, deploymentId, createdDate));
  return deployment;
}

export const deployedMessage = (deploymentId: string) => `Successfully deployed stage with deployment ID '${deploymentId}'`;

/** Points a stage at a fresh auto-deployment (nothing happens while the API has no routes). */
export async function autoDeployStage(ctx: RequestContext, api: ApiRecord, stage: StageRecord): Promise<StageRecord> {
  if ((await ctx.tx.count(KIND.route, `${api.ApiId}/`)) === 0) return stage;
  const deployment = await deploy(ctx, api, { autoDeployed: true });
  return { ...stage, DeploymentId: deployment.DeploymentId, LastDeploymentStatusMessage: deployedMessage(deployment.DeploymentId) };
}

/**
 * After a change to what a deployment freezes (routes, integrations, authorizers, models, the
 * API's own settings): every autoDeploy stage gets a new deployment, in the same transaction.
 */
export async function afterApiChange(ctx: RequestContext, apiId: string): Promise<void> {
  const stages = await listChildren<StageRecord>(ctx, KIND.stage, apiId);
  const auto = stages.filter((s) => s.AutoDeploy);
  if (!auto.length) return;
  const api = await requireApi(ctx, apiId);
  for (const stage of auto) {
    const next = await autoDeployStage(ctx, api, stage);
    if (next !== stage) await ctx.tx.put(KIND.stage, childKey(apiId, stage.StageName), { ...next, LastUpdatedDate: ctx.now.toISOString() });
  }
}

/**
 * Route: stage -> deployment (canary split) -> resource and method (router.ts).
 *  - An API id Gatehouse does not hold: 404 naming it, as LocalStack answers (on AWS the name
 *    would not resolve to this API at all), so a mistyped id says what is wrong.
 *  - A stage the API does not have (stage names are case-sensitive): AWS's 403 {"message":"Forbidden"}.
 *  - No resource with the method: AWS's 403 "Missing Authentication Token" (MISSING_AUTHENTICATION_TOKEN):
 *    API Gateway does not reveal which paths exist to an unauthenticated caller.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-troubleshooting.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html
 */
import { GatewayError, missingAuthenticationToken, stageNotFound } from '../../errors.js';
import type { InvocationContext, StageTarget } from '../context.js';
import type { Lookup, StageEntry } from '../deployments.js';
import type { PipelineEnv } from '../env.js';
import { stageCachePlan } from '../../cache/index.js';

export function route(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  // Hosts are case-insensitive and API ids are lower-case: `/_aws/execute-api/ABC…` names the same API.
  const apiId = ctx.target.apiId.toLowerCase();
  const { stageName } = ctx.target;
  const cached = env.deployments.cached(apiId, stageName);
  if (cached) return selectMethod(ctx, cached);
  return env.deployments.lookup(apiId, stageName).then((found) => selectMethod(ctx, found));
}

function selectMethod(ctx: InvocationContext, found: Lookup): void {
  if (found === 'no-api') {
    throw new GatewayError('RESOURCE_NOT_FOUND', `The API id '${ctx.target.apiId}' does not correspond to a deployed API Gateway API`, 404);
  }
  if (found === 'no-stage') throw stageNotFound(ctx.target.stageName);
  const stage = stageTarget(found, Math.random());
  ctx.stage = stage;
  const httpMethod = ctx.request.httpMethod;
  const match = stage.api.router.match(ctx.request.rawPath, httpMethod);
  if (!match) throw missingAuthenticationToken();
  ctx.resource = match.resource;
  // The router only matches a resource that has this method or ANY; the exact method wins over ANY.
  ctx.method = match.resource.methods.get(httpMethod) ?? match.resource.methods.get('ANY');
  ctx.pathParameters = match.pathParameters;
}

/**
 * Which deployment answers: the canary's for `percentTraffic` percent of requests (`draw` is
 * uniform in [0, 1), so 0 % never and 100 % always), with the stage's variables under the
 * canary's stageVariableOverrides; the stage's own deployment otherwise.
 */
export function stageTarget(found: StageEntry, draw: number): StageTarget {
  const canary = found.canary;
  if (canary && draw * 100 < canary.percentTraffic) {
    return {
      scope: found.scope,
      apiId: found.apiId,
      stageName: found.stage.stageName,
      deploymentId: canary.deploymentId,
      variables: canary.variables,
      isCanary: true,
      api: canary.api,
      cache: found.stage.cacheClusterEnabled ? stageCachePlan(found, true) : undefined,
    };
  }
  // Without a canary every request of the stage has the same target: made once per cache entry.
  return (found.target ??= {
    scope: found.scope,
    apiId: found.apiId,
    stageName: found.stage.stageName,
    deploymentId: found.stage.deploymentId,
    variables: found.stage.variables ?? {},
    isCanary: false,
    api: found.api,
    cache: stageCachePlan(found, false),
  });
}

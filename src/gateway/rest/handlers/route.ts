/**
 * Route: stage -> deployment (canary split) -> resource -> method. An unknown resource or method
 * is AWS's 403 "Missing Authentication Token" (MISSING_AUTHENTICATION_TOKEN): API Gateway does not
 * reveal which paths exist to an unauthenticated caller.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-troubleshooting.html
 */
import { GatewayError, missingAuthenticationToken } from '../../errors.js';
import type { InvocationContext } from '../context.js';
import type { StageEntry } from '../deployments.js';
import type { PipelineEnv } from '../env.js';

export function route(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  const { apiId, stageName } = ctx.target;
  const cached = env.deployments.cached(apiId, stageName);
  if (cached) return selectMethod(ctx, cached);
  return env.deployments.lookup(apiId, stageName).then((found) => selectMethod(ctx, found));
}

function selectMethod(ctx: InvocationContext, found: StageEntry | 'no-api' | 'no-stage'): void {
  if (found === 'no-api') {
    throw new GatewayError('RESOURCE_NOT_FOUND', `The API id '${ctx.target.apiId}' does not correspond to a deployed API Gateway API`, 404);
  }
  // AWS answers a stage that does not exist like any path it will not reveal.
  if (found === 'no-stage') throw new GatewayError('MISSING_AUTHENTICATION_TOKEN', 'Forbidden');
  const canary = found.canary && found.canary.percentTraffic > 0 && Math.random() * 100 < found.canary.percentTraffic ? found.canary : undefined;
  ctx.stage = {
    scope: found.scope,
    apiId: found.apiId,
    stageName: found.stage.stageName,
    deploymentId: canary ? canary.deploymentId : found.stage.deploymentId,
    variables: canary ? canary.variables : (found.stage.variables ?? {}),
    isCanary: !!canary,
    api: canary ? canary.api : found.api,
  };
  // Split before decoding, so an encoded '/' (%2F) stays inside its segment.
  const match = ctx.stage.api.router.match(ctx.request.rawPath.split('/').slice(1).map(decodeSegment));
  if (!match) throw missingAuthenticationToken();
  const method = match.resource.methods.get(ctx.request.httpMethod) ?? match.resource.methods.get('ANY');
  if (!method) throw missingAuthenticationToken();
  ctx.resource = match.resource;
  ctx.method = method;
  ctx.pathParameters = match.pathParameters;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

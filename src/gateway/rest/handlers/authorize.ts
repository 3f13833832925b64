/**
 * Authorize: a method with authorizationType CUSTOM runs its Lambda authorizer (TOKEN or REQUEST)
 * before the integration request; every other method passes through at no cost. The function's
 * policy is evaluated against the request's methodArn; principalId and context become
 * `$context.authorizer.*` (and the proxy event's requestContext.authorizer). Answers are cached
 * per identity for authorizerResultTtlInSeconds, and a cached policy is evaluated per request.
 * Calling the function and its failures: authorizer-invoke.ts.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-input.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-lambda-authorizer-output.html
 */
import { accessDenied, authorizerConfigurationError } from '../../errors.js';
import { identityOf, invokeAuthorizer } from '../authorizer-invoke.js';
import { evaluatePolicy, type AuthorizerAnswer } from '../authorizer-policy.js';
import type { CompiledAuthorizer } from '../authorizers.js';
import type { InvocationContext } from '../context.js';
import { contextVariables } from '../context-variables.js';
import type { PipelineEnv } from '../env.js';
import { authorizeCognito } from '../../cognito/authorize-request.js';

export function authorize(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  // COGNITO_USER_POOLS: the user pool token instead of a Lambda function (cognito/authorize-request.ts).
  const cognito = ctx.method?.cognito;
  if (cognito) return authorizeCognito(ctx, env, cognito);
  const a = ctx.method?.authorizer;
  if (!a) return;
  if ('broken' in a) throw authorizerConfigurationError(a.broken);
  return run(ctx, env, a);
}

async function run(ctx: InvocationContext, env: PipelineEnv, a: CompiledAuthorizer): Promise<void> {
  const identity = identityOf(ctx, a);
  const methodArn = methodArnOf(ctx);
  const now = Date.now();
  let answer: AuthorizerAnswer | undefined;
  let latency = 0;
  if (a.ttlSeconds > 0) answer = a.cache.get(identity, now);
  if (!answer) {
    answer = (await invokeAuthorizer(ctx, env, a, methodArn, identity)).answer;
    latency = Date.now() - now;
    if (a.ttlSeconds > 0) a.cache.set(identity, answer, now + a.ttlSeconds * 1000);
  }
  const decision = evaluatePolicy(answer, methodArn);
  // A resource policy's Allow admits what the authorizer's policy is silent about (authorization-flow table A).
  if (decision !== 'allow' && !(decision === 'none' && ctx.resourcePolicy === 'allow')) throw accessDenied(decision === 'deny');
  ctx.authorizer = { principalId: answer.principalId, context: answer.context, usageIdentifierKey: answer.usageIdentifierKey };
  // $context.authorizer.principalId / .integrationLatency / .{key}, and the proxy event's requestContext.authorizer.
  contextVariables(ctx).authorizer = { ...answer.context, principalId: answer.principalId, integrationLatency: latency };
}

/** arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without its leading slash}. */
function methodArnOf(ctx: InvocationContext): string {
  const s = ctx.stage!;
  return `arn:aws:execute-api:${s.scope.region}:${s.scope.account}:${s.apiId}/${s.stageName}/${ctx.request.httpMethod}/${ctx.request.path.replace(/^\//, '')}`;
}

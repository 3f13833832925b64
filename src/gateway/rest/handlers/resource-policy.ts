/**
 * Resource policy and AWS_IAM, the authorization API Gateway runs before any authorizer:
 *  1. a method with authorizationType AWS_IAM needs a valid SigV4 signature (iam-auth.ts); the
 *     signer becomes `$context.identity.*` (accountId, caller, user, userArn, accessKey) and the
 *     proxy event's requestContext.identity;
 *  2. the API's resource policy, compiled with the deployment, is evaluated for the request's
 *     execute-api ARN and combined with the method's authorization type (policy/evaluate.ts).
 * A denial is 403 ACCESS_DENIED with AWS's body {"Message":"User: anonymous is not authorized to
 * perform: execute-api:Invoke on resource: arn:aws:execute-api:{region}:********{last 4 digits of
 * the account}:{apiId}/{stage}/{METHOD}/{path}"} (" with an explicit deny" when a Deny applied;
 * the signer's ARN in place of "anonymous" for AWS_IAM callers), as AWS writes it.
 * An API without a policy, on a method without AWS_IAM, passes at the cost of two field reads.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html
 */
import { GatewayError } from '../../errors.js';
import { combine, evaluateResourcePolicy, type AuthorizationKind, type CompiledPolicy } from '../../policy/index.js';
import type { InvocationContext } from '../context.js';
import { contextVariables } from '../context-variables.js';
import type { PipelineEnv } from '../env.js';
import { authenticateIam, type IamCaller } from '../iam-auth.js';

export function resourcePolicy(ctx: InvocationContext, env: PipelineEnv): void | Promise<void> {
  const method = ctx.method;
  const policy = ctx.stage!.api.resourcePolicy;
  if (method?.authorizationType === 'AWS_IAM') {
    return authenticateIam(ctx, env.iam).then((caller) => {
      setIdentity(ctx, caller);
      decide(ctx, policy, caller, 'AWS_IAM');
    });
  }
  if (!policy) return;
  const kind: AuthorizationKind = method?.authorizationType === 'CUSTOM' || method?.authorizationType === 'COGNITO_USER_POOLS' ? 'AUTHORIZER' : 'NONE';
  decide(ctx, policy, undefined, kind);
}

function decide(ctx: InvocationContext, policy: CompiledPolicy | undefined, caller: IamCaller | undefined, kind: AuthorizationKind): void {
  const stage = ctx.stage!;
  const arn = executeApiArn(ctx);
  const decision = policy
    ? evaluateResourcePolicy(policy, {
        resource: arn,
        principal: caller,
        sourceIp: ctx.request.sourceIp,
        headers: ctx.request.headers,
        now: ctx.requestTimeEpoch,
        secureTransport: ctx.request.headers['x-forwarded-proto'] === 'https',
      })
    : undefined;
  ctx.resourcePolicy = decision;
  const outcome = combine(decision, kind, !!caller && caller.account !== stage.scope.account);
  if (outcome === 'deny' || outcome === 'implicit-deny') {
    const who = caller?.arn ?? 'anonymous';
    const message = `User: ${who} is not authorized to perform: execute-api:Invoke on resource: ${masked(arn, stage.scope.account)}${outcome === 'deny' ? ' with an explicit deny' : ''}`;
    throw new GatewayError('ACCESS_DENIED', message, undefined, `resource policy: ${outcome}`);
  }
}

/** `$context.identity.*` of a signed request (context-variables.ts holds them null otherwise). */
function setIdentity(ctx: InvocationContext, caller: IamCaller): void {
  ctx.iamCaller = caller;
  const identity = contextVariables(ctx).identity as Record<string, unknown>;
  identity.accountId = caller.account;
  identity.caller = caller.userId;
  identity.user = caller.userId;
  identity.userArn = caller.arn;
  identity.accessKey = caller.accessKey;
}

/** arn:{partition}:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path without its leading slash}. */
export function executeApiArn(ctx: InvocationContext): string {
  const s = ctx.stage!;
  const region = s.scope.region;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:execute-api:${region}:${s.scope.account}:${s.apiId}/${s.stageName}/${ctx.request.httpMethod}/${ctx.request.path.slice(1)}`;
}

/** AWS shows only the account's last four digits in the message: ********2543. */
function masked(arn: string, account: string): string {
  return arn.replace(`:${account}:`, `:********${account.slice(-4)}:`);
}

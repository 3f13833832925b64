/**
 * The authorize stage's COGNITO_USER_POOLS branch: the request's token verified for the method's
 * user pool authorizer (authorizer.ts); its claims become `$context.authorizer.claims` and the
 * proxy event's requestContext.authorizer {claims, scopes}. A configuration AWS would refuse
 * (unknown authorizer, bad identity source) answers 500 AuthorizerConfigurationException.
 * A token verified within the authorizer's authorizerResultTtlInSeconds is not verified again (authorizer.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html
 */
import { authorizerConfigurationError } from '../errors.js';
import type { BrokenAuthorizer } from '../rest/authorizers.js';
import type { InvocationContext } from '../rest/context.js';
import { contextVariables } from '../rest/context-variables.js';
import type { PipelineEnv } from '../rest/env.js';
import { cognitoClaims, type CompiledCognitoAuthorizer } from './authorizer.js';

export async function authorizeCognito(ctx: InvocationContext, env: PipelineEnv, a: CompiledCognitoAuthorizer | BrokenAuthorizer): Promise<void> {
  if ('broken' in a) throw authorizerConfigurationError(a.broken);
  const claims = await cognitoClaims(env.cognito, a, ctx.request.headers[a.header]);
  ctx.authorizer = { principalId: claims.sub ?? '', context: {} };
  contextVariables(ctx).authorizer = { claims, scopes: a.scopes && claims.scope ? claims.scope.split(' ') : null };
}

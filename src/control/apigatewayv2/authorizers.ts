/**
 * Authorizers: CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer, and
 * ResetAuthorizersCache ("Resets all authorizer cache entries on a stage. Supported only for HTTP
 * APIs."): the API and stage must exist (GetStage's NotFound wording), then the data plane drops
 * the stage's cached Lambda authorizer answers through the HttpAuthorizerCacheControl port
 * (src/definitions/http-authorizer-cache.ts) and the answer is 204 with no body.
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-authorizers.html
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename-cache-authorizers.html
 */
import { AwsError, badRequest, conflict } from '../../aws/errors.js';
import type {
  S_CreateAuthorizerRequest,
  S_DeleteAuthorizerRequest,
  S_GetAuthorizerRequest,
  S_GetAuthorizersRequest,
  S_ResetAuthorizersCacheRequest,
  S_UpdateAuthorizerRequest,
} from '../../aws/generated/apigatewayv2.js';
import type { AuthorizerRecord, RouteRecord } from '../../definitions/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { checkAuthorizer } from './authorizer-rules.js';
import { afterApiChange } from './deploy.js';
import { KIND, childKey, compact, isHttp, listChildren, newId, page, requireApi, requireChild } from './records.js';
import { requireStage } from './stages.js';

const MEMBERS = [
  'AuthorizerCredentialsArn', 'AuthorizerPayloadFormatVersion', 'AuthorizerResultTtlInSeconds', 'AuthorizerType', 'AuthorizerUri',
  'EnableSimpleResponses', 'IdentitySource', 'IdentityValidationExpression', 'JwtConfiguration', 'Name',
] as const;

export const requireAuthorizer = (ctx: RequestContext, apiId: string, authorizerId: string) =>
  requireChild<AuthorizerRecord>(ctx, KIND.authorizer, 'Authorizer', apiId, authorizerId);

async function createAuthorizer(input: S_CreateAuthorizerRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const authorizer: AuthorizerRecord = compact({ AuthorizerId: newId(6), ...Object.fromEntries(MEMBERS.map((m) => [m, input[m]])) } as AuthorizerRecord);
  checkAuthorizer(api, authorizer);
  await ctx.tx.put(KIND.authorizer, childKey(api.ApiId, authorizer.AuthorizerId), authorizer);
  await afterApiChange(ctx, api.ApiId);
  return authorizer;
}

async function getAuthorizer(input: S_GetAuthorizerRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return requireAuthorizer(ctx, input.ApiId, input.AuthorizerId);
}

async function getAuthorizers(input: S_GetAuthorizersRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  return page(await listChildren<AuthorizerRecord>(ctx, KIND.authorizer, input.ApiId), input);
}

async function updateAuthorizer(input: S_UpdateAuthorizerRequest, ctx: RequestContext) {
  const api = await requireApi(ctx, input.ApiId);
  const current = await requireAuthorizer(ctx, input.ApiId, input.AuthorizerId);
  const next: AuthorizerRecord = { ...current };
  for (const m of MEMBERS) if (input[m] !== undefined) (next as unknown as Record<string, unknown>)[m] = input[m];
  checkAuthorizer(api, next);
  // A route keeps pointing at this authorizer: its type must still fit the route's authorizationType.
  if (next.AuthorizerType !== current.AuthorizerType) {
    const user = (await listChildren<RouteRecord>(ctx, KIND.route, api.ApiId)).find((r) => r.AuthorizerId === current.AuthorizerId);
    if (user) throw conflict(`The authorizer type cannot be changed while route ${user.RouteId} (${user.RouteKey}) uses the authorizer`);
  }
  await ctx.tx.put(KIND.authorizer, childKey(api.ApiId, current.AuthorizerId), next);
  await afterApiChange(ctx, api.ApiId);
  return next;
}

async function deleteAuthorizer(input: S_DeleteAuthorizerRequest, ctx: RequestContext) {
  await requireApi(ctx, input.ApiId);
  await requireAuthorizer(ctx, input.ApiId, input.AuthorizerId);
  const user = (await listChildren<RouteRecord>(ctx, KIND.route, input.ApiId)).find((r) => r.AuthorizerId === input.AuthorizerId);
  if (user) throw conflict(`Authorizer ${input.AuthorizerId} cannot be deleted: it is used by route ${user.RouteId} (${user.RouteKey})`);
  await ctx.tx.delete(KIND.authorizer, childKey(input.ApiId, input.AuthorizerId));
  await afterApiChange(ctx, input.ApiId);
}

async function resetAuthorizersCache(input: S_ResetAuthorizersCacheRequest, ctx: RequestContext): Promise<void> {
  const api = await requireApi(ctx, input.ApiId);
  await requireStage(ctx, input.ApiId, input.StageName);
  if (!isHttp(api)) throw badRequest('ResetAuthorizersCache is supported only for HTTP APIs');
  const port = ctx.ports.httpAuthorizerCache;
  if (!port) throw new AwsError('NotImplemented', 'ResetAuthorizersCache needs the data plane, which this Gatehouse runs without.', 501);
  port.resetAuthorizersCache(ctx.scope, input.ApiId, input.StageName);
}

export const handlers: Handlers = {
  CreateAuthorizer: createAuthorizer,
  GetAuthorizer: getAuthorizer,
  GetAuthorizers: getAuthorizers,
  UpdateAuthorizer: updateAuthorizer,
  DeleteAuthorizer: deleteAuthorizer,
  ResetAuthorizersCache: resetAuthorizersCache,
};

/**
 * Authorizer: CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer.
 * TestInvokeAuthorizer runs on the data plane: test-invoke.ts.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateAuthorizer.html
 */
import { badRequest, conflict } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_Authorizer,
  S_CreateAuthorizerRequest,
  S_DeleteAuthorizerRequest,
  S_GetAuthorizerRequest,
  S_GetAuthorizersRequest,
  S_UpdateAuthorizerRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { checkAuthorizer, DEFAULT_IDENTITY_SOURCE } from './authorizer-rules.js';
import { lastMethodUsing, verbThenPath } from './method-references.js';
import { applyPatch, fieldRule, type PatchRule } from './patch/index.js';
import { apiKey, KIND, listPage, requireDoc } from './records.js';

const NOT_FOUND = 'Invalid Authorizer identifier specified';
const AUTHORIZER_TYPES = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS'];

async function createAuthorizer(input: S_CreateAuthorizerRequest, ctx: RequestContext): Promise<S_Authorizer> {
  const authorizer: S_Authorizer = {
    id: shortId(6),
    name: input.name,
    type: input.type,
    providerARNs: input.type === 'COGNITO_USER_POOLS' ? input.providerARNs : undefined,
    authType: input.authType,
    authorizerUri: input.authorizerUri,
    authorizerCredentials: input.authorizerCredentials,
    identitySource: input.identitySource ?? (input.type === 'REQUEST' ? undefined : DEFAULT_IDENTITY_SOURCE),
    identityValidationExpression: input.identityValidationExpression,
    // Left out when not given: AWS reports no TTL then and applies 300 at run time
    // (recorded: get-authorizers in test_rest_api_serverless_ref_resolving).
    authorizerResultTtlInSeconds: input.authorizerResultTtlInSeconds,
  };
  // AWS checks the definition before it looks for the API ...
  checkAuthorizer(authorizer);
  // ... and answers an unknown API with this conflict (recorded: wrong-rest-api-id-create-authorizer).
  if (!(await ctx.tx.get(KIND.restApi, input.restApiId))) {
    throw conflict('Unable to complete operation due to concurrent modification. Please try again later.');
  }
  await ctx.tx.put(KIND.authorizer, apiKey(input.restApiId, authorizer.id!), authorizer);
  return authorizer;
}

function requireAuthorizer(ctx: RequestContext, restApiId: string, id: string): Promise<S_Authorizer> {
  return requireDoc(ctx.tx, KIND.authorizer, apiKey(restApiId, id), NOT_FOUND);
}

async function getAuthorizer(input: S_GetAuthorizerRequest, ctx: RequestContext): Promise<S_Authorizer> {
  return requireAuthorizer(ctx, input.restApiId, input.authorizerId);
}

function getAuthorizers(input: S_GetAuthorizersRequest, ctx: RequestContext) {
  return listPage<S_Authorizer>(ctx, KIND.authorizer, input);
}

const RULES: PatchRule<S_Authorizer>[] = [
  fieldRule('/name', 'name'),
  {
    path: '/type',
    ops: ['replace'],
    apply(doc, c) {
      if (!c.value || !AUTHORIZER_TYPES.includes(c.value)) {
        throw badRequest(`Invalid authorizer type '${c.value ?? 'null'}'. Must be one of: [${AUTHORIZER_TYPES.join(', ')}]`);
      }
      doc.type = c.value as S_Authorizer['type'];
    },
  },
  fieldRule('/authType', 'authType'),
  fieldRule('/authorizerUri', 'authorizerUri'),
  fieldRule('/authorizerCredentials', 'authorizerCredentials'),
  fieldRule('/identitySource', 'identitySource'),
  fieldRule('/identityValidationExpression', 'identityValidationExpression'),
  fieldRule('/authorizerResultTtlInSeconds', 'authorizerResultTtlInSeconds', 'integer'),
  {
    // A Cognito authorizer's user pools, one per path: /providerARNs/{arn} (the ARN's "/" escaped as ~1).
    path: '/providerARNs/{arn+}',
    ops: ['add', 'remove'],
    listed: '/providerARNs',
    apply(doc, c) {
      const arns = (doc.providerARNs ?? []).filter((a) => a !== c.params.arn);
      if (c.op === 'add') arns.push(c.params.arn);
      doc.providerARNs = arns;
    },
  },
];

/** Every path may be patched; the result must still be a usable authorizer. */
async function updateAuthorizer(input: S_UpdateAuthorizerRequest, ctx: RequestContext): Promise<S_Authorizer> {
  const current = await requireAuthorizer(ctx, input.restApiId, input.authorizerId);
  const updated = applyPatch(current, input.patchOperations, RULES);
  if (updated.type !== 'COGNITO_USER_POOLS') delete updated.providerARNs;
  checkAuthorizer(updated);
  await ctx.tx.put(KIND.authorizer, apiKey(input.restApiId, current.id!), updated);
  return updated;
}

/**
 * AWS refuses while a method uses the authorizer: "Cannot delete authorizer 'x', is referenced in
 * method: GET//test" (seen by Terraform users).
 */
async function deleteAuthorizer(input: S_DeleteAuthorizerRequest, ctx: RequestContext): Promise<void> {
  const authorizer = await requireAuthorizer(ctx, input.restApiId, input.authorizerId);
  const user = await lastMethodUsing(ctx.tx, input.restApiId, (m) => m.authorizerId === authorizer.id);
  if (user) throw conflict(`Cannot delete authorizer '${authorizer.name}', is referenced in method: ${verbThenPath(user)}`);
  await ctx.tx.delete(KIND.authorizer, apiKey(input.restApiId, authorizer.id!));
}

export const handlers: Handlers = {
  CreateAuthorizer: createAuthorizer,
  GetAuthorizer: getAuthorizer,
  GetAuthorizers: getAuthorizers,
  UpdateAuthorizer: updateAuthorizer,
  DeleteAuthorizer: deleteAuthorizer,
};

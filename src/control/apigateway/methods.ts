/**
 * Method: PutMethod, GetMethod, UpdateMethod, DeleteMethod.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_PutMethod.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
 *
 * The method document also holds its method responses and integration (see method-store.ts), so
 * GetMethod answers all of it and DeleteMethod removes all of it.
 */
import { badRequest, conflict } from '../../aws/errors.js';
import type {
  S_Authorizer,
  S_DeleteMethodRequest,
  S_GetMethodRequest,
  S_PutMethodRequest,
  S_UpdateMethodRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { javaBoolean, validateMethodRequestParameters } from './mapping-expressions.js';
import { mapKeyRule, stringRule, withMethodFamilyErrors } from './method-patch.js';
import {
  checkHttpMethod,
  checkModelsExist,
  contentTypeNotFound,
  findMethod,
  normalizeVerb,
  parameterNotFound,
  requireMethod,
  requireMethodResource,
  saveMethod,
  type MethodRecord,
} from './method-store.js';
import { applyPatch, type PatchRule } from './patch/index.js';
import { apiKey, KIND } from './records.js';

const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];
/** The types that name an authorizer; for the others AWS keeps no authorizerId. */
const AUTHORIZER_TYPES = ['CUSTOM', 'COGNITO_USER_POOLS'];

const invalidAuthorizer = () =>
  badRequest('Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.');

async function putMethod(input: S_PutMethodRequest, ctx: RequestContext): Promise<MethodRecord> {
  // Recorded order: a wrong API or resource is reported before a wrong verb.
  await requireMethodResource(ctx, input);
  const httpMethod = normalizeVerb(input.httpMethod);
  checkHttpMethod(httpMethod);
  const { key, method: existing } = await findMethod(ctx, input);
  if (existing) throw conflict('Method already exists for this resource');
  const method: MethodRecord = {
    httpMethod,
    // AWS accepts any case and answers upper case (recorded: "none" -> "NONE").
    authorizationType: input.authorizationType.toUpperCase(),
    authorizerId: input.authorizerId,
    apiKeyRequired: input.apiKeyRequired ?? false,
    requestValidatorId: input.requestValidatorId,
    operationName: input.operationName,
    requestParameters: input.requestParameters,
    requestModels: input.requestModels,
    authorizationScopes: input.authorizationScopes?.length ? input.authorizationScopes : undefined,
  };
  await checkMethod(ctx, input.restApiId, method);
  await saveMethod(ctx, key, method);
  return method;
}

async function getMethod(input: S_GetMethodRequest, ctx: RequestContext): Promise<MethodRecord> {
  return (await requireMethod(ctx, input)).method;
}

async function deleteMethod(input: S_DeleteMethodRequest, ctx: RequestContext): Promise<void> {
  const { key } = await requireMethod(ctx, input);
  await ctx.tx.delete(KIND.method, key);
}

/**
 * The paths UpdateMethod accepts (recorded: `add /operationName` answers "Must be one of:
 * [replace]"; `/httpMethod`, `/requestParameters` and `/requestModels/application/json` (an
 * unescaped "/") answer "Invalid patch path ...").
 */
const METHOD_RULES: PatchRule<MethodRecord>[] = withMethodFamilyErrors<MethodRecord>([
  stringRule('/authorizationType', 'authorizationType', (v) => v.toUpperCase()),
  stringRule('/authorizerId', 'authorizerId'),
  { path: '/apiKeyRequired', ops: ['replace'], apply: (doc, c) => void (doc.apiKeyRequired = javaBoolean(c.value)) },
  stringRule('/requestValidatorId', 'requestValidatorId'),
  stringRule('/operationName', 'operationName'),
  mapKeyRule('/requestParameters', 'requestParameters', javaBoolean, parameterNotFound),
  mapKeyRule('/requestModels', 'requestModels', (v) => v ?? '', contentTypeNotFound),
  {
    // Scopes are added and removed one value at a time; a remove without a value clears them.
    path: '/authorizationScopes',
    ops: ['add', 'remove'],
    apply(doc, c) {
      const scopes = new Set(doc.authorizationScopes ?? []);
      if (c.op === 'add') {
        if (c.value) scopes.add(c.value);
      } else if (c.value === undefined) scopes.clear();
      else scopes.delete(c.value);
      doc.authorizationScopes = scopes.size ? [...scopes] : undefined;
      if (!doc.authorizationScopes) delete doc.authorizationScopes;
    },
  },
]);

async function updateMethod(input: S_UpdateMethodRequest, ctx: RequestContext): Promise<MethodRecord> {
  const { key, method } = await requireMethod(ctx, input);
  const updated = applyPatch(method, input.patchOperations, METHOD_RULES);
  await checkMethod(ctx, input.restApiId, updated);
  await saveMethod(ctx, key, updated);
  return updated;
}

/**
 * What AWS checks on a method after a put or an update, in place on `method`: the authorization
 * type, its authorizer, the request validator, parameter names and model references.
 */
async function checkMethod(ctx: RequestContext, restApiId: string, method: MethodRecord): Promise<void> {
  if (!AUTHORIZATION_TYPES.includes(method.authorizationType ?? '')) {
    throw badRequest(`Invalid authorization type specified. Valid options are ${AUTHORIZATION_TYPES.join(',')}`);
  }
  if (AUTHORIZER_TYPES.includes(method.authorizationType)) {
    // A Cognito method needs a Cognito authorizer; CUSTOM needs a Lambda (TOKEN/REQUEST) one.
    const authorizer = method.authorizerId ? await ctx.tx.get<S_Authorizer>(KIND.authorizer, apiKey(restApiId, method.authorizerId)) : undefined;
    if (!authorizer || (authorizer.type === 'COGNITO_USER_POOLS') !== (method.authorizationType === 'COGNITO_USER_POOLS')) throw invalidAuthorizer();
  } else {
    // Recorded: an authorizerId set while the type is NONE is not kept.
    delete method.authorizerId;
  }
  if (method.requestValidatorId === '') delete method.requestValidatorId;
  if (method.requestValidatorId !== undefined) {
    if (!(await ctx.tx.get(KIND.requestValidator, apiKey(restApiId, method.requestValidatorId)))) {
      throw badRequest('Invalid Request Validator identifier specified');
    }
  }
  validateMethodRequestParameters(method.requestParameters);
  await checkModelsExist(ctx, restApiId, method.requestModels);
}

export const handlers: Handlers = {
  PutMethod: putMethod,
  GetMethod: getMethod,
  UpdateMethod: updateMethod,
  DeleteMethod: deleteMethod,
};

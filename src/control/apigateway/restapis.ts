/**
 * RestApi: CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
 *
 * Quoted messages and the answer shapes were recorded from AWS (test_apigateway_api.snapshot.json,
 * TestApiGatewayApiRestApi::*): a created API carries `tags` only when some were given, while
 * UpdateRestApi always answers with `tags` (`{}` when there are none).
 */
import { badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateRestApiRequest,
  S_DeleteRestApiRequest,
  S_GetRestApiRequest,
  S_GetRestApisRequest,
  S_UpdateRestApiRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { createDefaultModels } from './models.js';
import { applyPatch } from './patch/index.js';
import { API_CHILD_KINDS, apiKey, apiPrefix, KIND, paginate, requireRestApi, type ResourceRecord } from './records.js';
import { cloneApiDefinition } from './restapi-clone.js';
import { detachStages } from './usage-plan-record.js';
import { refuseIfMappedApi } from './stage-references.js';
import {
  checkEndpointConfiguration,
  COMPRESSION_SIZE_ERROR,
  MAX_COMPRESSION_SIZE,
  MULTIPLE_ENDPOINT_TYPES,
  NO_ENDPOINT_TYPE,
  restApiRules,
  type RestApiDoc,
} from './restapi-patch.js';
import { normalisePolicy } from './restapi-policy.js';

async function createRestApi(input: S_CreateRestApiRequest, ctx: RequestContext): Promise<RestApiDoc> {
  // Types and ipAddressType values were already checked against the model's enums (wire layer).
  const config = input.endpointConfiguration ?? {};
  const types = config.types ?? ['EDGE'];
  const api: RestApiDoc = {
    id: shortId(10),
    name: input.name,
    createdDate: ctx.now.toISOString(),
    apiKeySource: input.apiKeySource ?? 'HEADER',
    // An API without an ipAddressType is ipv4, except a private one, which can only be dualstack.
    endpointConfiguration: { types: [...types], ipAddressType: config.ipAddressType ?? (types.includes('PRIVATE') ? 'dualstack' : 'ipv4') },
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    rootResourceId: shortId(10),
  };
  // AWS's order: the number of endpoint types, then the description, then private + ipv4.
  if (types.length === 0) throw NO_ENDPOINT_TYPE();
  if (types.length > 1) throw MULTIPLE_ENDPOINT_TYPES();
  if (input.description === '') throw badRequest('Description cannot be an empty string');
  checkEndpointConfiguration(api);
  const size = input.minimumCompressionSize;
  if (size !== undefined && size !== null && (size < 0 || size > MAX_COMPRESSION_SIZE)) throw COMPRESSION_SIZE_ERROR();

  if (input.description !== undefined) api.description = input.description;
  if (input.version !== undefined) api.version = input.version;
  if (input.binaryMediaTypes?.length) api.binaryMediaTypes = [...new Set(input.binaryMediaTypes)];
  if (size !== undefined && size !== null) api.minimumCompressionSize = size;
  if (config.vpcEndpointIds?.length) api.endpointConfiguration.vpcEndpointIds = [...config.vpcEndpointIds];
  if (input.policy) api.policy = normalisePolicy(input.policy, { account: ctx.scope.account, region: ctx.scope.region, apiId: api.id });
  if (input.tags && Object.keys(input.tags).length) api.tags = { ...input.tags };
  if (input.securityPolicy !== undefined) api.securityPolicy = input.securityPolicy;
  if (input.endpointAccessMode !== undefined) api.endpointAccessMode = input.endpointAccessMode;

  if (input.cloneFrom !== undefined) {
    // The clone gets the source's models, the Empty and Error ones included.
    const source = await requireRestApi(ctx, input.cloneFrom);
    api.rootResourceId = await cloneApiDefinition(ctx, source, api.id);
  } else {
    const root: ResourceRecord = { id: api.rootResourceId };
    await ctx.tx.put(KIND.resource, apiKey(api.id, root.id), root);
    await createDefaultModels(ctx, api.id);
  }
  await ctx.tx.put(KIND.restApi, api.id, api);
  return api;
}

/** GetRestApi always answers `tags`, `{}` when there are none (recorded: test_put_rest_api_mode_binary_media_types get-rest-api). */
async function getRestApi(input: S_GetRestApiRequest, ctx: RequestContext): Promise<RestApiDoc> {
  const api = await requireRestApi(ctx, input.restApiId);
  return { ...api, tags: api.tags ?? {} };
}

async function getRestApis(input: S_GetRestApisRequest, ctx: RequestContext) {
  const all = (await ctx.tx.list<RestApiDoc>(KIND.restApi)).map((e) => e.value);
  return paginate(all, input.position, input.limit);
}

async function updateRestApi(input: S_UpdateRestApiRequest, ctx: RequestContext): Promise<RestApiDoc> {
  const api: RestApiDoc = await requireRestApi(ctx, input.restApiId);
  const rules = restApiRules({ account: ctx.scope.account, region: ctx.scope.region, apiId: api.id });
  const updated = applyPatch(api, input.patchOperations, rules);
  checkEndpointConfiguration(updated);
  // "You cannot change a private API into an edge-optimized API" (developer guide, apigateway-api-migration).
  if (api.endpointConfiguration.types.includes('PRIVATE') && updated.endpointConfiguration.types.includes('EDGE')) {
    throw badRequest('Cannot change a private API into an edge-optimized API.');
  }
  await ctx.tx.put(KIND.restApi, updated.id, updated);
  return { ...updated, tags: updated.tags ?? {} };
}

async function deleteRestApi(input: S_DeleteRestApiRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  await refuseIfMappedApi(ctx.tx, input.restApiId);
  for (const kind of API_CHILD_KINDS) await ctx.tx.deletePrefix(kind, apiPrefix(input.restApiId));
  await ctx.tx.delete(KIND.restApi, input.restApiId);
  await detachStages(ctx.tx, input.restApiId);
}

export const handlers: Handlers = {
  CreateRestApi: createRestApi,
  GetRestApi: getRestApi,
  GetRestApis: getRestApis,
  UpdateRestApi: updateRestApi,
  DeleteRestApi: deleteRestApi,
};

/**
 * RestApi: CreateRestApi, GetRestApi(s), UpdateRestApi, DeleteRestApi.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
 */
import { badRequest } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type { S_CreateRestApiRequest, S_GetRestApiRequest, S_GetRestApisRequest, S_DeleteRestApiRequest } from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { API_CHILD_KINDS, apiKey, apiPrefix, KIND, paginate, requireRestApi, type ResourceRecord, type RestApiRecord } from './records.js';

async function createRestApi(input: S_CreateRestApiRequest, ctx: RequestContext): Promise<RestApiRecord> {
  if (input.description === '') throw badRequest('Description cannot be an empty string');
  const id = shortId(10);
  const rootResourceId = shortId(10);
  const types = input.endpointConfiguration?.types?.length ? input.endpointConfiguration.types : ['EDGE'];
  const api: RestApiRecord = {
    id,
    name: input.name,
    description: input.description,
    createdDate: ctx.now.toISOString(),
    version: input.version,
    binaryMediaTypes: input.binaryMediaTypes?.length ? input.binaryMediaTypes : undefined,
    minimumCompressionSize: input.minimumCompressionSize,
    apiKeySource: input.apiKeySource ?? 'HEADER',
    endpointConfiguration: {
      types,
      ipAddressType: input.endpointConfiguration?.ipAddressType ?? (types.includes('PRIVATE') ? 'dualstack' : 'ipv4'),
      vpcEndpointIds: input.endpointConfiguration?.vpcEndpointIds,
    },
    policy: input.policy,
    tags: input.tags && Object.keys(input.tags).length ? input.tags : undefined,
    disableExecuteApiEndpoint: input.disableExecuteApiEndpoint ?? false,
    rootResourceId,
  };
  await ctx.tx.put(KIND.restApi, id, api);
  const root: ResourceRecord = { id: rootResourceId };
  await ctx.tx.put(KIND.resource, apiKey(id, rootResourceId), root);
  return api;
}

async function getRestApi(input: S_GetRestApiRequest, ctx: RequestContext): Promise<RestApiRecord> {
  return requireRestApi(ctx, input.restApiId);
}

async function getRestApis(input: S_GetRestApisRequest, ctx: RequestContext) {
  const all = (await ctx.tx.list<RestApiRecord>(KIND.restApi)).map((e) => e.value);
  return paginate(all, input.position, input.limit);
}

async function deleteRestApi(input: S_DeleteRestApiRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  for (const kind of API_CHILD_KINDS) await ctx.tx.deletePrefix(kind, apiPrefix(input.restApiId));
  await ctx.tx.delete(KIND.restApi, input.restApiId);
}

export const handlers: Handlers = {
  CreateRestApi: createRestApi,
  GetRestApi: getRestApi,
  GetRestApis: getRestApis,
  DeleteRestApi: deleteRestApi,
};

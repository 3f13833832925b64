/**
 * Resource: the path tree of a REST API.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html
 */
import { shortId } from '../../aws/ids.js';
import type { S_CreateResourceRequest, S_GetResourcesRequest } from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import { apiKey, apiPrefix, KIND, paginate, requireResource, requireRestApi, resourcePath, type ResourceRecord } from './records.js';

async function createResource(input: S_CreateResourceRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  await requireResource(ctx.tx, input.restApiId, input.parentId);
  const resource: ResourceRecord = { id: shortId(10), parentId: input.parentId, pathPart: input.pathPart };
  await ctx.tx.put(KIND.resource, apiKey(input.restApiId, resource.id), resource);
  const all = new Map((await ctx.tx.list<ResourceRecord>(KIND.resource, apiPrefix(input.restApiId))).map((e) => [e.value.id, e.value]));
  return { ...resource, path: resourcePath(all, resource) };
}

async function getResources(input: S_GetResourcesRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const list = (await ctx.tx.list<ResourceRecord>(KIND.resource, apiPrefix(input.restApiId))).map((e) => e.value);
  const all = new Map(list.map((r) => [r.id, r]));
  return paginate(list.map((r) => ({ ...r, path: resourcePath(all, r) })), input.position, input.limit);
}

export const handlers: Handlers = {
  CreateResource: createResource,
  GetResources: getResources,
};

/**
 * Resource: the path tree of a REST API (CreateResource, GetResource(s), UpdateResource,
 * DeleteResource).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateResource.html
 *
 * The tree's rules live in resource-tree.ts. Quoted messages were recorded from AWS
 * (test_apigateway_api.snapshot.json, TestApiGatewayApiResource::*).
 */
import { badRequest, notFound } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateResourceRequest,
  S_DeleteResourceRequest,
  S_GetResourceRequest,
  S_GetResourcesRequest,
  S_Method,
  S_UpdateResourceRequest,
} from '../../aws/generated/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyPatch, defaultInvalidPath, type PatchOpName, type PatchRule } from './patch/index.js';
import { apiKey, apiPrefix, KIND, listUnderApi, paginate, requireResource, requireRestApi, resourcePath, type ResourceRecord } from './records.js';
import { checkGreedyHasNoChildren, checkPathPart, checkPlacement, checkResourceLimit, subtreeIds } from './resource-tree.js';

type Methods = Record<string, S_Method>;

async function loadTree(tx: StoreTx, restApiId: string): Promise<Map<string, ResourceRecord>> {
  const list = await listUnderApi<ResourceRecord>(tx, KIND.resource, restApiId);
  return new Map(list.map((r) => [r.id, r]));
}

/** Every method of the API, by resource id (method keys are `{apiId}/{resourceId}/{HTTP_METHOD}`). */
async function loadMethods(tx: StoreTx, restApiId: string, resourceId?: string): Promise<Map<string, Methods>> {
  const prefix = resourceId === undefined ? apiPrefix(restApiId) : `${apiKey(restApiId, resourceId)}/`;
  const byResource = new Map<string, Methods>();
  for (const { key, value } of await tx.list<S_Method>(KIND.method, prefix)) {
    const [, rid, httpMethod] = key.split('/');
    const methods = byResource.get(rid) ?? {};
    methods[httpMethod] = value;
    byResource.set(rid, methods);
  }
  return byResource;
}

/**
 * The Resource shape: without `embed=methods` AWS lists only the method names
 * (`"resourceMethods": {"GET": {}}`, recorded), with it the whole Method documents; a resource
 * without methods has no `resourceMethods` at all.
 */
function present(resource: ResourceRecord, tree: Map<string, ResourceRecord>, methods: Methods | undefined, embed: boolean) {
  const out: Record<string, unknown> = { ...resource, path: resourcePath(tree, resource) };
  if (methods && Object.keys(methods).length) {
    out.resourceMethods = embed ? methods : Object.fromEntries(Object.keys(methods).map((m) => [m, {}]));
  }
  return out;
}

const embedsMethods = (embed: string[] | undefined) => (embed ?? []).some((e) => e.split(',').map((s) => s.trim()).includes('methods'));

async function createResource(input: S_CreateResourceRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const parent = await requireResource(ctx.tx, input.restApiId, input.parentId);
  checkPathPart(input.pathPart);
  const tree = await loadTree(ctx.tx, input.restApiId);
  checkResourceLimit(tree.size);
  const resource: ResourceRecord = { id: shortId(10), parentId: parent.id, pathPart: input.pathPart };
  checkPlacement(resource, parent, tree.values());
  await ctx.tx.put(KIND.resource, apiKey(input.restApiId, resource.id), resource);
  tree.set(resource.id, resource);
  return present(resource, tree, undefined, false);
}

async function getResource(input: S_GetResourceRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const resource = await requireResource(ctx.tx, input.restApiId, input.resourceId);
  const tree = await loadTree(ctx.tx, input.restApiId);
  const methods = await loadMethods(ctx.tx, input.restApiId, resource.id);
  return present(resource, tree, methods.get(resource.id), embedsMethods(input.embed));
}

async function getResources(input: S_GetResourcesRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const tree = await loadTree(ctx.tx, input.restApiId);
  const page = paginate([...tree.values()], input.position, input.limit);
  const methods = await loadMethods(ctx.tx, input.restApiId);
  const embed = embedsMethods(input.embed);
  return { items: page.items.map((r) => present(r, tree, methods.get(r.id), embed)), position: page.position };
}

/**
 * Only `replace` of /parentId and /pathPart; every other op answers "Invalid patch path
 * '/pathPart' specified for op 'remove'. Please choose supported operations" (recorded).
 */
function resourceRules(tree: Map<string, ResourceRecord>): PatchRule<ResourceRecord>[] {
  const notRoot = (doc: ResourceRecord, field: string) => {
    if (doc.parentId === undefined) throw badRequest(`Root resource cannot update its ${field}.`);
  };
  return [
    {
      path: '/parentId',
      ops: ['replace'],
      apply(doc, ctx) {
        notRoot(doc, 'parentId');
        const parent = ctx.value === undefined ? undefined : tree.get(ctx.value);
        if (!parent) throw notFound('Invalid Resource identifier specified');
        if (subtreeIds(doc.id, tree.values()).has(parent.id)) throw badRequest('Resources cannot be cyclical.');
        doc.parentId = parent.id;
      },
    },
    {
      path: '/pathPart',
      ops: ['replace'],
      apply(doc, ctx) {
        notRoot(doc, 'pathPart');
        checkPathPart(ctx.value);
        doc.pathPart = ctx.value;
      },
    },
    {
      path: '/{path+}',
      ops: ['add', 'remove', 'move', 'copy', 'test'] as PatchOpName[],
      listed: false,
      apply(_doc, ctx) {
        throw defaultInvalidPath(ctx.op, ctx.path, []);
      },
    },
  ];
}

async function updateResource(input: S_UpdateResourceRequest, ctx: RequestContext) {
  await requireRestApi(ctx, input.restApiId);
  const resource = await requireResource(ctx.tx, input.restApiId, input.resourceId);
  const tree = await loadTree(ctx.tx, input.restApiId);
  const updated = applyPatch(resource, input.patchOperations, resourceRules(tree));
  // Where the resource lands is checked once every operation is applied, so that moving and
  // renaming in one request is judged by the result.
  if (updated.parentId !== undefined) {
    tree.set(updated.id, updated);
    checkPlacement(updated, tree.get(updated.parentId)!, tree.values());
    checkGreedyHasNoChildren(updated, tree.values());
  }
  await ctx.tx.put(KIND.resource, apiKey(input.restApiId, updated.id), updated);
  const methods = await loadMethods(ctx.tx, input.restApiId, updated.id);
  return present(updated, tree, methods.get(updated.id), false);
}

/** Deletes the resource, every resource below it, and the methods of all of them. */
async function deleteResource(input: S_DeleteResourceRequest, ctx: RequestContext): Promise<void> {
  await requireRestApi(ctx, input.restApiId);
  const resource = await requireResource(ctx.tx, input.restApiId, input.resourceId);
  if (resource.parentId === undefined) throw badRequest('Cannot delete the root resource of a REST API.');
  const tree = await loadTree(ctx.tx, input.restApiId);
  for (const id of subtreeIds(resource.id, tree.values())) {
    await ctx.tx.deletePrefix(KIND.method, `${apiKey(input.restApiId, id)}/`);
    await ctx.tx.delete(KIND.resource, apiKey(input.restApiId, id));
  }
}

export const handlers: Handlers = {
  CreateResource: createResource,
  GetResource: getResource,
  GetResources: getResources,
  UpdateResource: updateResource,
  DeleteResource: deleteResource,
};

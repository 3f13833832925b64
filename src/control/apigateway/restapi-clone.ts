/**
 * CreateRestApi with `cloneFrom`: the new API starts with a copy of the source API's definition
 * (resources with their methods, models, request validators, authorizers, gateway responses), but
 * not its deployments or stages, which belong to the source alone.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html#apigw-CreateRestApi-request-cloneFrom
 *
 * Resources get fresh ids (AWS resource ids identify one resource of one API); the other
 * definitions keep theirs, so the methods' authorizerId / requestValidatorId still point at the
 * copies.
 */
import { shortId } from '../../aws/ids.js';
import type { RequestContext } from '../types.js';
import { API_CHILD_KINDS, apiKey, apiPrefix, KIND, methodKey, type ResourceRecord, type RestApiRecord } from './records.js';

/**
 * Kinds the generic copy below skips: resources and methods (copied first, under new resource
 * ids), and what was deployed from the source rather than its definition.
 */
const NOT_CLONED = new Set<string>([KIND.resource, KIND.method, KIND.deployment, KIND.deploymentSnapshot, KIND.stage]);

interface MethodDoc {
  methodIntegration?: { cacheNamespace?: string };
}

/** Copies the source's definition under `targetId`; returns the new root resource id. */
export async function cloneApiDefinition(ctx: RequestContext, source: RestApiRecord, targetId: string): Promise<string> {
  const resources = await ctx.tx.list<ResourceRecord>(KIND.resource, apiPrefix(source.id));
  const newIds = new Map(resources.map((e) => [e.value.id, shortId(10)]));
  for (const { value } of resources) {
    const copy: ResourceRecord = { ...value, id: newIds.get(value.id)! };
    if (value.parentId !== undefined) copy.parentId = newIds.get(value.parentId);
    await ctx.tx.put(KIND.resource, apiKey(targetId, copy.id), copy);
  }
  for (const { key, value } of await ctx.tx.list<MethodDoc>(KIND.method, apiPrefix(source.id))) {
    const [, resourceId, httpMethod] = key.split('/');
    const newResourceId = newIds.get(resourceId);
    if (!newResourceId) continue;
    const copy = structuredClone(value);
    // The integration's cache namespace defaults to the resource id; follow the resource.
    if (copy.methodIntegration?.cacheNamespace === resourceId) copy.methodIntegration.cacheNamespace = newResourceId;
    await ctx.tx.put(KIND.method, methodKey(targetId, newResourceId, httpMethod), copy);
  }
  for (const kind of API_CHILD_KINDS) {
    if (NOT_CLONED.has(kind)) continue;
    for (const { key, value } of await ctx.tx.list(kind, apiPrefix(source.id))) {
      await ctx.tx.put(kind, targetId + key.slice(source.id.length), structuredClone(value));
    }
  }
  return newIds.get(source.rootResourceId) ?? source.rootResourceId;
}

/**
 * Where apigateway (v1) definitions live in the store, and the lookups every handler shares.
 *
 * One document per AWS object, keyed under its REST API so deleting an API is one prefix delete:
 *   restapi          {apiId}
 *   resource         {apiId}/{resourceId}
 *   method           {apiId}/{resourceId}/{HTTP_METHOD}   (with its methodResponses and
 *                                                         methodIntegration + integrationResponses)
 *   model            {apiId}/{modelName}
 *   requestvalidator {apiId}/{validatorId}
 *   authorizer       {apiId}/{authorizerId}
 *   gatewayresponse  {apiId}/{responseType}                (only the ones the user put)
 *   deployment       {apiId}/{deploymentId}                (the Deployment shape)
 *   deploymentsnapshot {apiId}/{deploymentId}              (the immutable copy of the API it serves)
 *   stage            {apiId}/{stageName}
 * Documents are the AWS output shapes, member names as the model names them, dates as ISO strings.
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { StoreTx } from '../../store/types.js';
import type { RequestContext } from '../types.js';
import { KIND, apiKey, apiPrefix } from '../../definitions/apigateway.js';
export { KIND, apiKey, apiPrefix, methodKey } from '../../definitions/apigateway.js';
export type { Tags, RestApiRecord } from '../../definitions/apigateway.js';
import type { RestApiRecord } from '../../definitions/apigateway.js';

/** Every kind stored under an API's prefix, for the cascade when the API is deleted. */
/** The kinds keyed `{apiId}/...`: what DeleteRestApi removes with the API. */
export const API_CHILD_KINDS: string[] = [
  KIND.resource,
  KIND.method,
  KIND.model,
  KIND.requestValidator,
  KIND.authorizer,
  KIND.gatewayResponse,
  KIND.deployment,
  KIND.deploymentSnapshot,
  KIND.stage,
  KIND.documentationPart,
  KIND.documentationVersion,
];

export interface ResourceRecord {
  id: string;
  parentId?: string;
  pathPart?: string;
}

export async function requireRestApi(ctx: RequestContext, restApiId: string): Promise<RestApiRecord> {
  const api = await ctx.tx.get<RestApiRecord>(KIND.restApi, restApiId);
  if (!api) throw notFound(`Invalid API identifier specified ${ctx.scope.account}:${restApiId}`);
  return api;
}

/** The document stored at (kind, key), or NotFoundException with AWS's wording for that kind. */
export async function requireDoc<T>(tx: StoreTx, kind: string, key: string, notFoundMessage: string): Promise<T> {
  const doc = await tx.get<T>(kind, key);
  if (!doc) throw notFound(notFoundMessage);
  return doc;
}

export function requireResource(tx: StoreTx, restApiId: string, resourceId: string): Promise<ResourceRecord> {
  return requireDoc(tx, KIND.resource, apiKey(restApiId, resourceId), 'Invalid Resource identifier specified');
}

/** Every document of `kind` under the API, in creation order. */
export async function listUnderApi<T>(tx: StoreTx, kind: string, restApiId: string): Promise<T[]> {
  return (await tx.list<T>(kind, apiPrefix(restApiId))).map((e) => e.value);
}

/** A v1 Get{Kind}s list: the API must exist; one page of its documents of `kind`, in creation order. */
export async function listPage<T>(
  ctx: RequestContext,
  kind: string,
  input: { restApiId: string; position?: string; limit?: number },
): Promise<{ items: T[]; position?: string }> {
  await requireRestApi(ctx, input.restApiId);
  return paginate(await listUnderApi<T>(ctx.tx, kind, input.restApiId), input.position, input.limit);
}

/** The full path of a resource ("/pets/{petId}"), from its ancestors. */
export function resourcePath(byId: Map<string, ResourceRecord>, resource: ResourceRecord): string {
  const parts: string[] = [];
  let r: ResourceRecord | undefined = resource;
  for (let guard = 0; r && r.parentId !== undefined && guard < 1000; guard++) {
    parts.unshift(r.pathPart ?? '');
    r = byId.get(r.parentId);
  }
  return '/' + parts.join('/');
}

/**
 * v1 list pagination: `limit` (default 25, at most 500) and an opaque `position` token.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetRestApis.html
 */
export function paginate<T>(items: T[], position: string | undefined, limit: number | undefined): { items: T[]; position?: string } {
  const size = limit ?? 25;
  if (!Number.isInteger(size) || size < 1 || size > 500) throw badRequest('Invalid limit: must be between 1 and 500');
  let start = 0;
  if (position !== undefined) {
    const decoded = /^p(\d+)$/.exec(Buffer.from(position, 'base64url').toString('utf8'));
    if (!decoded) throw badRequest('Invalid position parameter');
    start = Number(decoded[1]);
  }
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? Buffer.from(`p${start + size}`).toString('base64url') : undefined;
  return { items: page, position: next };
}

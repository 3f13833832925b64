/**
 * Tags on HTTP and WebSocket APIs, their stages, VPC links and custom domain names: TagResource, UntagResource, GetTags.
 * ARNs: `arn:aws:apigateway:{region}::/apis/{apiId}`, `.../apis/{apiId}/stages/{stageName}`,
 * `.../vpclinks/{vpcLinkId}` and `.../domainnames/{domainName}`.
 * Each resource keeps its tags in its own document (an empty map when it has none, which GetApi
 * and GetStage answer too).
 * https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/tags-resource-arn.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html
 * Limits: 50 tags a resource; keys 1-128 characters, not starting with `aws:`; values up to 256.
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { S_GetTagsRequest, S_TagResourceRequest, S_Tags, S_UntagResourceRequest } from '../../aws/generated/apigatewayv2.js';
import type { Handlers, RequestContext } from '../types.js';
import { KIND as V1_KIND } from '../../definitions/apigateway.js';
import { domainKey } from '../../definitions/domains.js';
import { KIND, childKey } from './records.js';

const MAX_TAGS = 50;
const ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(\d{12})?:(\/.+)$/;

export function checkTags(tags: S_Tags | undefined): void {
  if (!tags) return;
  if (Object.keys(tags).length > MAX_TAGS) throw badRequest(`Too many tags: a resource can have at most ${MAX_TAGS} tags`);
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128) throw badRequest(`Tag key must be between 1 and 128 characters: ${key}`);
    if (key.toLowerCase().startsWith('aws:')) throw badRequest(`Tag keys starting with 'aws:' are reserved: ${key}`);
    if (typeof value !== 'string' || value.length > 256) throw badRequest(`Tag value must be at most 256 characters for key ${key}`);
  }
}

/**
 * The stored document an ARN names and the member holding its tags: `Tags` on apigatewayv2
 * documents, `tags` on custom domain names (shared with the REST API, src/definitions/domains.ts).
 */
async function load(arn: string, ctx: RequestContext): Promise<{ kind: string; key: string; field: 'Tags' | 'tags'; doc: Record<string, unknown> }> {
  const m = ARN.exec(arn);
  if (!m) throw badRequest(`Invalid ARN specified in the request: ${arn}`);
  const [, region, account, path] = m;
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  let kind: string;
  let key: string;
  let missing: string;
  let field: 'Tags' | 'tags' = 'Tags';
  if (parts[0] === 'apis' && parts.length === 2) {
    [kind, key, missing] = [KIND.api, parts[1], `Invalid API identifier specified ${ctx.scope.account}:${parts[1]}`];
  } else if (parts[0] === 'apis' && parts.length === 4 && parts[2] === 'stages') {
    [kind, key, missing] = [KIND.stage, childKey(parts[1], parts[3]), `Invalid stage identifier specified ${parts[3]}`];
  } else if (parts[0] === 'vpclinks' && parts.length === 2) {
    [kind, key, missing] = [KIND.vpcLink, parts[1], `Invalid VpcLink identifier specified ${parts[1]}`];
  } else if (parts[0] === 'domainnames' && parts.length === 2 && !parts[1].includes('+')) {
    [kind, key, missing, field] = [V1_KIND.domainName, domainKey(parts[1]), 'The domain name resource specified in the request was not found.', 'tags'];
  } else {
    throw badRequest(`Tagging is not supported for the resource specified: ${arn}`);
  }
  // Another region's or account's resource is not here: the same answer as an unknown id.
  const doc = region === ctx.scope.region && (!account || account === ctx.scope.account) ? await ctx.tx.get<Record<string, unknown>>(kind, key) : undefined;
  if (!doc) throw notFound(missing);
  return { kind, key, field, doc };
}

const tagsOf = (doc: Record<string, unknown>, field: string) => (doc[field] ?? {}) as S_Tags;

async function tagResource(input: S_TagResourceRequest, ctx: RequestContext) {
  const { kind, key, field, doc } = await load(input.ResourceArn, ctx);
  const tags = { ...tagsOf(doc, field), ...(input.Tags ?? {}) };
  checkTags(tags);
  await ctx.tx.put(kind, key, { ...doc, [field]: tags });
  return {};
}

async function untagResource(input: S_UntagResourceRequest, ctx: RequestContext) {
  const { kind, key, field, doc } = await load(input.ResourceArn, ctx);
  const drop = new Set(input.TagKeys ?? []);
  const tags = Object.fromEntries(Object.entries(tagsOf(doc, field)).filter(([k]) => !drop.has(k)));
  await ctx.tx.put(kind, key, { ...doc, [field]: tags });
}

async function getTags(input: S_GetTagsRequest, ctx: RequestContext) {
  const { field, doc } = await load(input.ResourceArn, ctx);
  return { Tags: tagsOf(doc, field) };
}

export const handlers: Handlers = {
  TagResource: tagResource,
  UntagResource: untagResource,
  GetTags: getTags,
};

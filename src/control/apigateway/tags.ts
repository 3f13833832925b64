/**
 * Tags on every taggable ARN: TagResource, UntagResource, GetTags.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_TagResource.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-tagging-supported-resources.html
 *
 * Taggable v1 resources and their ARNs (`arn:aws:apigateway:{region}::{path}`; private domain
 * names and their access associations carry the account):
 *   /restapis/{id}, /restapis/{id}/stages/{name}, /apikeys/{id}, /usageplans/{id},
 *   /domainnames/{name} (private: /domainnames/{name}+{domainNameId}),
 *   /domainnameaccessassociations/domainname/{name}+{domainNameId}/vpcesource/{vpceId},
 *   /clientcertificates/{id}, /vpclinks/{id}.
 * Each resource keeps its tags in its own document's `tags` field (absent when it has none), so
 * the resource's own Get answers them too. GetTags answers direct tags only, never inherited ones.
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { S_GetTagsRequest, S_TagResourceRequest, S_UntagResourceRequest } from '../../aws/generated/apigateway.js';
import { domainKey } from '../../definitions/domains.js';
import type { Handlers, RequestContext } from '../types.js';
import { apiKey, KIND, type Tags } from './records.js';
import { MAX_TAGS, tooManyTags, validateTagKey, validateTags } from './tag-rules.js';

interface TaggedTarget {
  kind: string;
  key: string;
  notFoundMessage: string;
}

const ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+):(\d{12})?:(\/.+)$/;

/** The stored document an ARN names, or AWS's errors for a malformed or foreign ARN. */
function targetOf(arn: string, ctx: RequestContext): TaggedTarget {
  const m = ARN.exec(arn);
  if (!m) throw badRequest(`Invalid ARN specified in the request: ${arn}`);
  const [, region, account, path] = m;
  const target = targetOfPath(path, ctx);
  if (!target) throw badRequest(`Tagging is not supported for the resource specified: ${arn}`);
  // Another region's or account's resource is not here: the same answer as an unknown id.
  if (region !== ctx.scope.region || (account && account !== ctx.scope.account)) throw notFound(target.notFoundMessage);
  return target;
}

function targetOfPath(path: string, ctx: RequestContext): TaggedTarget | undefined {
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  const [collection, id] = parts;
  if (!id) return undefined;
  switch (collection) {
    case 'restapis':
      if (parts.length === 2) return { kind: KIND.restApi, key: id, notFoundMessage: `Invalid API identifier specified ${ctx.scope.account}:${id}` };
      if (parts.length === 4 && parts[2] === 'stages') return { kind: KIND.stage, key: apiKey(id, parts[3]), notFoundMessage: 'Invalid Stage identifier specified' };
      return undefined;
    case 'apikeys':
      return parts.length === 2 ? { kind: KIND.apiKey, key: id, notFoundMessage: 'Invalid API Key identifier specified' } : undefined;
    case 'usageplans':
      return parts.length === 2 ? { kind: KIND.usagePlan, key: id, notFoundMessage: 'Invalid Usage Plan ID specified' } : undefined;
    case 'domainnames': {
      if (parts.length !== 2) return undefined;
      const plus = id.lastIndexOf('+');
      const key = plus > 0 ? domainKey(id.slice(0, plus), id.slice(plus + 1)) : id;
      return { kind: KIND.domainName, key, notFoundMessage: 'Invalid domain name identifier specified' };
    }
    case 'domainnameaccessassociations':
      // /domainnameaccessassociations/domainname/{name}+{id}/vpcesource/{vpce}
      if (parts.length !== 5 || id !== 'domainname' || parts[3] !== 'vpcesource') return undefined;
      return { kind: KIND.domainNameAccessAssociation, key: `${parts[2]}/${parts[4]}`, notFoundMessage: 'Invalid domain name access association identifier specified' };
    case 'clientcertificates':
      return parts.length === 2 ? { kind: KIND.clientCertificate, key: id, notFoundMessage: 'Invalid Client Certificate identifier specified' } : undefined;
    case 'vpclinks':
      return parts.length === 2 ? { kind: KIND.vpcLink, key: id, notFoundMessage: 'Invalid Vpc Link identifier specified' } : undefined;
    default:
      return undefined;
  }
}

async function load(arn: string, ctx: RequestContext): Promise<{ target: TaggedTarget; doc: { tags?: Tags } }> {
  const target = targetOf(arn, ctx);
  const doc = await ctx.tx.get<{ tags?: Tags }>(target.kind, target.key);
  if (!doc) throw notFound(target.notFoundMessage);
  return { target, doc };
}

async function save(target: TaggedTarget, doc: { tags?: Tags }, tags: Tags, ctx: RequestContext): Promise<void> {
  const updated = { ...doc };
  if (Object.keys(tags).length) updated.tags = tags;
  else delete updated.tags;
  await ctx.tx.put(target.kind, target.key, updated);
}

async function tagResource(input: S_TagResourceRequest, ctx: RequestContext): Promise<void> {
  const { target, doc } = await load(input.resourceArn, ctx);
  validateTags(input.tags);
  const tags: Tags = { ...(doc.tags ?? {}) };
  for (const [key, value] of Object.entries(input.tags ?? {})) Object.defineProperty(tags, key, { value, enumerable: true, writable: true, configurable: true });
  if (Object.keys(tags).length > MAX_TAGS) throw tooManyTags();
  await save(target, doc, tags, ctx);
}

async function untagResource(input: S_UntagResourceRequest, ctx: RequestContext): Promise<void> {
  const { target, doc } = await load(input.resourceArn, ctx);
  for (const key of input.tagKeys ?? []) if (key.toLowerCase().startsWith('aws:')) validateTagKey(key);
  const tags: Tags = { ...(doc.tags ?? {}) };
  for (const key of input.tagKeys ?? []) delete tags[key];
  await save(target, doc, tags, ctx);
}

/** GetTags's position and limit are "not currently supported" (API reference): every tag, one page. */
async function getTags(input: S_GetTagsRequest, ctx: RequestContext): Promise<{ tags: Tags }> {
  const { doc } = await load(input.resourceArn, ctx);
  return { tags: { ...(doc.tags ?? {}) } };
}

export const handlers: Handlers = {
  TagResource: tagResource,
  UntagResource: untagResource,
  GetTags: getTags,
};

/**
 * Tags on a function: TagResource, UntagResource, ListTags, addressed by the function's ARN.
 * https://docs.aws.amazon.com/lambda/latest/api/API_TagResource.html
 */
import type { S_ListTagsRequest, S_ListTagsResponse, S_TagResourceRequest, S_UntagResourceRequest } from '../../aws/generated/lambda.js';
import type { Handlers, RequestContext } from '../types.js';
import { parseFunctionRef } from './arns.js';
import { invalidParameter } from './errors.js';
import { LAMBDA_KIND, requireFunction, type FunctionRecord } from './records.js';

/** Lambda tags functions only, unqualified (a version or alias ARN is refused). */
async function taggedFunction(ctx: RequestContext, resource: string): Promise<{ name: string; fn: FunctionRecord }> {
  if (!resource.startsWith('arn:')) throw invalidParameter(`1 validation error detected: Value '${resource}' at 'resource' failed to satisfy constraint: Member must be an ARN`);
  const { name, qualifier } = parseFunctionRef(ctx.scope, resource);
  if (qualifier !== undefined) throw invalidParameter('Tags are not supported on a function version or alias: tag the unqualified function ARN.');
  return { name, fn: await requireFunction(ctx, name) };
}

async function tagResource(input: S_TagResourceRequest, ctx: RequestContext): Promise<void> {
  const { name, fn } = await taggedFunction(ctx, input.Resource);
  fn.tags = { ...fn.tags, ...input.Tags };
  if (Object.keys(fn.tags).length > 50) throw invalidParameter('Number of tags exceeds resource tag limit.');
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
}

async function untagResource(input: S_UntagResourceRequest, ctx: RequestContext): Promise<void> {
  const { name, fn } = await taggedFunction(ctx, input.Resource);
  for (const key of input.TagKeys) delete fn.tags[key];
  await ctx.tx.put(LAMBDA_KIND.function, name, fn);
}

async function listTags(input: S_ListTagsRequest, ctx: RequestContext): Promise<S_ListTagsResponse> {
  return { Tags: (await taggedFunction(ctx, input.Resource)).fn.tags };
}

export const handlers: Handlers = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTags: listTags,
};

/**
 * FlushStageCache and FlushStageAuthorizersCache: empty a stage's response cache, or the cached
 * answers of the Lambda authorizers it serves, and answer 202 with no body, as AWS does. The
 * caches live in the data plane's memory; the handler checks the API and stage exist (AWS's
 * NotFound wording, as GetStage) and reaches them through the StageCacheControl port
 * (src/definitions/stage-cache.ts). A stage without a cache has nothing to flush: still 202.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_FlushStageCache.html
 * https://docs.aws.amazon.com/apigateway/latest/api/API_FlushStageAuthorizersCache.html
 */
import { AwsError } from '../../aws/errors.js';
import type { S_FlushStageAuthorizersCacheRequest, S_FlushStageCacheRequest } from '../../aws/generated/apigateway.js';
import type { StageCacheControl } from '../../definitions/stage-cache.js';
import type { Handlers, RequestContext } from '../types.js';
import { requireRestApi } from './records.js';
import { requireStage } from './stage-record.js';

async function stageCaches(input: { restApiId: string; stageName: string }, ctx: RequestContext, operation: string): Promise<StageCacheControl> {
  await requireRestApi(ctx, input.restApiId);
  await requireStage(ctx.tx, input.restApiId, input.stageName);
  const port = ctx.ports.stageCaches;
  if (!port) throw new AwsError('NotImplemented', `${operation} needs the data plane, which this Gatehouse runs without.`, 501);
  return port;
}

async function flushStageCache(input: S_FlushStageCacheRequest, ctx: RequestContext): Promise<void> {
  (await stageCaches(input, ctx, 'FlushStageCache')).flushStageCache(ctx.scope, input.restApiId, input.stageName);
}

async function flushStageAuthorizersCache(input: S_FlushStageAuthorizersCacheRequest, ctx: RequestContext): Promise<void> {
  (await stageCaches(input, ctx, 'FlushStageAuthorizersCache')).flushStageAuthorizersCache(ctx.scope, input.restApiId, input.stageName);
}

export const handlers: Handlers = {
  FlushStageCache: flushStageCache,
  FlushStageAuthorizersCache: flushStageAuthorizersCache,
};

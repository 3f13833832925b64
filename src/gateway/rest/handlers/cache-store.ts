/**
 * Cache store: the method response of a cache miss (cache-lookup.ts) goes into the stage's cache
 * for the method's TTL, as the client receives it (status, headers, body), so a hit answers the
 * same. What the endpoint answered is kept whatever its status, as AWS caches its endpoint's
 * responses; Gatehouse's own errors (gateway responses) never reach this stage, and an answer over
 * 1,048,576 bytes is not kept (response-cache.ts).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
import type { InvocationContext } from '../context.js';
import { setHeader } from '../headers.js';
import { UNAUTHORIZED_CACHE_CONTROL_WARNING } from './cache-lookup.js';

export function cacheStore(ctx: InvocationContext): void {
  const entry = ctx.cacheEntry;
  if (!entry) return;
  const res = ctx.response!;
  // A copy of the header map: the stages after this one add this request's ids to the answer's own.
  entry.responses.set(entry.key, { statusCode: res.statusCode, headers: { ...res.headers }, body: res.body }, entry.ttlMs, Date.now());
  if (entry.warn) setHeader(res.headers, 'Warning', [UNAUTHORIZED_CACHE_CONTROL_WARNING]);
}

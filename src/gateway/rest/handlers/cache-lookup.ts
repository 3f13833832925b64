/**
 * Cache lookup: after authorization (so a caller the method refuses never reads a cached answer)
 * and before the integration request. A method that caches (cache/cache-plan.ts) answers a live
 * entry for the request's key as it is, and nothing of the integration runs: no request mapping,
 * no endpoint call, no response mapping. A miss carries on and cache-store keeps the answer.
 *
 * `Cache-Control: max-age=0` asks for a fresh answer, which then replaces the entry. With
 * requireAuthorizationForCacheControl (AWS's default) the caller needs execute-api:InvalidateCache;
 * Gatehouse keeps no IAM identity policies that could grant it, so every such caller is
 * unauthorized and unauthorizedCacheControlHeaderStrategy decides: FAIL_WITH_403 refuses the
 * request (403), SUCCEED_WITH_RESPONSE_HEADER ignores the header and says so in a `Warning`
 * header, SUCCEED_WITHOUT_RESPONSE_HEADER ignores it silently. Without the requirement any caller
 * may invalidate, as on AWS.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html#invalidate-method-caching
 */
import { cacheControlUnauthorized } from '../../errors.js';
import { asksForFresh, cacheKey, counterOf, methodCache } from '../../cache/index.js';
import type { InvocationContext } from '../context.js';
import type { PipelineEnv } from '../env.js';
import { setHeader } from '../headers.js';

/** The header AWS adds when it ignores an unauthorized client's Cache-Control (SUCCEED_WITH_RESPONSE_HEADER). */
export const UNAUTHORIZED_CACHE_CONTROL_WARNING = '199 Cache-control headers were ignored because the caller was unauthorized.';

export function cacheLookup(ctx: InvocationContext, env: PipelineEnv): void {
  const plan = ctx.stage?.cache;
  if (!plan || !env.caches) return;
  const m = methodCache(plan, ctx);
  if (!m || (m.getOnly && ctx.request.httpMethod !== 'GET')) return;
  let read = true;
  let warn = false;
  if (asksForFresh(ctx)) {
    if (!m.requireAuthorization) read = false;
    else if (m.strategy === 'FAIL_WITH_403') throw cacheControlUnauthorized();
    else warn = m.strategy === 'SUCCEED_WITH_RESPONSE_HEADER';
  }
  const responses = (plan.responses ??= env.caches.open(plan.id, plan.generation, plan.clusterSize));
  const key = cacheKey(m, ctx);
  const counter = counterOf(m, plan, env.caches, ctx.request.httpMethod);
  const now = Date.now();
  const hit = read ? responses.get(key, now) : undefined;
  if (hit) {
    counter.hits++;
    ctx.cacheStatus = 'hit';
    // The entry stays as stored: later stages add this request's own headers to a copy.
    const headers = { ...hit.headers };
    if (warn) setHeader(headers, 'Warning', [UNAUTHORIZED_CACHE_CONTROL_WARNING]);
    ctx.response = { statusCode: hit.statusCode, headers, body: hit.body };
    ctx.answered = true;
    return;
  }
  counter.misses++;
  ctx.cacheStatus = 'miss';
  ctx.cacheEntry = { responses, key, ttlMs: m.ttlMs, warn };
}

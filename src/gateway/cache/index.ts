/** The REST API response cache (stage caches, their plans and counters): the names the rest of the data plane uses. */
export { ResponseCache, MAX_ENTRY_BYTES, type CachedResponse } from './response-cache.js';
export { StageCaches, LOCAL_MAX_STAGE_BYTES, stageCacheId, type CacheCounter } from './stage-caches.js';
export { stageCachePlan, methodCache, cacheKey, asksForFresh, counterOf, type StageCachePlan, type MethodCache, type CacheEntry } from './cache-plan.js';
export { StageCacheFlusher } from './flush.js';

/**
 * Every stage's response cache, by `{account}/{region}/{apiId}/{stageName}`, with the hit and miss
 * counters (CacheHitCount / CacheMissCount) the metrics read. On AWS a stage's cache is its own
 * instance of `cacheClusterSize` GB; "API Gateway changes caching capacity by removing the existing
 * cache instance and creating a new one [...] All existing cached data is deleted", and so does
 * Gatehouse when the size changes, and when the stage serves another deployment (a new deployment
 * starts with an empty cache). A deleted stage or API drops its cache.
 *
 * Gatehouse keeps caches in its own heap, so a stage's cache holds at most
 * min(cacheClusterSize, `maxStageBytes`) bytes: 256 MiB per stage by default, well under the
 * smallest cluster AWS offers (0.5 GB), so a local gateway cannot be made to run out of memory.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
import { KIND } from '../../definitions/apigateway.js';
import type { Change, Scope, Store } from '../../store/types.js';
import { ResponseCache } from './response-cache.js';

/** The default bound on one stage's cache, whatever its cacheClusterSize. */
export const LOCAL_MAX_STAGE_BYTES = 256 * 1024 * 1024;

const GIB = 1024 ** 3;

/** CacheHitCount / CacheMissCount of one method of one stage, by AWS's dimensions. */
export interface CacheCounter {
  apiId: string;
  stageName: string;
  /** The request's HTTP method. */
  method: string;
  /** The resource path ('/pets/{id}'). */
  resource: string;
  hits: number;
  misses: number;
}

interface Held {
  generation: string;
  clusterSize: string;
  responses: ResponseCache;
}

export const stageCacheId = (scope: Scope, apiId: string, stageName: string) => `${scope.account}/${scope.region}/${apiId}/${stageName}`;

export class StageCaches {
  private readonly caches = new Map<string, Held>();
  private readonly counters = new Map<string, CacheCounter>();
  private readonly unsubscribe: () => void;

  /** `maxStageBytes`: the local bound on each stage's cache (see the header). */
  constructor(
    private readonly store: Store,
    public maxStageBytes = LOCAL_MAX_STAGE_BYTES,
  ) {
    this.unsubscribe = store.onCommit((changes) => this.dropDeleted(changes));
  }

  close(): void {
    this.unsubscribe();
  }

  /**
   * The cache of stage `id` in `generation` (its creation date and deployment, cache-plan.ts) with
   * a cluster of `clusterSize` GB: the one it has, or a new empty one when there is none or it was
   * made for another deployment, size, or an earlier stage of the same name.
   */
  open(id: string, generation: string, clusterSize: string | undefined): ResponseCache {
    const size = clusterSize ?? '0.5';
    const held = this.caches.get(id);
    if (held && held.generation === generation && held.clusterSize === size) return held.responses;
    const capacity = Math.min(Math.floor(Number(size) * GIB) || 0.5 * GIB, this.maxStageBytes);
    const responses = new ResponseCache(capacity);
    this.caches.set(id, { generation, clusterSize: size, responses });
    return responses;
  }

  /** FlushStageCache: every entry of the stage (its canary's included) goes. */
  flush(scope: Scope, apiId: string, stageName: string): void {
    this.caches.get(stageCacheId(scope, apiId, stageName))?.responses.clear();
  }

  /** The counter of one method of stage `id`, made on first use; it outlives flushes and deployments. */
  counter(id: string, apiId: string, stageName: string, method: string, resource: string): CacheCounter {
    const key = `${id} ${method} ${resource}`;
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = { apiId, stageName, method, resource, hits: 0, misses: 0 }));
    return c;
  }

  /** Every counter so far, for the metrics. */
  metrics(): CacheCounter[] {
    return [...this.counters.values()];
  }

  /**
   * A deleted API or stage drops its caches. A change names a key, or a prefix when many records
   * went at once; a keyed change does not say whether it was a delete, so the record is looked up
   * after the commit (an UpdateRestApi or UpdateStage keeps the cache).
   */
  private dropDeleted(changes: Change[]): void {
    for (const c of changes) {
      if ((c.kind !== KIND.restApi && c.kind !== KIND.stage) || this.caches.size === 0) continue;
      const under = `${c.scope.account}/${c.scope.region}/`;
      if (c.key === undefined) {
        for (const id of this.caches.keys()) if (id.startsWith(under + (c.prefix ?? ''))) this.caches.delete(id);
        continue;
      }
      // A restApi's key is its id: every stage under it; a stage's is `{apiId}/{stageName}`.
      const prefix = c.kind === KIND.restApi ? `${under}${c.key}/` : `${under}${c.key}`;
      const ids = [...this.caches.keys()].filter((id) => (c.kind === KIND.restApi ? id.startsWith(prefix) : id === prefix));
      if (ids.length === 0) continue;
      const { kind, key } = c;
      this.store
        .transaction(c.scope, (tx) => tx.get(kind, key))
        .then((record) => {
          if (!record) for (const id of ids) this.caches.delete(id);
        })
        .catch(() => undefined);
    }
  }
}

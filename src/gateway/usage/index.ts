/**
 * Traffic control on the REST data plane: API keys and usage plans (which key, which plan, its
 * throttle and quota), and the account's and stages' throttles. The pipeline's api-key and
 * throttle stages (rest/handlers/api-key.ts, throttle.ts) use what this holds; nothing here reads
 * the store per request.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html
 */
import type { StageRecord } from '../../definitions/apigateway.js';
import type { Scope, Store } from '../../store/types.js';
import type { StageTarget } from '../rest/context.js';
import type { DeploymentCache } from '../rest/deployments.js';
import { systemClock, type Clock } from './clock.js';
import { KeyIndex } from './key-index.js';
import { StageThrottle } from './stage-throttles.js';
import { TokenBucket } from './token-bucket.js';
import { UsageCounters } from './usage-counters.js';

export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
export { ACCOUNT_THROTTLE_DEFAULT, type RequestApiKey, type ScopeIndex } from './key-index.js';
export { FLUSH_INTERVAL_MS, type KeyUsage } from './usage-counters.js';
export { StageThrottle } from './stage-throttles.js';
export { TokenBucket, bucketFor } from './token-bucket.js';

export class TrafficControl {
  /** Wall and monotonic time; tests replace it to move time instead of waiting. */
  clock: Clock = systemClock;
  readonly keys: KeyIndex;
  readonly counters: UsageCounters;
  /** Usage plan buckets: `{account}/{region}/{planId}/{keyId}` and the same + `/{apiId}/{stage}/{method key}`. */
  readonly planBuckets = new Map<string, TokenBucket>();
  private readonly byStage = new WeakMap<StageRecord, StageThrottle>();
  private readonly byTarget = new WeakMap<StageTarget, StageThrottle>();

  constructor(store: Store) {
    this.keys = new KeyIndex(store, () => this.clock);
    this.counters = new UsageCounters(store, () => this.clock);
  }

  /** The stage's own throttles for this request's target, undefined when its deployment is no longer cached. */
  stageThrottle(target: StageTarget, deployments: DeploymentCache): StageThrottle | undefined {
    let st = this.byTarget.get(target);
    if (st) return st;
    const entry = deployments.cached(target.apiId, target.stageName);
    if (!entry || typeof entry === 'string') return undefined;
    st = this.byStage.get(entry.stage);
    if (!st) this.byStage.set(entry.stage, (st = new StageThrottle(entry.stage.methodSettings ?? {})));
    // A canary's target is made per request; the stage's own is kept for the life of its cache entry.
    if (!target.isCanary) this.byTarget.set(target, st);
    return st;
  }

  /**
   * The account's bucket in the scope's region, which every REST and HTTP API request of the
   * account there takes a token from (HTTP APIs' throttle, http/throttle.ts); a promise only while
   * the account's records load (its first request, or the first after UpdateAccount).
   */
  accountBucket(scope: Scope): TokenBucket | Promise<TokenBucket> {
    const index = this.keys.current(scope);
    return index ? index.accountBucket : this.keys.load(scope).then((loaded) => loaded.accountBucket);
  }

  /** Stores what was counted and stops listening to the store. */
  async close(): Promise<void> {
    this.keys.close();
    await this.counters.close();
  }
}

/**
 * The region-level records traffic control needs, held in memory per (account, region): API keys
 * by value, which usage plan covers each (API, stage, key), and the account's throttle. Built from
 * the store on first use, marked stale by the store's commit notifications for those kinds, and
 * rebuilt by the next request that needs it: a request never reads the store otherwise, and a
 * forged key costs one Map lookup.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 *
 * "A given API key can only be associated with one usage plan for each stage of your API" (same
 * page), so (API, stage, key) names at most one plan.
 */
import { KIND } from '../../definitions/apigateway.js';
import type { ApiKeyRecord, ApiStageRecord, ThrottleRecord, UsagePlanKeyRecord, UsagePlanRecord } from '../../definitions/usage-plans.js';
import type { Change, Scope, Store } from '../../store/types.js';
import type { CompiledMethod } from '../rest/compile.js';
import type { Clock } from './clock.js';
import { TokenBucket } from './token-bucket.js';
import type { KeyUsage } from './usage-counters.js';

/** An API stage of a usage plan, as a request to that stage sees it. */
export interface PlanStage {
  plan: UsagePlanRecord;
  stage: ApiStageRecord;
}

/**
 * AWS's account-level throttle until UpdateAccount changes it: 10,000 requests per second, burst
 * 5,000 (GetAccount's throttleSettings for a fresh account; limits.md).
 */
export const ACCOUNT_THROTTLE_DEFAULT: Required<ThrottleRecord> = { rateLimit: 10_000, burstLimit: 5_000 };

/**
 * An API key as requests to one stage use it: the key, the plan covering it there, and what the
 * throttle stage works out once and keeps (its usage counter, its plan's buckets). Shared by the
 * key's requests until the index is rebuilt; nothing per request is written to it.
 */
export interface RequestApiKey {
  id: string;
  value: string;
  plan: UsagePlanRecord;
  apiStage: ApiStageRecord;
  usage?: KeyUsage;
  /** The plan's bucket; null when the plan does not throttle. */
  planBucket?: TokenBucket | null;
  /** Per method: the bucket of the plan's method throttle for it, null when it has none. */
  methodBuckets?: Map<CompiledMethod, TokenBucket | null>;
}

export interface ScopeIndex {
  keysByValue: Map<string, ApiKeyRecord>;
  /** `{apiId}/{stage}/{apiKeyId}` -> the plan and its API stage. */
  plans: Map<string, PlanStage>;
  /**
   * Valid keys already resolved, per stage target object (the route stage's, kept while its
   * deployment is cached) and key value; unknown values are never kept, so forged keys cannot grow it.
   */
  resolved: WeakMap<object, Map<string, RequestApiKey>>;
  account: Required<ThrottleRecord>;
  /** Every request of the account in this region takes a token from it (kept across rebuilds while the limits stay). */
  accountBucket: TokenBucket;
}

const WATCHED = new Set<string>([KIND.apiKey, KIND.usagePlan, KIND.usagePlanKey, KIND.account]);

interface Slot {
  index?: ScopeIndex;
  stale: boolean;
  loading?: Promise<ScopeIndex>;
}

export class KeyIndex {
  /** By `{account}/{region}`. */
  private readonly slots = new Map<string, Slot>();
  /** The same slots by the Scope objects deployments hand out, so the hot path builds no string. */
  private readonly byScope = new WeakMap<Scope, Slot>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Clock,
  ) {
    this.unsubscribe = store.onCommit((changes) => this.invalidate(changes));
  }

  close(): void {
    this.unsubscribe();
  }

  /** The index of `scope` when it is current (no store read), else undefined: call `load`. */
  current(scope: Scope): ScopeIndex | undefined {
    const slot = this.byScope.get(scope);
    return slot && !slot.stale && !slot.loading ? slot.index : undefined;
  }

  load(scope: Scope): Promise<ScopeIndex> {
    const slot = this.slotOf(scope);
    if (!slot.stale && !slot.loading && slot.index) return Promise.resolve(slot.index);
    slot.loading ??= this.build(scope, slot).finally(() => (slot.loading = undefined));
    return slot.loading;
  }

  private slotOf(scope: Scope): Slot {
    let slot = this.byScope.get(scope);
    if (slot) return slot;
    const id = `${scope.account}/${scope.region}`;
    slot = this.slots.get(id);
    if (!slot) this.slots.set(id, (slot = { stale: true }));
    this.byScope.set(scope, slot);
    return slot;
  }

  private invalidate(changes: Change[]): void {
    for (const c of changes) {
      if (!WATCHED.has(c.kind)) continue;
      const slot = this.slots.get(`${c.scope.account}/${c.scope.region}`);
      if (slot) slot.stale = true;
    }
  }

  private async build(scope: Scope, slot: Slot): Promise<ScopeIndex> {
    // A change committed while this reads marks the slot stale again: the next request rebuilds.
    slot.stale = false;
    const index = await this.store.transaction(scope, async (tx) => {
      const keysByValue = new Map<string, ApiKeyRecord>();
      for (const { value } of await tx.list<ApiKeyRecord>(KIND.apiKey)) keysByValue.set(value.value, value);
      const plans = new Map<string, PlanStage>();
      const planKeys = await tx.list<UsagePlanKeyRecord>(KIND.usagePlanKey);
      for (const { value: plan } of await tx.list<UsagePlanRecord>(KIND.usagePlan)) {
        const prefix = `${plan.id}/`;
        for (const { key } of planKeys) {
          if (!key.startsWith(prefix)) continue;
          const keyId = key.slice(prefix.length);
          for (const stage of plan.apiStages) plans.set(`${stage.apiId}/${stage.stage}/${keyId}`, { plan, stage });
        }
      }
      const stored = await tx.get<{ throttleSettings?: ThrottleRecord }>(KIND.account, 'account');
      const account = { ...ACCOUNT_THROTTLE_DEFAULT, ...stored?.throttleSettings };
      const was = slot.index?.accountBucket;
      const accountBucket =
        was && was.rate === account.rateLimit && was.burst === account.burstLimit ? was : new TokenBucket(account.rateLimit, account.burstLimit, this.clock().monotonic());
      return { keysByValue, plans, resolved: new WeakMap(), account, accountBucket };
    }).catch((err: unknown) => {
      slot.stale = true;
      throw err;
    });
    slot.index = index;
    return index;
  }
}

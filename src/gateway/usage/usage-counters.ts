/**
 * Requests counted per (usage plan, API key, UTC day), and each key's quota: counted in memory on
 * the hot path and flushed to the store's usage counters (KIND.usageCounter, the format of
 * src/definitions/usage-plans.ts) every FLUSH_INTERVAL_MS, in one transaction per (account,
 * region), so GetUsage reports them. A key's stored counters are read once, when it is first used.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 *
 * UpdateUsage writes a counter's `adjustment` computed from what was stored at the time; its commit
 * reaches this module through the store's change feed, which re-reads that key's counters. Requests
 * counted before the update but not yet stored then also go into the adjustment when they are
 * flushed, so the remaining quota the user set is the one enforced (they still show as used).
 * Counters this module writes itself are recognised by `ownCommit` and not re-read.
 */
import { KIND } from '../../definitions/apigateway.js';
import {
  quotaBalance,
  usageCounterKey,
  usageCounterPrefix,
  utcDay,
  type QuotaRecord,
  type UsageCounterRecord,
} from '../../definitions/usage-plans.js';
import type { Change, Scope, Store } from '../../store/types.js';
import type { Clock } from './clock.js';

/** How long a counted request waits, at most, before it is stored. */
export const FLUSH_INTERVAL_MS = 1000;
const DAY_MS = 86_400_000;

/** One API key's use of one usage plan. */
export interface KeyUsage {
  readonly id: string;
  readonly scope: Scope;
  readonly planId: string;
  readonly keyId: string;
  /** The key's counters as last read from (or written to) the store, by 'yyyy-MM-dd'. */
  stored: Map<string, UsageCounterRecord>;
  /** Counted, not yet stored; and what the running flush is storing. */
  pending: Map<string, number>;
  inFlight: Map<string, number>;
  /** Requests to add to today's adjustment at the next flush (counted before an UpdateUsage, stored after it). */
  compensate: number;
  inFlightCompensate: number;
  /** The quota `balance` was worked out for, and what remains of it in the current period. */
  quota?: QuotaRecord;
  balance: number;
  day: string;
  dayStart: number;
  ready: boolean;
  loading?: Promise<void>;
  /** Its counters were deleted with its plan key: whoever kept it asks `of` again. */
  dropped?: boolean;
}

export class UsageCounters {
  private readonly usage = new Map<string, KeyUsage>();
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Set by a flush as its transaction ends: the change notification that follows is its own. */
  private ownCommit = false;
  private closed = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: () => Clock,
  ) {
    this.unsubscribe = store.onCommit((changes) => this.changed(changes));
  }

  /** The usage of `keyId` under `planId` in `scope`; `ready` false until `load` has read its counters. */
  of(scope: Scope, planId: string, keyId: string): KeyUsage {
    const id = `${scope.account}/${scope.region}/${planId}/${keyId}`;
    let u = this.usage.get(id);
    if (!u) {
      u = {
        id, scope, planId, keyId,
        stored: new Map(), pending: new Map(), inFlight: new Map(),
        compensate: 0, inFlightCompensate: 0,
        balance: Infinity, day: '', dayStart: NaN, ready: false,
      };
      this.usage.set(id, u);
    }
    return u;
  }

  /** Reads the key's stored counters (once, or again after an UpdateUsage changed them). */
  load(u: KeyUsage): Promise<void> {
    u.loading ??= this.enqueue(async () => {
      const prefix = usageCounterPrefix(u.planId, u.keyId);
      const entries = await this.store.transaction(u.scope, (tx) => tx.list<UsageCounterRecord>(KIND.usageCounter, prefix));
      u.stored = new Map(entries.map((e) => [e.key.slice(prefix.length), e.value]));
      u.ready = true;
      u.quota = undefined; // worked out again on the next request
    }).finally(() => (u.loading = undefined));
    return u.loading;
  }

  /**
   * What remains of `quota` for the key now (Infinity without a quota). Synchronous: the key must
   * be ready. Works the balance out again when the day, the quota or the stored counters changed.
   */
  remaining(u: KeyUsage, quota: QuotaRecord | undefined): number {
    const now = this.clock().now();
    if (!(now >= u.dayStart && now < u.dayStart + DAY_MS)) {
      u.dayStart = now - (now % DAY_MS);
      u.day = utcDay(new Date(u.dayStart));
      u.quota = undefined;
    }
    if (u.quota !== quota || (quota && u.balance === Infinity)) this.recompute(u, quota);
    return u.balance;
  }

  /** Counts one request against the key (after `remaining` for the same request). */
  count(u: KeyUsage): void {
    u.pending.set(u.day, (u.pending.get(u.day) ?? 0) + 1);
    if (u.quota) u.balance -= 1;
    if (!this.timer && !this.closed) {
      this.timer = setTimeout(() => void this.flush().catch(logFlushError), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** Stores every counted request now; resolves once they are committed (GetUsage sees them). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return this.enqueue(() => this.write());
  }

  async close(): Promise<void> {
    this.closed = true;
    try {
      await this.flush();
    } catch (err) {
      logFlushError(err);
    }
    this.unsubscribe();
  }

  private recompute(u: KeyUsage, quota: QuotaRecord | undefined): void {
    u.quota = quota;
    if (!quota) {
      u.balance = Infinity;
      return;
    }
    const merged = new Map<string, UsageCounterRecord>();
    for (const [day, c] of u.stored) merged.set(day, { ...c });
    const add = (day: string, used: number, adjustment: number) => {
      const c = merged.get(day) ?? { used: 0 };
      c.used += used;
      if (adjustment) c.adjustment = (c.adjustment ?? 0) + adjustment;
      merged.set(day, c);
    };
    for (const [day, n] of u.inFlight) add(day, n, 0);
    for (const [day, n] of u.pending) add(day, n, 0);
    if (u.compensate + u.inFlightCompensate) add(u.day, 0, u.compensate + u.inFlightCompensate);
    u.balance = quotaBalance(quota, u.day, merged);
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    const byScope = new Map<string, KeyUsage[]>();
    for (const u of this.usage.values()) {
      if (!u.pending.size && !u.compensate) continue;
      u.inFlight = u.pending;
      u.pending = new Map();
      u.inFlightCompensate = u.compensate;
      u.compensate = 0;
      const sk = `${u.scope.account}/${u.scope.region}`;
      const list = byScope.get(sk);
      if (list) list.push(u);
      else byScope.set(sk, [u]);
    }
    for (const list of byScope.values()) {
      try {
        const stored = await this.store.transaction(list[0].scope, async (tx) => {
          const out = new Map<KeyUsage, Map<string, UsageCounterRecord>>();
          let wrote = false;
          for (const u of list) {
            if (this.usage.get(u.id) !== u) continue; // its plan or key went away meanwhile
            const days = new Map(u.inFlight);
            if (u.inFlightCompensate && !days.has(u.day)) days.set(u.day, 0);
            for (const [day, n] of days) {
              const key = usageCounterKey(u.planId, u.keyId, day);
              const c: UsageCounterRecord = { used: 0, ...(await tx.get<UsageCounterRecord>(KIND.usageCounter, key)) };
              c.used += n;
              if (day === u.day && u.inFlightCompensate) c.adjustment = (c.adjustment ?? 0) + u.inFlightCompensate;
              await tx.put(KIND.usageCounter, key, c);
              wrote = true;
            }
            const prefix = usageCounterPrefix(u.planId, u.keyId);
            out.set(u, new Map((await tx.list<UsageCounterRecord>(KIND.usageCounter, prefix)).map((e) => [e.key.slice(prefix.length), e.value])));
          }
          // Set last: nothing else commits between here and this transaction's notification.
          this.ownCommit = wrote;
          return out;
        });
        for (const [u, counters] of stored) {
          u.stored = counters;
          u.inFlight = new Map();
          u.inFlightCompensate = 0;
          if (u.quota) this.recompute(u, u.quota);
        }
      } catch (err) {
        // Not stored: counted again with the next flush.
        for (const u of list) {
          for (const [day, n] of u.inFlight) u.pending.set(day, (u.pending.get(day) ?? 0) + n);
          u.compensate += u.inFlightCompensate;
          u.inFlight = new Map();
          u.inFlightCompensate = 0;
        }
        throw err;
      } finally {
        this.ownCommit = false;
      }
    }
  }

  private changed(changes: Change[]): void {
    if (this.ownCommit) {
      this.ownCommit = false;
      return;
    }
    for (const c of changes) {
      if (c.kind !== KIND.usageCounter) continue;
      const base = `${c.scope.account}/${c.scope.region}/`;
      if (c.prefix !== undefined) {
        // The plan (or the key) went away with its counters: their usage starts again from nothing.
        for (const [id, u] of this.usage) {
          if (!id.startsWith(base + c.prefix)) continue;
          u.dropped = true;
          this.usage.delete(id);
        }
        continue;
      }
      const key = c.key ?? '';
      const u = this.usage.get(base + key.slice(0, key.lastIndexOf('/')));
      if (!u?.ready) continue;
      // An UpdateUsage: what was counted but not stored when it committed came before it.
      for (const n of u.pending.values()) u.compensate += n;
      for (const n of u.inFlight.values()) u.compensate += n;
      u.ready = false;
    }
  }
}

function logFlushError(err: unknown): void {
  console.error('[gatehouse] usage counters could not be stored (kept for the next flush):', err);
}

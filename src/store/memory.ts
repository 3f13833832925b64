/**
 * A store that keeps everything in process memory (`--in-memory`): gone when Gatehouse stops.
 * Transactions keep an undo log and roll it back when the handler throws.
 */
import { CommitListeners, SerialQueue, type Change, type CommitListener, type Entry, type Scope, type Store, type StoreTx } from './types.js';

type Table = Map<string, string>; // key -> JSON, in insertion order

export class MemoryStore implements Store {
  readonly description = 'memory';
  private readonly tables = new Map<string, Table>(); // `${account}\u0000${region}\u0000${kind}`
  private readonly queue = new SerialQueue();
  private readonly listeners = new CommitListeners();

  transaction<R>(scope: Scope, fn: (tx: StoreTx) => Promise<R>): Promise<R> {
    return this.queue.run(async () => {
      const undo: (() => void)[] = [];
      const changes: Change[] = [];
      const table = (kind: string, create: boolean) => {
        const id = `${scope.account}\u0000${scope.region}\u0000${kind}`;
        let t = this.tables.get(id);
        if (!t && create) {
          t = new Map();
          this.tables.set(id, t);
        }
        return t;
      };
      const remove = (t: Table, key: string) => {
        // Removing and re-inserting would move later keys; rebuild order on undo instead.
        const order = [...t.entries()];
        t.delete(key);
        undo.push(() => {
          t.clear();
          for (const [k, v] of order) t.set(k, v);
        });
      };
      const matching = (t: Table | undefined, prefix: string) => (t ? [...t.keys()].filter((k) => k.startsWith(prefix)) : []);
      const tx: StoreTx = {
        get: async <T>(kind: string, key: string) => {
          const v = table(kind, false)?.get(key);
          return v === undefined ? undefined : (JSON.parse(v) as T);
        },
        put: async (kind, key, value) => {
          const t = table(kind, true)!;
          const old = t.get(key);
          t.set(key, JSON.stringify(value));
          undo.push(() => (old === undefined ? t.delete(key) : t.set(key, old)));
          changes.push({ scope, kind, key });
        },
        insert: async (kind, key, value) => {
          const t = table(kind, true)!;
          if (t.has(key)) return false;
          t.set(key, JSON.stringify(value));
          undo.push(() => t.delete(key));
          changes.push({ scope, kind, key });
          return true;
        },
        delete: async (kind, key) => {
          const t = table(kind, false);
          if (!t?.has(key)) return false;
          remove(t, key);
          changes.push({ scope, kind, key });
          return true;
        },
        list: async <T>(kind: string, prefix = '') => {
          const t = table(kind, false);
          return matching(t, prefix).map((key): Entry<T> => ({ key, value: JSON.parse(t!.get(key)!) as T }));
        },
        count: async (kind, prefix = '') => matching(table(kind, false), prefix).length,
        deletePrefix: async (kind, prefix) => {
          const t = table(kind, false);
          const keys = matching(t, prefix);
          for (const k of keys) remove(t!, k);
          if (keys.length) changes.push({ scope, kind, prefix });
          return keys.length;
        },
      };
      try {
        const result = await fn(tx);
        this.listeners.emit(changes);
        return result;
      } catch (err) {
        for (const u of undo.reverse()) u();
        throw err;
      }
    });
  }

  onCommit(listener: CommitListener): () => void {
    return this.listeners.add(listener);
  }

  async scopes(kind: string): Promise<Scope[]> {
    const out: Scope[] = [];
    for (const [id, t] of this.tables) {
      const [account, region, k] = id.split('\u0000');
      if (k === kind && t.size) out.push({ account, region });
    }
    // Code-unit order, account first: what SQLite's ORDER BY account, region gives (localeCompare would not).
    const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
    return out.sort((a, b) => cmp(a.account, b.account) || cmp(a.region, b.region));
  }

  async close(): Promise<void> {}
}

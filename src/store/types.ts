/**
 * The store contract. Everything Gatehouse keeps (APIs, resources, stages, keys, functions...)
 * is a JSON document addressed by (account, region, kind, key), kept in creation order, and
 * changed only inside a transaction: a handler that throws leaves nothing behind.
 *
 * The interface is asynchronous so that a networked implementation (PostgreSQL) can satisfy it;
 * test/store/conformance.ts is the suite every implementation must pass.
 */
export interface Scope {
  account: string;
  region: string;
}

export interface Entry<T> {
  key: string;
  value: T;
}

export interface StoreTx {
  get<T>(kind: string, key: string): Promise<T | undefined>;
  /** Inserts, or replaces in place (an entry keeps its place in creation order). */
  put<T>(kind: string, key: string, value: T): Promise<void>;
  /** Inserts only; false when the key is already taken. */
  insert<T>(kind: string, key: string, value: T): Promise<boolean>;
  delete(kind: string, key: string): Promise<boolean>;
  /** Entries of a kind whose key starts with `prefix`, in creation order. */
  list<T>(kind: string, prefix?: string): Promise<Entry<T>[]>;
  count(kind: string, prefix?: string): Promise<number>;
  deletePrefix(kind: string, prefix: string): Promise<number>;
}

/** One committed change: a key written or deleted, or every key under a prefix deleted. */
export interface Change {
  scope: Scope;
  kind: string;
  key?: string;
  prefix?: string;
}

export type CommitListener = (changes: Change[]) => void;

export interface Store {
  readonly description: string;
  /** Runs `fn` as one transaction in one (account, region): all of its writes, or none. */
  transaction<R>(scope: Scope, fn: (tx: StoreTx) => Promise<R>): Promise<R>;
  /** The (account, region) pairs that hold any entry of `kind`, by account then region (start-up listings, admin). */
  scopes(kind: string): Promise<Scope[]>;
  /**
   * Calls `listener` after each transaction that changed something commits, with its changes
   * (never for a rolled-back one). Caches of derived data (the data plane's compiled
   * deployments) invalidate themselves from this. Returns the unsubscribe function.
   */
  onCommit(listener: CommitListener): () => void;
  close(): Promise<void>;
}

/** The listener list every implementation keeps; a throwing listener cannot break a commit. */
export class CommitListeners {
  private readonly listeners = new Set<CommitListener>();

  add(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(changes: Change[]): void {
    if (!changes.length) return;
    for (const listener of this.listeners) {
      try {
        listener(changes);
      } catch (err) {
        console.error('[gatehouse] store commit listener failed:', err);
      }
    }
  }
}

/** Runs tasks one after another: a transaction never interleaves with another on one node. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<R>(task: () => Promise<R>): Promise<R> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

/**
 * The smallest string greater than every string that starts with `prefix`, in code-point order
 * (the order of UTF-8 bytes, which SQLite's BINARY and PostgreSQL's "C" collation compare), or
 * undefined when nothing bounds it (the empty prefix). Appending '\uffff' is not enough: in
 * UTF-8, characters beyond the BMP (emoji) sort after U+FFFF.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length) {
    const last = points.pop()!.codePointAt(0)!;
    if (last === 0x10ffff) continue; // no successor: bound on the code point before it
    return points.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1); // skip surrogates
  }
  return undefined;
}

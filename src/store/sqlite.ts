/**
 * The default store: embedded SQLite through better-sqlite3, one file under the data directory
 * (WAL mode, so a crash never leaves a half-written transaction).
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CommitListeners, prefixEnd, SerialQueue, type Change, type CommitListener, type Entry, type Scope, type Store, type StoreTx } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS entries (
  seq     INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  region  TEXT NOT NULL,
  kind    TEXT NOT NULL,
  key     TEXT NOT NULL,
  value   TEXT NOT NULL,
  UNIQUE (account, region, kind, key)
);
`;

/** The bind values of `inRange` for the keys starting with `prefix`. */
function range(prefix: string): [string, string | null, string | null] {
  const end = prefixEnd(prefix) ?? null;
  return [prefix, end, end];
}

export class SqliteStore implements Store {
  readonly description: string;
  private readonly db: Database.Database;
  private readonly queue = new SerialQueue();
  private readonly listeners = new CommitListeners();
  private readonly stmt;

  /** `file` is a path, or ':memory:' for a throwaway database. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: durable across application crashes, and commits cost no fsync.
    this.db.pragma('synchronous = NORMAL');
    // Another process on the same file (a second Gatehouse, a backup) waits its turn rather than
    // failing the request with SQLITE_BUSY.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.description = file === ':memory:' ? 'sqlite (in memory)' : `sqlite ${file}`;
    const where = 'account = ? AND region = ? AND kind = ?';
    const inRange = 'key >= ? AND (? IS NULL OR key < ?)';
    this.stmt = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      get: this.db.prepare(`SELECT value FROM entries WHERE ${where} AND key = ?`).pluck(),
      upsert: this.db.prepare(
        'INSERT INTO entries (account, region, kind, key, value) VALUES (?, ?, ?, ?, ?) ON CONFLICT (account, region, kind, key) DO UPDATE SET value = excluded.value',
      ),
      insert: this.db.prepare('INSERT OR IGNORE INTO entries (account, region, kind, key, value) VALUES (?, ?, ?, ?, ?)'),
      delete: this.db.prepare(`DELETE FROM entries WHERE ${where} AND key = ?`),
      // A prefix is the key range [prefix, prefixEnd(prefix)); NULL as the end means unbounded.
      list: this.db.prepare(`SELECT key, value FROM entries WHERE ${where} AND ${inRange} ORDER BY seq`),
      count: this.db.prepare(`SELECT count(*) FROM entries WHERE ${where} AND ${inRange}`).pluck(),
      deletePrefix: this.db.prepare(`DELETE FROM entries WHERE ${where} AND ${inRange}`),
      scopes: this.db.prepare('SELECT DISTINCT account, region FROM entries WHERE kind = ? ORDER BY account, region'),
    };
  }

  transaction<R>(scope: Scope, fn: (tx: StoreTx) => Promise<R>): Promise<R> {
    return this.queue.run(async () => {
      const { account, region } = scope;
      const s = this.stmt;
      const changes: Change[] = [];
      const tx: StoreTx = {
        get: async <T>(kind: string, key: string) => {
          const v = s.get.get(account, region, kind, key) as string | undefined;
          return v === undefined ? undefined : (JSON.parse(v) as T);
        },
        put: async (kind, key, value) => {
          s.upsert.run(account, region, kind, key, JSON.stringify(value));
          changes.push({ scope, kind, key });
        },
        insert: async (kind, key, value) => {
          const inserted = s.insert.run(account, region, kind, key, JSON.stringify(value)).changes === 1;
          if (inserted) changes.push({ scope, kind, key });
          return inserted;
        },
        delete: async (kind, key) => {
          const deleted = s.delete.run(account, region, kind, key).changes === 1;
          if (deleted) changes.push({ scope, kind, key });
          return deleted;
        },
        list: async <T>(kind: string, prefix = '') =>
          (s.list.all(account, region, kind, ...range(prefix)) as { key: string; value: string }[]).map(
            (r): Entry<T> => ({ key: r.key, value: JSON.parse(r.value) as T }),
          ),
        count: async (kind, prefix = '') => s.count.get(account, region, kind, ...range(prefix)) as number,
        deletePrefix: async (kind, prefix) => {
          const n = s.deletePrefix.run(account, region, kind, ...range(prefix)).changes;
          if (n) changes.push({ scope, kind, prefix });
          return n;
        },
      };
      s.begin.run();
      try {
        const result = await fn(tx);
        s.commit.run();
        this.listeners.emit(changes);
        return result;
      } catch (err) {
        s.rollback.run();
        throw err;
      }
    });
  }

  onCommit(listener: CommitListener): () => void {
    return this.listeners.add(listener);
  }

  async scopes(kind: string): Promise<Scope[]> {
    return this.queue.run(async () => this.stmt.scopes.all(kind) as Scope[]);
  }

  async close(): Promise<void> {
    await this.queue.run(async () => this.db.close());
  }
}

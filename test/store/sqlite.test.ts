import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { storeConformance } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const files = new WeakMap<Store, string>();
storeConformance('sqlite file', {
  async open() {
    // A nested directory that does not exist yet: the store creates it.
    const file = join(dir, `db-${++n}`, 'gatehouse.db');
    const store = new SqliteStore(file);
    files.set(store, file);
    return store;
  },
  async reopen(store) {
    const file = files.get(store)!;
    await store.close();
    const again = new SqliteStore(file);
    files.set(again, file);
    return again;
  },
});

storeConformance('sqlite :memory:', { open: async () => new SqliteStore(':memory:') });

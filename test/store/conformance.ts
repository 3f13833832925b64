/**
 * The store contract (src/store/types.ts) as one suite, run against every implementation:
 * memory.test.ts, sqlite.test.ts, and later postgres.test.ts need only describe how to open a
 * fresh store. Hono's router and undici's cache-store tests share their cases the same way.
 */
import { describe, test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Entry, Scope, Store, StoreTx } from '../../src/store/types.js';

export interface StoreHarness {
  /** A new, empty store. */
  open(): Promise<Store>;
  /** Durable stores only: close `store` and open the same data again. */
  reopen?(store: Store): Promise<Store>;
}

const A: Scope = { account: '111111111111', region: 'us-east-1' };
const B: Scope = { account: '222222222222', region: 'us-east-1' };
const A_WEST: Scope = { account: '111111111111', region: 'eu-west-1' };

class Boom extends Error {}

const keys = (entries: Entry<unknown>[]) => entries.map((e) => e.key);

export function storeConformance(name: string, harness: StoreHarness): void {
  describe(`Store conformance: ${name}`, () => {
    let open: Store[] = [];
    const fresh = async () => {
      const s = await harness.open();
      open.push(s);
      return s;
    };
    const inTx = <R>(store: Store, scope: Scope, fn: (tx: StoreTx) => Promise<R>) => store.transaction(scope, fn);
    afterEach(async () => {
      for (const s of open) await s.close();
      open = [];
    });

    describe('get, put, insert, delete', () => {
      test('a missing key reads as undefined', async () => {
        const store = await fresh();
        assert.equal(await inTx(store, A, (tx) => tx.get('thing', 'nope')), undefined);
      });

      test('put then get returns an equal JSON document, in the same and a later transaction', async () => {
        const store = await fresh();
        const doc = { name: 'x', n: 1.5, ok: true, list: [1, 'two', null], nested: { deep: { s: 'é€😀' } } };
        const sameTx = await inTx(store, A, async (tx) => {
          await tx.put('thing', 'k', doc);
          return tx.get('thing', 'k');
        });
        assert.deepEqual(sameTx, doc);
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('thing', 'k')), doc);
      });

      test('documents are stored by value: changing the object after put or after get changes nothing', async () => {
        const store = await fresh();
        const doc = { list: [1] };
        await inTx(store, A, async (tx) => {
          await tx.put('thing', 'k', doc);
          doc.list.push(2);
          const read = await tx.get<{ list: number[] }>('thing', 'k');
          read!.list.push(3);
        });
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('thing', 'k')), { list: [1] });
      });

      test('put replaces the document under an existing key', async () => {
        const store = await fresh();
        await inTx(store, A, (tx) => tx.put('thing', 'k', { v: 1 }));
        await inTx(store, A, (tx) => tx.put('thing', 'k', { v: 2 }));
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('thing', 'k')), { v: 2 });
        assert.equal(await inTx(store, A, (tx) => tx.count('thing')), 1);
      });

      test('insert refuses a taken key and keeps the first document', async () => {
        const store = await fresh();
        const results = await inTx(store, A, async (tx) => [await tx.insert('thing', 'k', { v: 1 }), await tx.insert('thing', 'k', { v: 2 })]);
        assert.deepEqual(results, [true, false]);
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('thing', 'k')), { v: 1 });
      });

      test('delete answers whether something was deleted', async () => {
        const store = await fresh();
        await inTx(store, A, (tx) => tx.put('thing', 'k', { v: 1 }));
        assert.equal(await inTx(store, A, (tx) => tx.delete('thing', 'k')), true);
        assert.equal(await inTx(store, A, (tx) => tx.delete('thing', 'k')), false);
        assert.equal(await inTx(store, A, (tx) => tx.get('thing', 'k')), undefined);
      });

      test('kinds are separate namespaces for the same key', async () => {
        const store = await fresh();
        await inTx(store, A, async (tx) => {
          await tx.put('a', 'k', { kind: 'a' });
          await tx.put('b', 'k', { kind: 'b' });
        });
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('a', 'k')), { kind: 'a' });
        assert.equal(await inTx(store, A, (tx) => tx.delete('a', 'k')), true);
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('b', 'k')), { kind: 'b' });
      });
    });

    describe('list order', () => {
      test('list returns entries in creation order, not key order', async () => {
        const store = await fresh();
        await inTx(store, A, async (tx) => {
          for (const k of ['m', 'a', 'z', 'b']) await tx.put('thing', k, { k });
        });
        const listed = await inTx(store, A, (tx) => tx.list<{ k: string }>('thing'));
        assert.deepEqual(keys(listed), ['m', 'a', 'z', 'b']);
        assert.deepEqual(listed.map((e) => e.value.k), ['m', 'a', 'z', 'b']);
      });

      test('replacing a document keeps its place in creation order', async () => {
        const store = await fresh();
        await inTx(store, A, async (tx) => {
          for (const k of ['one', 'two', 'three']) await tx.put('thing', k, { v: 1 });
        });
        await inTx(store, A, (tx) => tx.put('thing', 'one', { v: 2 }));
        const listed = await inTx(store, A, (tx) => tx.list<{ v: number }>('thing'));
        assert.deepEqual(keys(listed), ['one', 'two', 'three']);
        assert.deepEqual(listed[0].value, { v: 2 });
      });

      test('a key deleted and created again moves to the end', async () => {
        const store = await fresh();
        await inTx(store, A, async (tx) => {
          for (const k of ['one', 'two', 'three']) await tx.put('thing', k, {});
        });
        await inTx(store, A, async (tx) => {
          await tx.delete('thing', 'one');
          await tx.insert('thing', 'one', {});
        });
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing'))), ['two', 'three', 'one']);
      });

      test('an empty kind lists nothing and counts zero', async () => {
        const store = await fresh();
        assert.deepEqual(await inTx(store, A, (tx) => tx.list('thing')), []);
        assert.equal(await inTx(store, A, (tx) => tx.count('thing')), 0);
        assert.equal(await inTx(store, A, (tx) => tx.deletePrefix('thing', 'x/')), 0);
      });
    });

    describe('prefixes', () => {
      const seed = (store: Store) =>
        inTx(store, A, async (tx) => {
          for (const k of ['abc/2', 'ab/1', 'ab', 'abc/1', 'ab/2', 'a', 'ab/sub/3', 'b/1']) await tx.put('thing', k, { k });
        });

      test("list('ab/') returns only keys under ab/, not abc/ or ab itself, in creation order", async () => {
        const store = await fresh();
        await seed(store);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'ab/'))), ['ab/1', 'ab/2', 'ab/sub/3']);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'abc/'))), ['abc/2', 'abc/1']);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'ab'))), ['abc/2', 'ab/1', 'ab', 'abc/1', 'ab/2', 'ab/sub/3']);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', ''))), keys(await inTx(store, A, (tx) => tx.list('thing'))));
        assert.equal((await inTx(store, A, (tx) => tx.list('thing'))).length, 8);
      });

      test('count agrees with list for every prefix', async () => {
        const store = await fresh();
        await seed(store);
        for (const prefix of [undefined, '', 'a', 'ab', 'ab/', 'abc/', 'ab/sub/', 'b', 'zzz']) {
          const [listed, counted] = await inTx(store, A, async (tx) => [(await tx.list('thing', prefix)).length, await tx.count('thing', prefix)]);
          assert.equal(counted, listed, `prefix ${String(prefix)}`);
        }
      });

      test('deletePrefix removes exactly the keys under the prefix and says how many', async () => {
        const store = await fresh();
        await seed(store);
        assert.equal(await inTx(store, A, (tx) => tx.deletePrefix('thing', 'ab/')), 3);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing'))), ['abc/2', 'ab', 'abc/1', 'a', 'b/1']);
      });

      test('keys with characters beyond the ASCII range are listed under their prefix', async () => {
        const store = await fresh();
        const names = ['p/plain', 'p/é', 'p/€', 'p/\uffff', 'p/😀', 'p/\u{10FFFF}x', 'p0', 'q/😀'];
        await inTx(store, A, async (tx) => {
          for (const k of names) await tx.put('thing', k, { k });
        });
        const under = names.filter((k) => k.startsWith('p/'));
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'p/'))), under);
        assert.equal(await inTx(store, A, (tx) => tx.count('thing', 'p/')), under.length);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'p/😀'))), ['p/😀']);
        assert.equal(await inTx(store, A, (tx) => tx.deletePrefix('thing', 'p/')), under.length);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing'))), ['p0', 'q/😀']);
      });

      test('characters that are wildcards elsewhere (% _ *) are plain characters in a prefix', async () => {
        const store = await fresh();
        await inTx(store, A, async (tx) => {
          for (const k of ['a%/1', 'ab/1', 'a_/1', 'aX/1', 'a*/1']) await tx.put('thing', k, {});
        });
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'a%/'))), ['a%/1']);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'a_/'))), ['a_/1']);
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing', 'a*/'))), ['a*/1']);
      });
    });

    describe('transactions', () => {
      test('a transaction that throws leaves nothing behind and rethrows the error', async () => {
        const store = await fresh();
        await inTx(store, A, async (tx) => {
          for (const k of ['keep/1', 'keep/2', 'gone/1', 'gone/2']) await tx.put('thing', k, { v: 'before' });
          await tx.put('other', 'x', { v: 'before' });
        });
        const before = await inTx(store, A, async (tx) => [await tx.list('thing'), await tx.list('other')]);
        await assert.rejects(
          inTx(store, A, async (tx) => {
            await tx.put('thing', 'keep/1', { v: 'after' });
            await tx.put('thing', 'new/1', { v: 'after' });
            assert.equal(await tx.insert('thing', 'new/2', {}), true);
            await tx.delete('thing', 'keep/2');
            await tx.deletePrefix('thing', 'gone/');
            await tx.put('thing', 'keep/2', { v: 'reborn' });
            await tx.delete('other', 'x');
            await tx.put('brand-new-kind', 'k', {});
            throw new Boom('handler failed');
          }),
          Boom,
        );
        const after = await inTx(store, A, async (tx) => [await tx.list('thing'), await tx.list('other')]);
        assert.deepEqual(after, before);
        assert.deepEqual(await store.scopes('brand-new-kind'), []);
      });

      test('writes of a rolled-back transaction are invisible to the next one, which commits normally', async () => {
        const store = await fresh();
        await assert.rejects(inTx(store, A, async (tx) => {
          await tx.put('thing', 'k', { v: 1 });
          throw new Boom();
        }), Boom);
        await inTx(store, A, async (tx) => {
          assert.equal(await tx.get('thing', 'k'), undefined);
          await tx.put('thing', 'k2', { v: 2 });
        });
        assert.deepEqual(keys(await inTx(store, A, (tx) => tx.list('thing'))), ['k2']);
      });

      test('the transaction returns what its function returns', async () => {
        const store = await fresh();
        assert.deepEqual(await inTx(store, A, async () => ({ answer: 42 })), { answer: 42 });
      });

      test('two concurrent transactions never interleave, even when both wait inside', async () => {
        const store = await fresh();
        const events: string[] = [];
        const tick = () => new Promise((r) => setTimeout(r, 2));
        const work = (name: string, scope: Scope) =>
          inTx(store, scope, async (tx) => {
            events.push(`${name}:start`);
            const n = (await tx.get<{ n: number }>('counter', 'c'))?.n ?? 0;
            await tick();
            await tx.put('counter', 'c', { n: n + 1 });
            await tick();
            events.push(`${name}:end`);
          });
        await Promise.all([work('one', A), work('two', A), work('three', B), work('four', A)]);
        for (let i = 0; i < events.length; i += 2) {
          const name = events[i].split(':')[0];
          assert.deepEqual(events.slice(i, i + 2), [`${name}:start`, `${name}:end`], events.join(' '));
        }
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('counter', 'c')), { n: 3 });
      });

      test('a failing transaction does not block the ones queued behind it', async () => {
        const store = await fresh();
        const failing = inTx(store, A, async () => {
          await new Promise((r) => setTimeout(r, 2));
          throw new Boom();
        });
        const next = inTx(store, A, (tx) => tx.put('thing', 'k', { ok: true }));
        await assert.rejects(failing, Boom);
        await next;
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('thing', 'k')), { ok: true });
      });
    });

    describe('commit notifications', () => {
      test('a committed transaction reports what it wrote and deleted, in order', async () => {
        const store = await fresh();
        await inTx(store, A, async (tx) => {
          await tx.put('thing', 'p/1', {});
          await tx.put('thing', 'p/2', {});
        });
        const seen: unknown[] = [];
        const stop = store.onCommit((changes) => seen.push(changes));
        await inTx(store, A, async (tx) => {
          await tx.put('thing', 'x', { v: 1 });
          await tx.insert('other', 'y', {});
          await tx.insert('other', 'y', {}); // taken: not a change
          await tx.delete('thing', 'x');
          await tx.delete('thing', 'missing'); // nothing deleted: not a change
          await tx.deletePrefix('thing', 'p/');
          await tx.deletePrefix('thing', 'none/'); // nothing deleted: not a change
        });
        assert.deepEqual(seen, [
          [
            { scope: A, kind: 'thing', key: 'x' },
            { scope: A, kind: 'other', key: 'y' },
            { scope: A, kind: 'thing', key: 'x' },
            { scope: A, kind: 'thing', prefix: 'p/' },
          ],
        ]);
        stop();
        await inTx(store, A, (tx) => tx.put('thing', 'z', {}));
        assert.equal(seen.length, 1, 'an unsubscribed listener hears nothing more');
      });

      test('a rolled-back or read-only transaction reports nothing', async () => {
        const store = await fresh();
        const seen: unknown[] = [];
        store.onCommit((changes) => seen.push(changes));
        await assert.rejects(inTx(store, A, async (tx) => {
          await tx.put('thing', 'x', {});
          throw new Boom();
        }), Boom);
        await inTx(store, A, (tx) => tx.get('thing', 'x'));
        assert.deepEqual(seen, []);
      });

      test('a listener that throws does not undo or fail the commit', async () => {
        const store = await fresh();
        store.onCommit(() => {
          throw new Error('listener bug');
        });
        const original = console.error;
        console.error = () => {};
        try {
          await inTx(store, A, (tx) => tx.put('thing', 'x', { ok: true }));
        } finally {
          console.error = original;
        }
        assert.deepEqual(await inTx(store, A, (tx) => tx.get('thing', 'x')), { ok: true });
      });
    });

    describe('scopes', () => {
      test('each (account, region) sees only its own entries', async () => {
        const store = await fresh();
        for (const [scope, v] of [[A, 'a'], [B, 'b'], [A_WEST, 'a-west']] as const) {
          await inTx(store, scope, async (tx) => {
            await tx.put('thing', 'shared/key', { v });
            await tx.put('thing', `only-${v}`, { v });
          });
        }
        assert.deepEqual(await inTx(store, B, (tx) => tx.get('thing', 'shared/key')), { v: 'b' });
        assert.deepEqual(keys(await inTx(store, A_WEST, (tx) => tx.list('thing'))), ['shared/key', 'only-a-west']);
        assert.equal(await inTx(store, A, (tx) => tx.get('thing', 'only-b')), undefined);
        assert.equal(await inTx(store, A, (tx) => tx.deletePrefix('thing', '')), 2);
        assert.equal(await inTx(store, B, (tx) => tx.count('thing')), 2);
        assert.equal(await inTx(store, A_WEST, (tx) => tx.count('thing')), 2);
        assert.equal(await inTx(store, B, (tx) => tx.insert('thing', 'only-a', {})), true);
      });

      test('scopes(kind) names every (account, region) holding that kind, sorted by account then region', async () => {
        const store = await fresh();
        for (const scope of [B, A_WEST, A]) await inTx(store, scope, (tx) => tx.put('thing', 'k', {}));
        await inTx(store, B, (tx) => tx.put('other', 'k', {}));
        assert.deepEqual(await store.scopes('thing'), [A_WEST, A, B]);
        assert.deepEqual(await store.scopes('other'), [B]);
        assert.deepEqual(await store.scopes('nothing'), []);
      });

      test('a scope whose last entry of a kind was deleted no longer holds that kind', async () => {
        const store = await fresh();
        await inTx(store, A, (tx) => tx.put('thing', 'k', {}));
        await inTx(store, B, (tx) => tx.put('thing', 'k', {}));
        await inTx(store, A, (tx) => tx.delete('thing', 'k'));
        assert.deepEqual(await store.scopes('thing'), [B]);
      });
    });

    if (harness.reopen) {
      const reopen = harness.reopen;
      test('committed data, its order and its scopes survive closing and reopening', async () => {
        const store = await harness.open();
        await inTx(store, A, async (tx) => {
          for (const k of ['z', 'a', 'm']) await tx.put('thing', k, { k });
        });
        await inTx(store, A, (tx) => tx.put('thing', 'z', { k: 'z2' }));
        await inTx(store, B, (tx) => tx.put('thing', 'b', {}));
        await assert.rejects(inTx(store, A, async (tx) => {
          await tx.put('thing', 'uncommitted', {});
          throw new Boom();
        }), Boom);
        const again = await reopen(store);
        open.push(again);
        const listed = await inTx(again, A, (tx) => tx.list<{ k: string }>('thing'));
        assert.deepEqual(listed, [
          { key: 'z', value: { k: 'z2' } },
          { key: 'a', value: { k: 'a' } },
          { key: 'm', value: { k: 'm' } },
        ]);
        assert.deepEqual(await again.scopes('thing'), [A, B]);
        await inTx(again, A, (tx) => tx.put('thing', 'after', {}));
        assert.deepEqual(keys(await inTx(again, A, (tx) => tx.list('thing'))), ['z', 'a', 'm', 'after']);
      });
    }
  });
}

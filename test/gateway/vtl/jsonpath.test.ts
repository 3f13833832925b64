/** The JSONPath evaluator behind $input.path / $input.json (Jayway's dialect and result rules). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileJsonPath, evaluateJsonPath, JsonPathError } from '../../../src/gateway/vtl/jsonpath.js';

const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
    'odd key': { 'a.b': 1 },
  },
};

const value = (path: string, doc: unknown = store) => {
  const r = evaluateJsonPath(doc, path);
  assert.ok(r.found, `${path} found`);
  return r.value;
};

describe('definite paths answer the value itself', () => {
  it('$ is the document', () => {
    assert.equal(value('$'), store);
  });

  it('dot and bracket names, indexes, negative indexes', () => {
    assert.equal(value('$.store.bicycle.color'), 'red');
    assert.equal(value("$['store']['bicycle']['price']"), 19.95);
    assert.equal(value('$["store"].book[0].author'), 'Nigel Rees');
    assert.equal(value('$.store.book[-1].title'), 'Moby Dick');
    assert.equal(value("$.store['odd key']['a.b']"), 1);
  });

  it('a missing name or index is not found (AWS answers null)', () => {
    assert.deepEqual(evaluateJsonPath(store, '$.store.nothing'), { found: false, value: null });
    assert.deepEqual(evaluateJsonPath(store, '$.store.book[7]'), { found: false, value: null });
    assert.deepEqual(evaluateJsonPath(store, '$.store.bicycle.color.deeper'), { found: false, value: null });
    assert.deepEqual(evaluateJsonPath('text', '$.a'), { found: false, value: null });
  });

  it('a present null is found', () => {
    assert.deepEqual(evaluateJsonPath({ a: null }, '$.a'), { found: true, value: null });
  });

  it('does not reach into JavaScript prototypes', () => {
    assert.deepEqual(evaluateJsonPath({}, '$.constructor'), { found: false, value: null });
    assert.deepEqual(evaluateJsonPath([], '$.length'), { found: false, value: null });
  });
});

describe('indefinite paths answer the list of matches', () => {
  it('[*] and .*', () => {
    assert.deepEqual(value('$.store.book[*].author'), ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville']);
    assert.deepEqual(value('$.store.bicycle.*'), ['red', 19.95]);
  });

  it('.. deep scan, in document order', () => {
    assert.deepEqual(value('$..price'), [8.95, 12.99, 8.99, 19.95]);
    assert.deepEqual(value('$..book[2].isbn'), ['0-553-21311-3']);
    assert.equal((value('$..*') as unknown[]).length, 23); // store, book, 3 books + 13 fields, bicycle + 2, 'odd key' + 1
  });

  it('unions and slices', () => {
    assert.deepEqual(value('$.store.book[0,2].price'), [8.95, 8.99]);
    assert.deepEqual(value('$.store.book[:2].price'), [8.95, 12.99]);
    assert.deepEqual(value('$.store.book[-2:].price'), [12.99, 8.99]);
    assert.deepEqual(value("$.store.bicycle['color','price']"), ['red', 19.95]);
  });

  it('filters', () => {
    assert.deepEqual(value('$.store.book[?(@.price < 10)].title'), ['Sayings of the Century', 'Moby Dick']);
    assert.deepEqual(value('$.store.book[?(@.isbn)].author'), ['Herman Melville']);
    assert.deepEqual(value("$.store.book[?(@.category == 'fiction' && @.price > 10)].title"), ['Sword of Honour']);
    assert.deepEqual(value('$.store.book[?(@.price > $.store.bicycle.price)]'), []);
    assert.deepEqual(value('$.store.book[?(!@.isbn)].price'), [8.95, 12.99]);
  });

  it('no match is an empty list, not "not found"', () => {
    assert.deepEqual(evaluateJsonPath(store, '$.store.book[*].nothing'), { found: true, value: [] });
  });

  it('length()', () => {
    assert.equal(value('$.store.book.length()'), 3);
  });
});

describe('compiling', () => {
  it('caches compiled paths', () => {
    assert.equal(compileJsonPath('$.a.b[0]'), compileJsonPath('$.a.b[0]'));
    assert.equal(compileJsonPath('$.a.b[0]').definite, true);
    assert.equal(compileJsonPath('$.a[*]').definite, false);
  });

  it('rejects malformed paths', () => {
    for (const bad of ['', '$.', '$[', '$.a[x]', "$['unterminated", '$.a]', '$[?(@.a ==)]']) {
      assert.throws(() => compileJsonPath(bad), JsonPathError, bad);
    }
  });
});

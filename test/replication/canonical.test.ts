// How recovery points and target resources are compared: lists of objects are sets (each side
// lists them in its own id order), everything else by canonical JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameSetOrValue } from '../../src/replication/canonical.ts';

test("a usage plan's apiStages in another order are the same", () => {
  const a = [{ apiId: 'ref:x', stage: 'prod' }, { apiId: 'ref:y', stage: 'prod', throttle: { '/a/GET': { rateLimit: 1 } } }];
  const b = [{ stage: 'prod', apiId: 'ref:y', throttle: { '/a/GET': { rateLimit: 1 } } }, { apiId: 'ref:x', stage: 'prod' }];
  assert.equal(sameSetOrValue(a, b), true);
});

test('a different member, count or scalar list order still differs', () => {
  assert.equal(sameSetOrValue([{ apiId: 'x', stage: 'prod' }], [{ apiId: 'x', stage: 'dev' }]), false);
  assert.equal(sameSetOrValue([{ a: 1 }, { a: 1 }], [{ a: 1 }]), false);
  assert.equal(sameSetOrValue(['a', 'b'], ['b', 'a']), false, 'lists of strings keep their order');
  assert.equal(sameSetOrValue({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
});

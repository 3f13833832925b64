/**
 * The compiled-deployment cache's answers for URLs that name nothing: remembered, forgotten as
 * soon as the store makes them wrong, and bounded against a scan of random URLs.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KIND } from '../../src/definitions/apigateway.js';
import { DeploymentCache, MAX_REMEMBERED_MISSES } from '../../src/gateway/rest/deployments.js';
import { MemoryStore } from '../../src/store/memory.js';

const scope = { account: '000000000000', region: 'us-east-1' };

describe('deployment cache misses', () => {
  test('an unknown API is remembered until an API with that id is created, then the stage is looked up', async () => {
    const store = new MemoryStore();
    const cache = new DeploymentCache(store);
    try {
      assert.equal(await cache.lookup('abc', 'prod'), 'no-api');
      assert.equal(cache.cached('abc', 'prod'), 'no-api');
      await store.transaction(scope, (tx) => tx.put(KIND.restApi, 'abc', { id: 'abc', name: 'late' }));
      assert.equal(cache.cached('abc', 'prod'), undefined, 'the commit dropped the remembered miss');
      assert.equal(await cache.lookup('abc', 'prod'), 'no-stage');
    } finally {
      cache.close();
      await store.close();
    }
  });

  test(`at most ${MAX_REMEMBERED_MISSES} misses are remembered`, async () => {
    const store = new MemoryStore();
    const cache = new DeploymentCache(store);
    try {
      for (let i = 0; i <= MAX_REMEMBERED_MISSES; i++) await cache.lookup(`scan${i}`, 'prod');
      assert.equal(cache.cached('scan0', 'prod'), undefined, 'the full set was dropped');
      assert.equal(cache.cached(`scan${MAX_REMEMBERED_MISSES}`, 'prod'), 'no-api');
    } finally {
      cache.close();
      await store.close();
    }
  });
});

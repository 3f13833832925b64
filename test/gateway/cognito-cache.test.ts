/**
 * COGNITO_USER_POOLS authorizer results cached by the token for authorizerResultTtlInSeconds:
 * a cached token is not verified again (seen by rotating the pool's keys in between, after which
 * a fresh verification refuses it), TTL 0 verifies every time, a cached token still expires at its
 * `exp`, per-method scope checks still run, FlushStageAuthorizersCache and a new deployment empty
 * the cache; and the bounded (LRU) cache both authorizer kinds share.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  FlushStageAuthorizersCacheCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { COGNITO_POOL_KEYS_KIND } from '../../src/gateway/cognito/index.js';
import { AuthorizerCache } from '../../src/gateway/rest/authorizer-cache.js';

const poolArn = (pool: string) => `arn:aws:cognito-idp:us-east-1:000000000000:userpool/${pool}`;
const CLAIMS_TEMPLATE = '{"sub": "$context.authorizer.claims.sub", "email": "$context.authorizer.claims.email"}';

describe('COGNITO_USER_POOLS authorizer result cache', () => {
  const server = useGatehouse({ inMemory: true });
  const c = () => server.client;
  let pools = 0;

  async function mint(pool: string, claims: Record<string, unknown> = {}, expiresIn?: number): Promise<{ token: string; exp: number }> {
    const res = await http(server.g.url, {
      method: 'POST',
      path: `/_gatehouse/cognito/${pool}/token${expiresIn === undefined ? '' : `?expiresIn=${expiresIn}`}`,
      body: JSON.stringify(claims),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 200, res.text);
    const { token, claims: minted } = res.json<{ token: string; claims: { exp: number } }>();
    return { token, exp: minted.exp };
  }

  /** New keys for the pool: tokens signed before no longer verify. */
  async function rotateKeys(pool: string): Promise<void> {
    await server.g.store.transaction({ account: '000000000000', region: 'us-east-1' }, (tx) => tx.delete(COGNITO_POOL_KEYS_KIND, pool));
    await mint(pool);
  }

  /** A pool of its own, an authorizer on it (`ttl` unset: AWS's default), GET /me and GET /scoped (scope api/read), deployed to "test". */
  async function api(ttl?: number) {
    const pool = `us-east-1_Cache${++pools}`;
    const { restApiId, rootId } = await createRestApi(c(), 'cognito-cache');
    const authorizer = await c().send(
      new CreateAuthorizerCommand({
        restApiId,
        name: 'pools',
        type: 'COGNITO_USER_POOLS',
        providerARNs: [poolArn(pool)],
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: ttl,
      }),
    );
    const method = async (pathPart: string, authorizationScopes?: string[]) => {
      const resourceId = (await c().send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart }))).id!;
      const at = { restApiId, resourceId, httpMethod: 'GET' };
      await c().send(new PutMethodCommand({ ...at, authorizationType: 'COGNITO_USER_POOLS', authorizerId: authorizer.id, authorizationScopes }));
      await c().send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await c().send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
      await c().send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': CLAIMS_TEMPLATE } }));
    };
    await method('me');
    await method('scoped', ['api/read']);
    await c().send(new CreateDeploymentCommand({ restApiId, stageName: 'test' }));
    return {
      restApiId,
      pool,
      call: (path: string, token: string) => http(server.g.url, { path: `/_aws/execute-api/${restApiId}/test${path}`, headers: { Authorization: token } }),
    };
  }

  test('within the TTL a token is not verified again, and its claims still reach the integration', async () => {
    const a = await api();
    const { token } = await mint(a.pool, { email: 'ana@example.com' });
    const first = await a.call('/me', token);
    assert.equal(first.status, 200, first.text);
    await rotateKeys(a.pool);
    // Verified afresh, the token would now be refused: the cached result answers.
    const second = await a.call('/me', `Bearer ${token}`);
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(second.json(), first.json());
    assert.equal(second.json<{ email: string }>().email, 'ana@example.com');
    // The cache holds the verification only: another method's scope check still runs.
    const scoped = await a.call('/scoped', token);
    assert.equal(scoped.status, 401);
    assert.deepEqual(scoped.json(), { message: 'Unauthorized' });
    // A token never cached is verified against the new keys.
    const { token: fresh } = await mint(a.pool, { email: 'bo@example.com' });
    assert.equal((await a.call('/me', fresh)).json<{ email: string }>().email, 'bo@example.com');
  });

  test('authorizerResultTtlInSeconds 0 verifies the token on every request', async () => {
    const a = await api(0);
    const { token } = await mint(a.pool);
    assert.equal((await a.call('/me', token)).status, 200);
    await rotateKeys(a.pool);
    const res = await a.call('/me', token);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { message: 'Unauthorized' });
  });

  test('a cached token is refused once its exp has passed', async () => {
    const a = await api(300);
    const { token, exp } = await mint(a.pool, {}, 2);
    const ok = await a.call('/me', token);
    assert.equal(ok.status, 200, ok.text);
    // The token's own lifetime is what is awaited here (at most two seconds).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 50));
    const res = await a.call('/me', token);
    assert.equal(res.status, 401);
    assert.deepEqual(res.json(), { message: 'The incoming token has expired' });
  });

  test('FlushStageAuthorizersCache empties the cache', async () => {
    const a = await api();
    const { token } = await mint(a.pool);
    assert.equal((await a.call('/me', token)).status, 200);
    await rotateKeys(a.pool);
    assert.equal((await a.call('/me', token)).status, 200, 'cached');
    await c().send(new FlushStageAuthorizersCacheCommand({ restApiId: a.restApiId, stageName: 'test' }));
    assert.equal((await a.call('/me', token)).status, 401);
  });

  test('a new deployment starts with an empty cache', async () => {
    const a = await api();
    const { token } = await mint(a.pool);
    assert.equal((await a.call('/me', token)).status, 200);
    await rotateKeys(a.pool);
    assert.equal((await a.call('/me', token)).status, 200, 'cached');
    await c().send(new CreateDeploymentCommand({ restApiId: a.restApiId, stageName: 'test' }));
    assert.equal((await a.call('/me', token)).status, 401);
  });
});

describe('AuthorizerCache', () => {
  test('an entry answers until it expires, then is gone', () => {
    const cache = new AuthorizerCache<string>();
    cache.set('a', 'A', 1_000);
    assert.equal(cache.get('a', 999), 'A');
    assert.equal(cache.get('a', 1_000), undefined);
    assert.equal(cache.size, 0);
  });

  test('when full the least recently used entry goes', () => {
    const cache = new AuthorizerCache<string>(2);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    assert.equal(cache.get('a', 0), 'A');
    cache.set('c', 'C', 10);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('b', 0), undefined);
    assert.equal(cache.get('a', 0), 'A');
    assert.equal(cache.get('c', 0), 'C');
    // Setting a key already held replaces it without evicting another.
    cache.set('c', 'C2', 10);
    assert.equal(cache.size, 2);
    assert.equal(cache.get('c', 0), 'C2');
    cache.clear();
    assert.equal(cache.size, 0);
  });
});

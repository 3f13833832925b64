/**
 * API caching on the REST data plane, through real HTTP calls: a stage with cacheClusterEnabled and
 * method settings `caching/*`, an HTTP_PROXY integration in front of an echo backend that counts
 * the calls it gets. A cache hit never reaches the backend.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { strToU8, zipSync } from 'fflate';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateStageCommand,
  DeleteStageCommand,
  GetStageCommand,
  CreateResourceCommand,
  FlushStageAuthorizersCacheCommand,
  FlushStageCacheCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
  type PatchOperation,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse, type Server } from '../helpers/gatehouse.js';
import { http, type HttpAnswer, type HttpCall } from '../helpers/http.js';
import { startEchoBackend, type Echo, type EchoBackend } from '../helpers/echo-backend.js';
import { createInput, lambdaClient } from '../control/lambda/helpers.js';
import { ResponseCache } from '../../src/gateway/cache/index.js';

const STAGE = 'prod';

interface CachedApiOptions {
  /** The integration's cacheKeyParameters (default: the `type` query parameter). */
  cacheKeyParameters?: string[];
  /** Stage method settings, as UpdateStage patch paths and values. */
  settings?: Record<string, string>;
  /** Verbs defined on /items/{id} (default GET). */
  verbs?: string[];
  /** A Lambda authorizer (by id) the methods use, and integration request parameters beyond the path id. */
  authorizerId?: (restApiId: string) => Promise<string>;
  requestParameters?: Record<string, string>;
  /** Where the integration sends the request, below the backend (default /items/{id}). */
  backendPath?: string;
  cacheClusterEnabled?: boolean;
}

interface CachedApi {
  restApiId: string;
  call(path: string, call?: HttpCall): Promise<HttpAnswer>;
  settings(values: Record<string, string>): Promise<void>;
}

/**
 * GET (and other verbs) /items/{id} as HTTP_PROXY to the echo backend, deployed to `prod` with the
 * stage cache on and `*\/*` caching enabled unless told otherwise.
 */
async function cachedApi(server: Server, backend: EchoBackend, o: CachedApiOptions = {}): Promise<CachedApi> {
  const c = server.client;
  const { restApiId, rootId } = await createRestApi(c, 'caching');
  const items = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'items' }));
  const item = await c.send(new CreateResourceCommand({ restApiId, parentId: items.id!, pathPart: '{id}' }));
  const authorizerId = o.authorizerId ? await o.authorizerId(restApiId) : undefined;
  for (const httpMethod of o.verbs ?? ['GET']) {
    const at = { restApiId, resourceId: item.id!, httpMethod };
    await c.send(
      new PutMethodCommand({
        ...at,
        authorizationType: authorizerId ? 'CUSTOM' : 'NONE',
        authorizerId,
        requestParameters: { 'method.request.path.id': true, 'method.request.querystring.type': false, 'method.request.header.x-tenant': false },
      }),
    );
    await c.send(
      new PutIntegrationCommand({
        ...at,
        type: 'HTTP_PROXY',
        integrationHttpMethod: httpMethod,
        uri: `${backend.url}${o.backendPath ?? '/items/{id}'}`,
        requestParameters: { 'integration.request.path.id': 'method.request.path.id', ...o.requestParameters },
        cacheKeyParameters: o.cacheKeyParameters ?? ['method.request.querystring.type'],
      }),
    );
  }
  await c.send(new CreateDeploymentCommand({ restApiId, stageName: STAGE, cacheClusterEnabled: o.cacheClusterEnabled ?? true, cacheClusterSize: '0.5' }));
  const settings = async (values: Record<string, string>) => {
    const patchOperations: PatchOperation[] = Object.entries(values).map(([path, value]) => ({ op: 'replace', path, value }));
    if (patchOperations.length) await c.send(new UpdateStageCommand({ restApiId, stageName: STAGE, patchOperations }));
  };
  await settings(o.settings ?? { '/*/*/caching/enabled': 'true' });
  return {
    restApiId,
    call: (path, call = {}) => http(server.g.url, { ...call, path: `/_aws/execute-api/${restApiId}/${STAGE}${path}` }),
    settings,
  };
}

/** What the backend echoed, and the `x-n` header the call sent (a header no cache key reads). */
const sentN = (res: HttpAnswer) => res.json<Echo>().headers['x-n'];

describe('API caching', () => {
  const server = useGatehouse({ inMemory: true });
  let backend: EchoBackend;
  before(async () => {
    backend = await startEchoBackend();
  });
  after(async () => {
    await backend.close();
  });

  /** Calls the backend received while `fn` ran. */
  async function backendCalls(fn: () => Promise<unknown>): Promise<number> {
    const before = backend.requests;
    await fn();
    return backend.requests - before;
  }

  test('a second identical GET is answered from the cache: the backend sees one call and the client the same answer', async () => {
    const api = await cachedApi(server, backend);
    let first: HttpAnswer | undefined;
    let second: HttpAnswer | undefined;
    const calls = await backendCalls(async () => {
      first = await api.call('/items/1?type=a', { headers: { 'x-n': '1' } });
      second = await api.call('/items/1?type=a', { headers: { 'x-n': '2' } });
    });
    assert.equal(calls, 1);
    assert.equal(first!.status, 200);
    assert.equal(second!.status, 200);
    assert.equal(sentN(second!), '1', 'the cached answer is the first call\'s');
    assert.equal(second!.text, first!.text);
    // Each answer still carries its own request id.
    assert.notEqual(second!.headers['x-amzn-requestid'], first!.headers['x-amzn-requestid']);
  });

  test('a request whose cache key parameters differ misses; parameters that are no key share the entry', async () => {
    const api = await cachedApi(server, backend);
    const calls = await backendCalls(async () => {
      await api.call('/items/1?type=a');
      assert.equal((await api.call('/items/1?type=b')).json<Echo>().args.type, 'b');
      // Neither the path parameter nor another query parameter is a cache key here, as on AWS.
      assert.equal((await api.call('/items/2?type=a&page=3')).json<Echo>().path, '/items/1');
    });
    assert.equal(calls, 2);
  });

  test('a header named in cacheKeyParameters keys the cache whatever its case', async () => {
    const api = await cachedApi(server, backend, { cacheKeyParameters: ['method.request.header.x-tenant', 'method.request.path.id'] });
    const calls = await backendCalls(async () => {
      await api.call('/items/1', { headers: { 'X-Tenant': 'red' } });
      await api.call('/items/1', { headers: { 'x-tenant': 'red' } });
      await api.call('/items/1', { headers: { 'x-tenant': 'blue' } });
      await api.call('/items/2', { headers: { 'x-tenant': 'blue' } });
      await api.call('/items/1'); // absent differs from every value
    });
    assert.equal(calls, 4);
  });

  test('a TTL of 0 turns caching off', async () => {
    const api = await cachedApi(server, backend, { settings: { '/*/*/caching/enabled': 'true', '/*/*/caching/ttlInSeconds': '0' } });
    assert.equal(await backendCalls(async () => (await api.call('/items/1?type=a'), await api.call('/items/1?type=a'), await api.call('/items/1?type=a'))), 3);
  });

  test('a stage without cacheClusterEnabled, or without caching in its method settings, caches nothing', async () => {
    const noCluster = await cachedApi(server, backend, { cacheClusterEnabled: false });
    assert.equal(await backendCalls(async () => (await noCluster.call('/items/1'), await noCluster.call('/items/1'))), 2);
    const noSetting = await cachedApi(server, backend, { settings: {} });
    assert.equal(await backendCalls(async () => (await noSetting.call('/items/1'), await noSetting.call('/items/1'))), 2);
  });

  test('POST is not cached by the stage-wide setting, only by a setting of its own', async () => {
    const api = await cachedApi(server, backend, { verbs: ['GET', 'POST'] });
    const post = () => api.call('/items/1?type=a', { method: 'POST', body: '{}' });
    assert.equal(await backendCalls(async () => (await post(), await post())), 2);
    await api.settings({ '/~1items~1{id}/POST/caching/enabled': 'true' });
    assert.equal(await backendCalls(async () => (await post(), await post())), 1);
    // GET and POST never answer each other's entries.
    assert.equal(await backendCalls(() => api.call('/items/1?type=a')), 1);
  });

  test('a method setting that turns caching off wins over the stage-wide one', async () => {
    const api = await cachedApi(server, backend, { settings: { '/*/*/caching/enabled': 'true', '/~1items~1{id}/GET/caching/enabled': 'false' } });
    assert.equal(await backendCalls(async () => (await api.call('/items/1'), await api.call('/items/1'))), 2);
  });

  describe('Cache-Control: max-age=0', () => {
    const fresh = { 'Cache-Control': 'max-age=0' };

    test('without requireAuthorizationForCacheControl, any caller refreshes the entry', async () => {
      const api = await cachedApi(server, backend, { settings: { '/*/*/caching/enabled': 'true', '/*/*/caching/requireAuthorizationForCacheControl': 'false' } });
      await api.call('/items/1', { headers: { 'x-n': '1' } });
      let refreshed: HttpAnswer | undefined;
      assert.equal(await backendCalls(async () => (refreshed = await api.call('/items/1', { headers: { ...fresh, 'x-n': '2' } }))), 1);
      assert.equal(sentN(refreshed!), '2');
      assert.equal(refreshed!.headers['warning'], undefined);
      // The fresh answer replaced the entry.
      let later: HttpAnswer | undefined;
      assert.equal(await backendCalls(async () => (later = await api.call('/items/1', { headers: { 'x-n': '3' } }))), 0);
      assert.equal(sentN(later!), '2');
    });

    test('an unauthorized caller is served from the cache with a Warning header by default (SUCCEED_WITH_RESPONSE_HEADER)', async () => {
      const api = await cachedApi(server, backend);
      await api.call('/items/1', { headers: { 'x-n': '1' } });
      let res: HttpAnswer | undefined;
      assert.equal(await backendCalls(async () => (res = await api.call('/items/1', { headers: { ...fresh, 'x-n': '2' } }))), 0);
      assert.equal(res!.status, 200);
      assert.equal(sentN(res!), '1');
      assert.equal(res!.headers['warning'], '199 Cache-control headers were ignored because the caller was unauthorized.');
      // The warning is this answer's, not the entry's.
      assert.equal((await api.call('/items/1')).headers['warning'], undefined);
    });

    test('SUCCEED_WITHOUT_RESPONSE_HEADER ignores the header silently', async () => {
      const api = await cachedApi(server, backend, {
        settings: { '/*/*/caching/enabled': 'true', '/*/*/caching/unauthorizedCacheControlHeaderStrategy': 'SUCCEED_WITHOUT_RESPONSE_HEADER' },
      });
      await api.call('/items/1');
      let res: HttpAnswer | undefined;
      assert.equal(await backendCalls(async () => (res = await api.call('/items/1', { headers: fresh }))), 0);
      assert.equal(res!.status, 200);
      assert.equal(res!.headers['warning'], undefined);
    });

    test('FAIL_WITH_403 refuses the request, and the backend is not called', async () => {
      const api = await cachedApi(server, backend, {
        settings: { '/*/*/caching/enabled': 'true', '/*/*/caching/unauthorizedCacheControlHeaderStrategy': 'FAIL_WITH_403' },
      });
      let res: HttpAnswer | undefined;
      assert.equal(await backendCalls(async () => (res = await api.call('/items/1', { headers: { 'cache-control': 'no-store, MAX-AGE=0' } }))), 0);
      assert.equal(res!.status, 403);
      // ACCESS_DENIED's default body, as the API's other 403s of that type (gateway-response.ts).
      assert.deepEqual(res!.json(), { Message: 'Unauthorized' });
      assert.equal(res!.headers['x-amzn-errortype'], 'AccessDeniedException');
      // Other Cache-Control values are no invalidation.
      assert.equal((await api.call('/items/1', { headers: { 'cache-control': 'max-age=10' } })).status, 200);
    });
  });

  test('FlushStageCache answers 202 and empties the stage cache', async () => {
    const api = await cachedApi(server, backend);
    await api.call('/items/1?type=a');
    await api.call('/items/1?type=b');
    assert.equal(await backendCalls(() => api.call('/items/1?type=a')), 0);
    const out = await server.client.send(new FlushStageCacheCommand({ restApiId: api.restApiId, stageName: STAGE }));
    assert.equal(out.$metadata.httpStatusCode, 202);
    assert.equal(await backendCalls(async () => (await api.call('/items/1?type=a'), await api.call('/items/1?type=b'))), 2);
    assert.equal(await backendCalls(() => api.call('/items/1?type=a')), 0);
  });

  test('FlushStageCache and FlushStageAuthorizersCache name an unknown stage or API as GetStage does', async () => {
    const api = await cachedApi(server, backend);
    for (const command of [
      new FlushStageCacheCommand({ restApiId: api.restApiId, stageName: 'nope' }),
      new FlushStageAuthorizersCacheCommand({ restApiId: api.restApiId, stageName: 'nope' }),
    ]) {
      await assert.rejects(server.client.send(command as FlushStageCacheCommand), (err: Error) => {
        assert.ok(err instanceof NotFoundException);
        assert.equal(err.message, 'Invalid Stage identifier specified');
        return true;
      });
    }
    await assert.rejects(server.client.send(new FlushStageCacheCommand({ restApiId: 'abcdefghij', stageName: STAGE })), NotFoundException);
    const out = await server.client.send(new FlushStageAuthorizersCacheCommand({ restApiId: api.restApiId, stageName: STAGE }));
    assert.equal(out.$metadata.httpStatusCode, 202);
  });

  test('a new deployment to the stage starts with an empty cache; other stage updates keep it', async () => {
    const api = await cachedApi(server, backend);
    await api.call('/items/1');
    await api.settings({ '/*/*/caching/ttlInSeconds': '600' });
    assert.equal(await backendCalls(() => api.call('/items/1')), 0);
    await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: STAGE }));
    assert.equal(await backendCalls(async () => (await api.call('/items/1'), await api.call('/items/1'))), 1);
  });

  test('a stage deleted and created again on the same deployment starts with an empty cache', async () => {
    const api = await cachedApi(server, backend);
    await api.call('/items/1');
    const { restApiId } = api;
    const { deploymentId, methodSettings } = await server.client.send(new GetStageCommand({ restApiId, stageName: STAGE }));
    assert.equal(methodSettings?.['*/*']?.cachingEnabled, true);
    await server.client.send(new DeleteStageCommand({ restApiId, stageName: STAGE }));
    await server.client.send(new CreateStageCommand({ restApiId, stageName: STAGE, deploymentId, cacheClusterEnabled: true }));
    await api.settings({ '/*/*/caching/enabled': 'true' });
    assert.equal(await backendCalls(async () => (await api.call('/items/1'), await api.call('/items/1'))), 1);
  });

  test('a new cache size starts with an empty cache', async () => {
    const api = await cachedApi(server, backend);
    await api.call('/items/1');
    await api.settings({ '/cacheClusterSize': '1.6' });
    assert.equal(await backendCalls(async () => (await api.call('/items/1'), await api.call('/items/1'))), 1);
  });

  test('the cache is bounded: the least recently used entries go, and an answer over 1,048,576 bytes is never kept', async () => {
    const caches = server.g.server.dataPlane.env.caches!;
    const bound = caches.maxStageBytes;
    // Lowered for this stage (its cache opens on its first request): room for two 2,000-byte answers, not three.
    caches.maxStageBytes = 5_000;
    let api: CachedApi;
    try {
      api = await cachedApi(server, backend, { backendPath: '/bytes/{id}', cacheKeyParameters: ['method.request.path.id'] });
      await api.call('/items/2000');
    } finally {
      caches.maxStageBytes = bound;
    }
    await api.call('/items/2001');
    assert.equal(await backendCalls(() => api.call('/items/2000')), 0, 'both fit');
    await api.call('/items/2002'); // evicts 2001, the least recently used
    assert.equal(await backendCalls(async () => (await api.call('/items/2000'), await api.call('/items/2002'))), 0);
    assert.equal(await backendCalls(() => api.call('/items/2001')), 1);

    const big = await cachedApi(server, backend, { backendPath: '/bytes/{id}', cacheKeyParameters: ['method.request.path.id'] });
    let res: HttpAnswer | undefined;
    assert.equal(await backendCalls(async () => (await big.call('/items/1048577'), (res = await big.call('/items/1048577')))), 2);
    assert.equal(res!.body.length, 1_048_577);
    assert.equal(await backendCalls(async () => (await big.call('/items/1048576'), await big.call('/items/1048576'))), 1);
  });

  test('hits and misses are counted per stage and method (CacheHitCount / CacheMissCount)', async () => {
    const api = await cachedApi(server, backend);
    await api.call('/items/1');
    await api.call('/items/1');
    await api.call('/items/1');
    const counters = server.g.server.dataPlane.env.caches!.metrics().filter((c) => c.apiId === api.restApiId);
    assert.deepEqual(counters, [{ apiId: api.restApiId, stageName: STAGE, method: 'GET', resource: '/items/{id}', hits: 2, misses: 1 }]);
  });

  describe('a canary', () => {
    async function withCanary(useStageCache: boolean): Promise<CachedApi> {
      const api = await cachedApi(server, backend);
      await server.client.send(
        new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: STAGE, canarySettings: { percentTraffic: 100, useStageCache } }),
      );
      return api;
    }

    test('without useStageCache, the canary\'s requests are not cached', async () => {
      const api = await withCanary(false);
      assert.equal(await backendCalls(async () => (await api.call('/items/1'), await api.call('/items/1'))), 2);
    });

    test('with useStageCache, the canary caches in a partition of its own', async () => {
      const api = await withCanary(true);
      assert.equal(await backendCalls(async () => (await api.call('/items/1'), await api.call('/items/1'))), 1);
      // Back on the stage's own deployment: the canary's entry does not answer it.
      await api.settings({ '/canarySettings/percentTraffic': '0' });
      assert.equal(await backendCalls(async () => (await api.call('/items/1'), await api.call('/items/1'))), 1);
    });
  });

  describe('behind a Lambda authorizer', () => {
    const lambda = lambdaClient(server);
    /** A TOKEN authorizer allowing the token 'allow', counting its calls (a warm instance keeps `calls`). */
    const AUTHORIZER = `let calls = 0;
export const handler = async (event) => {
  calls++;
  const effect = event.authorizationToken === 'allow' ? 'Allow' : 'Deny';
  return {
    principalId: 'user',
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: event.methodArn }] },
    context: { calls },
  };
};
`;
    let functionName = '';
    before(async () => {
      functionName = 'cache-authorizer';
      await lambda().send(
        new CreateFunctionCommand(createInput(functionName, { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { ZipFile: zipSync({ 'index.mjs': strToU8(AUTHORIZER) }) } })),
      );
    });
    const authorizer = (ttl: number) => async (restApiId: string) =>
      (
        await server.client.send(
          new CreateAuthorizerCommand({
            restApiId,
            name: 'auth',
            type: 'TOKEN',
            identitySource: 'method.request.header.Authorization',
            authorizerResultTtlInSeconds: ttl,
            authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:${functionName}/invocations`,
          }),
        )
      ).id!;

    test('the authorizer runs before the lookup: a denied caller never reads a cached answer', async () => {
      const api = await cachedApi(server, backend, { authorizerId: authorizer(0) });
      const allowed = await api.call('/items/1', { headers: { Authorization: 'allow' } });
      assert.equal(allowed.status, 200, allowed.text);
      let denied: HttpAnswer | undefined;
      assert.equal(await backendCalls(async () => (denied = await api.call('/items/1', { headers: { Authorization: 'deny' } }))), 0);
      assert.equal(denied!.status, 403);
      assert.equal(denied!.headers['x-amzn-errortype'], 'AccessDeniedException');
      assert.equal(await backendCalls(() => api.call('/items/1', { headers: { Authorization: 'allow' } })), 0);
    });

    test('FlushStageAuthorizersCache answers 202 and the next request calls the authorizer again', async () => {
      const api = await cachedApi(server, backend, {
        cacheClusterEnabled: false,
        authorizerId: authorizer(300),
        requestParameters: { 'integration.request.header.x-calls': 'context.authorizer.calls' },
      });
      const calls = async () => Number((await api.call('/items/1', { headers: { Authorization: 'allow' } })).json<Echo>().headers['x-calls']);
      const first = await calls();
      assert.equal(await calls(), first, 'the cached answer of the authorizer');
      const out = await server.client.send(new FlushStageAuthorizersCacheCommand({ restApiId: api.restApiId, stageName: STAGE }));
      assert.equal(out.$metadata.httpStatusCode, 202);
      assert.equal(await calls(), first + 1);
    });
  });
});

describe('the response cache itself (time given, not waited for)', () => {
  const answer = (bytes: number) => ({ statusCode: 200, headers: { 'Content-Type': ['text/plain'] }, body: Buffer.alloc(bytes, 'x') });

  test('an entry answers until its TTL is over, then never again', () => {
    const cache = new ResponseCache(10_000);
    cache.set('k', answer(10), 300_000, 1_000);
    assert.equal(cache.get('k', 300_999)?.body.length, 10);
    assert.equal(cache.get('k', 301_000), undefined);
    assert.equal(cache.size, 0);
    assert.equal(cache.bytes, 0);
  });

  test('reading an entry makes it the most recently used; replacing one counts its bytes once', () => {
    const cache = new ResponseCache(1_000);
    cache.set('a', answer(300), 1_000, 0);
    cache.set('b', answer(300), 1_000, 0);
    cache.get('a', 1);
    cache.set('a', answer(300), 1_000, 2); // replaced, not added
    cache.set('c', answer(300), 1_000, 3); // evicts b, the least recently used
    assert.deepEqual(['a', 'b', 'c'].map((k) => cache.get(k, 4) !== undefined), [true, false, true]);
    assert.ok(cache.bytes <= 1_000);
  });

  test('an answer larger than the cache or than 1,048,576 bytes is not kept, and drops what the key held', () => {
    const cache = new ResponseCache(2_000_000);
    cache.set('k', answer(10), 1_000, 0);
    assert.equal(cache.set('k', answer(1_048_577), 1_000, 0), false);
    assert.equal(cache.get('k', 1), undefined);
    assert.equal(new ResponseCache(100).set('k', answer(10), 1_000, 0), false);
  });
});

/**
 * The resource router on its own: which resource a (path, method) reaches, and the path
 * parameters it yields. Cases marked "AWS" were measured on real API Gateway (see router.ts).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceRouter } from '../../src/gateway/rest/router.js';

interface R {
  path: string;
  methods: Map<string, true>;
}

/** A router over `{path: [methods]}`, in the order given. */
function routerOf(table: Record<string, string[]>): ResourceRouter<R> {
  const router = new ResourceRouter<R>();
  for (const [path, methods] of Object.entries(table)) router.add(path, { path, methods: new Map(methods.map((m) => [m, true])) });
  return router;
}

/** Which resource path serves `method rawPath`, and with which parameters (undefined: none). */
function served(router: ResourceRouter<R>, method: string | undefined, rawPath: string) {
  const m = router.match(rawPath, method);
  return m && { path: m.resource.path, params: m.pathParameters };
}

describe('resource router', () => {
  test('a static part beats a {param}, which beats a {proxy+}', () => {
    const r = routerOf({ '/pets/dog': ['GET'], '/pets/{petId}': ['GET'], '/{proxy+}': ['GET'] });
    assert.deepEqual(served(r, 'GET', '/pets/dog'), { path: '/pets/dog', params: {} });
    assert.deepEqual(served(r, 'GET', '/pets/cat'), { path: '/pets/{petId}', params: { petId: 'cat' } });
    assert.deepEqual(served(r, 'GET', '/pets/cat/toys'), { path: '/{proxy+}', params: { proxy: 'pets/cat/toys' } });
  });

  test('a static branch that dead-ends backtracks into the {param} branch', () => {
    const r = routerOf({ '/a/b/d': ['GET'], '/a/{x}/c': ['GET'] });
    assert.deepEqual(served(r, 'GET', '/a/b/c'), { path: '/a/{x}/c', params: { x: 'b' } });
    assert.deepEqual(served(r, 'GET', '/a/b/d'), { path: '/a/b/d', params: {} });
    assert.equal(served(r, 'GET', '/a/b/e'), undefined);
  });

  test('path and method resolve together: a resource without the method yields to a less specific one (AWS)', () => {
    const r = routerOf({ '/{proxy+}': ['ANY'], '/jobs': [], '/jobs/{operation}': ['GET'], '/cors_only': ['OPTIONS'] });
    assert.deepEqual(served(r, 'GET', '/jobs/reboot'), { path: '/jobs/{operation}', params: { operation: 'reboot' } });
    assert.deepEqual(served(r, 'GET', '/jobs'), { path: '/{proxy+}', params: { proxy: 'jobs' } });
    assert.deepEqual(served(r, 'POST', '/jobs'), { path: '/{proxy+}', params: { proxy: 'jobs' } });
    assert.deepEqual(served(r, 'POST', '/jobs/reboot'), { path: '/{proxy+}', params: { proxy: 'jobs/reboot' } });
    assert.deepEqual(served(r, 'GET', '/cors_only'), { path: '/{proxy+}', params: { proxy: 'cors_only' } });
    assert.deepEqual(served(r, 'OPTIONS', '/cors_only'), { path: '/cors_only', params: {} });
  });

  test('a literal yields to its {param} sibling for a method only the sibling has (AWS)', () => {
    const r = routerOf({ '/users/{userId}': ['GET'], '/users/me': ['PATCH'] });
    assert.deepEqual(served(r, 'GET', '/users/me'), { path: '/users/{userId}', params: { userId: 'me' } });
    assert.deepEqual(served(r, 'PATCH', '/users/me'), { path: '/users/me', params: {} });
    assert.equal(served(r, 'POST', '/users/me'), undefined, 'nothing has POST: Missing Authentication Token');
  });

  test('ANY serves every method; HEAD is not served by GET alone', () => {
    const r = routerOf({ '/any': ['ANY'], '/get': ['GET'] });
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']) assert.equal(served(r, m, '/any')?.path, '/any', m);
    assert.equal(served(r, 'HEAD', '/get'), undefined);
  });

  test('{proxy+} needs at least one segment: it does not serve its parent', () => {
    const r = routerOf({ '/': [], '/{proxy+}': ['ANY'] });
    assert.equal(served(r, 'GET', '/'), undefined);
    assert.equal(served(r, 'GET', ''), undefined);
    const withRoot = routerOf({ '/': ['GET'], '/{proxy+}': ['ANY'] });
    assert.deepEqual(served(withRoot, 'GET', '/'), { path: '/', params: {} });
  });

  test('trailing slashes are ignored, also in a greedy value (recorded: invocation-payload-with-trailing-slash)', () => {
    const r = routerOf({ '/pets': ['GET'], '/pets/{petId}': ['GET'], '/{proxy+}': ['ANY'] });
    assert.deepEqual(served(r, 'GET', '/pets/'), { path: '/pets', params: {} });
    assert.deepEqual(served(r, 'GET', '/pets/1//'), { path: '/pets/{petId}', params: { petId: '1' } });
    assert.deepEqual(served(r, 'GET', '/proxy-value/'), { path: '/{proxy+}', params: { proxy: 'proxy-value' } });
  });

  test('leading slashes are ignored; an empty segment inside the path is kept by a greedy value only (recorded)', () => {
    const r = routerOf({ '/a/b': ['GET'], '/{proxy+}': ['GET'] });
    assert.deepEqual(served(r, 'GET', '//a/b'), { path: '/a/b', params: {} });
    assert.deepEqual(served(r, 'GET', '/a//b'), { path: '/{proxy+}', params: { proxy: 'a//b' } });
    assert.deepEqual(served(r, 'GET', '/proxy-value//double-slash'), { path: '/{proxy+}', params: { proxy: 'proxy-value//double-slash' } });
    const noGreedy = routerOf({ '/a/b': ['GET'], '/a/{x}/b': ['GET'] });
    assert.equal(served(noGreedy, 'GET', '/a//b'), undefined);
  });

  test('path parameters keep their URL-encoding; an encoded slash stays inside its segment (recorded)', () => {
    const r = routerOf({ '/foo/{param}': ['PUT'], '/proxy/{proxy+}': ['DELETE'] });
    assert.deepEqual(served(r, 'PUT', '/foo/foo%2Fbar'), { path: '/foo/{param}', params: { param: 'foo%2Fbar' } });
    assert.deepEqual(served(r, 'PUT', '/foo/a%20b'), { path: '/foo/{param}', params: { param: 'a%20b' } });
    assert.deepEqual(served(r, 'DELETE', '/proxy/user/test%2Balias@gmail.com/plus/test+alias@gmail.com'), {
      path: '/proxy/{proxy+}',
      params: { proxy: 'user/test%2Balias@gmail.com/plus/test+alias@gmail.com' },
    });
  });

  test('a static part may be sent with its unreserved characters percent-encoded, never with an encoded slash', () => {
    const r = routerOf({ '/pets': ['GET'], '/a/b': ['GET'], '/{x}': ['GET'] });
    assert.deepEqual(served(r, 'GET', '/p%65ts'), { path: '/pets', params: {} });
    assert.deepEqual(served(r, 'GET', '/a%2Fb'), { path: '/{x}', params: { x: 'a%2Fb' } });
    assert.deepEqual(served(r, 'GET', '/%zz'), { path: '/{x}', params: { x: '%zz' } }, 'a malformed escape is only a value');
  });

  test('paths are case-sensitive', () => {
    const r = routerOf({ '/pets': ['GET'] });
    assert.equal(served(r, 'GET', '/Pets'), undefined);
    assert.equal(served(r, 'GET', '/PETS'), undefined);
  });

  test('several parameters along the path are all collected', () => {
    const r = routerOf({ '/users/{userId}/posts/{postId}': ['GET'], '/users/{userId}/files/{path+}': ['GET'] });
    assert.deepEqual(served(r, 'GET', '/users/7/posts/9'), { path: '/users/{userId}/posts/{postId}', params: { userId: '7', postId: '9' } });
    assert.deepEqual(served(r, 'GET', '/users/7/files/a/b.txt'), { path: '/users/{userId}/files/{path+}', params: { userId: '7', path: 'a/b.txt' } });
  });

  test('without a method any resource matches, methods or not (TestInvokeMethod reading path parameters)', () => {
    const r = routerOf({ '/pets/{petId}': [] });
    assert.deepEqual(served(r, undefined, '/pets/123'), { path: '/pets/{petId}', params: { petId: '123' } });
    assert.deepEqual(served(r, undefined, '/pets/{petId}'), { path: '/pets/{petId}', params: { petId: '{petId}' } });
    assert.equal(served(r, undefined, '/random/test'), undefined);
  });

  test('every resource added is listed, in order', () => {
    const r = routerOf({ '/': [], '/a': ['GET'], '/a/{b}': [] });
    assert.deepEqual(r.resources.map((x) => x.path), ['/', '/a', '/a/{b}']);
  });
});

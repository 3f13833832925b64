/**
 * Routing as a client sees it over HTTP: which method of a deployed API answers a URL, and what
 * AWS answers when nothing does (an unknown API, stage, path or method).
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse, type Server } from '../helpers/gatehouse.js';
import { http, type HttpAnswer } from '../helpers/http.js';

/** A GET whose request target starts with '//' (the http helper would read that as a host). */
function rawGet(base: string, target: string, host: string): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname: u.hostname, port: u.port, path: target, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** A MOCK method answering 200 with which resource and method served it, and `param`'s value. */
async function mockMethod(server: Server, restApiId: string, resourceId: string, httpMethod: string, param = '') {
  const c = server.client;
  const at = { restApiId, resourceId, httpMethod };
  await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
  await c.send(new PutIntegrationCommand({ ...at, type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await c.send(new PutMethodResponseCommand({ ...at, statusCode: '200' }));
  const template = `{"served": "${httpMethod} $context.resourcePath"${param ? `, "${param}": "$input.params('${param}')"` : ''}}`;
  await c.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': template } }));
}

/** Creates the resources of `paths` (parents first) and answers their ids by path. */
async function resources(server: Server, restApiId: string, rootId: string, paths: string[]): Promise<Map<string, string>> {
  const ids = new Map([['/', rootId]]);
  for (const path of paths) {
    const cut = path.lastIndexOf('/');
    const parentId = ids.get(path.slice(0, cut) || '/')!;
    const r = await server.client.send(new CreateResourceCommand({ restApiId, parentId, pathPart: path.slice(cut + 1) }));
    ids.set(path, r.id!);
  }
  return ids;
}

describe('routing a request to a method', () => {
  const server = useGatehouse({ inMemory: true });
  let apiId = '';
  const call = (path: string, method = 'GET', host?: string): Promise<HttpAnswer> =>
    host ? http(server.g.url, { method, path, host }) : http(server.g.url, { method, path: `/_aws/execute-api/${apiId}${path}` });
  const servedBy = async (path: string, method = 'GET') => {
    const res = await call(path, method);
    assert.equal(res.status, 200, `${method} ${path}: ${res.text}`);
    return res.json<Record<string, string>>();
  };

  before(async () => {
    const { restApiId, rootId } = await createRestApi(server.client, 'routing');
    apiId = restApiId;
    const ids = await resources(server, restApiId, rootId, ['/pets', '/pets/dog', '/pets/{petId}', '/{proxy+}', '/users', '/users/me', '/users/{userId}', '/both']);
    await mockMethod(server, restApiId, ids.get('/pets')!, 'GET');
    await mockMethod(server, restApiId, ids.get('/pets/dog')!, 'GET');
    await mockMethod(server, restApiId, ids.get('/pets/{petId}')!, 'GET', 'petId');
    await mockMethod(server, restApiId, ids.get('/{proxy+}')!, 'ANY', 'proxy');
    await mockMethod(server, restApiId, ids.get('/users/me')!, 'PATCH');
    await mockMethod(server, restApiId, ids.get('/users/{userId}')!, 'GET', 'userId');
    await mockMethod(server, restApiId, ids.get('/both')!, 'GET');
    await mockMethod(server, restApiId, ids.get('/both')!, 'ANY');
    await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  });

  test('a static path part beats a {param}, which beats {proxy+}', async () => {
    assert.deepEqual(await servedBy('/prod/pets/dog'), { served: 'GET /pets/dog' });
    assert.deepEqual(await servedBy('/prod/pets/cat'), { served: 'GET /pets/{petId}', petId: 'cat' });
    assert.deepEqual(await servedBy('/prod/pets/cat/toys'), { served: 'ANY /{proxy+}', proxy: 'pets/cat/toys' });
  });

  test('a method the specific resource lacks is served by the less specific one that has it', async () => {
    assert.deepEqual(await servedBy('/prod/pets', 'POST'), { served: 'ANY /{proxy+}', proxy: 'pets' });
    assert.deepEqual(await servedBy('/prod/users/me'), { served: 'GET /users/{userId}', userId: 'me' });
    assert.deepEqual(await servedBy('/prod/users/me', 'PATCH'), { served: 'PATCH /users/me' });
    assert.deepEqual(await servedBy('/prod/users', 'DELETE'), { served: 'ANY /{proxy+}', proxy: 'users' });
  });

  test('on one resource the exact method wins over ANY', async () => {
    assert.deepEqual(await servedBy('/prod/both'), { served: 'GET /both' });
    assert.deepEqual(await servedBy('/prod/both', 'PUT'), { served: 'ANY /both' });
  });

  test('trailing slashes and doubled slashes route as AWS routes them', async () => {
    assert.deepEqual(await servedBy('/prod/pets/'), { served: 'GET /pets' });
    assert.deepEqual(await servedBy('/prod//pets'), { served: 'GET /pets' });
    assert.deepEqual(await servedBy('/prod/a//b/'), { served: 'ANY /{proxy+}', proxy: 'a//b' });
    // Recorded on AWS: a slash before the stage (//prod/...) changes nothing.
    const byHost = await rawGet(server.g.url, '//prod/pets/dog', `${apiId}.execute-api.localhost:4566`);
    assert.equal(byHost.status, 200, byHost.body);
    assert.deepEqual(JSON.parse(byHost.body), { served: 'GET /pets/dog' });
  });

  test('URL-encoded segments reach the parameter as sent, an encoded slash included', async () => {
    assert.deepEqual(await servedBy('/prod/pets/a%2Fb'), { served: 'GET /pets/{petId}', petId: 'a%2Fb' });
    assert.deepEqual(await servedBy('/prod/pets/d%6Fg'), { served: 'GET /pets/dog' });
  });

  test('paths are case-sensitive: /PETS is not /pets', async () => {
    assert.deepEqual(await servedBy('/prod/PETS'), { served: 'ANY /{proxy+}', proxy: 'PETS' });
  });

  test('the API id in the path is case-insensitive, like a host name', async () => {
    const res = await http(server.g.url, { path: `/_aws/execute-api/${apiId.toUpperCase()}/prod/pets` });
    assert.deepEqual(res.json(), { served: 'GET /pets' });
  });

  test('HEAD is served by a HEAD or ANY method, with the headers and no body', async () => {
    const res = await call('/prod/pets/x/y', 'HEAD');
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.ok(Number(res.headers['content-length']) > 0);
  });

  test('OPTIONS is a method like any other: here the ANY of {proxy+} serves it', async () => {
    assert.deepEqual(await servedBy('/prod/pets/dog', 'OPTIONS'), { served: 'ANY /{proxy+}', proxy: 'pets/dog' });
  });

  test('a stage the API does not have is 403 Forbidden, stage names being case-sensitive', async () => {
    for (const path of ['/dev/pets', '/Prod/pets', '/']) {
      const res = await call(path);
      assert.equal(res.status, 403, path);
      assert.deepEqual(res.json(), { message: 'Forbidden' }, path);
      assert.equal(res.headers['x-amzn-errortype'], 'ForbiddenException', path);
      assert.ok(res.headers['x-amzn-requestid'], path);
    }
    const noStage = await call('/', 'GET', `${apiId}.execute-api.localhost:4566`);
    assert.equal(noStage.status, 403);
    assert.deepEqual(noStage.json(), { message: 'Forbidden' });
  });

  test('an API id Gatehouse does not hold is 404 naming it', async () => {
    const res = await http(server.g.url, { path: '/_aws/execute-api/nosuchapi0/prod/pets' });
    assert.equal(res.status, 404);
    assert.deepEqual(res.json(), { message: "The API id 'nosuchapi0' does not correspond to a deployed API Gateway API" });
  });
});

describe('routing without a catch-all', () => {
  const server = useGatehouse({ inMemory: true });
  let apiId = '';

  before(async () => {
    const { restApiId, rootId } = await createRestApi(server.client, 'no-proxy');
    apiId = restApiId;
    const ids = await resources(server, restApiId, rootId, ['/pets', '/pets/{petId}']);
    await mockMethod(server, restApiId, ids.get('/pets')!, 'GET');
    await mockMethod(server, restApiId, ids.get('/pets/{petId}')!, 'GET', 'petId');
    await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
  });

  test('no resource with the method answers 403 Missing Authentication Token', async () => {
    const cases: [string, string][] = [
      ['GET', '/prod/PETS'],
      ['GET', '/prod/'],
      ['POST', '/prod/pets'],
      ['HEAD', '/prod/pets'],
      // REST APIs add no CORS preflight by themselves: OPTIONS needs a method.
      ['OPTIONS', '/prod/pets'],
      ['GET', '/prod/pets/1/2'],
      ['GET', '/prod/pets//1'],
    ];
    for (const [method, path] of cases) {
      const res = await http(server.g.url, { method, path: `/_aws/execute-api/${apiId}${path}` });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException', `${method} ${path}`);
      if (method !== 'HEAD') assert.deepEqual(res.json(), { message: 'Missing Authentication Token' });
    }
  });
});

/**
 * HTTP APIs on the data plane: quick create then a plain HTTP call, route selection in the
 * guide's order (full match over greedy over `$default`, static over `{param}`, method over ANY),
 * 404 {"message":"Not Found"}, trailing slashes, the `$default` stage without a path segment and
 * named stages with one, stage variables, and deployments (a stage serves its snapshot; autoDeploy
 * stages follow every change). The integration is an HTTP_PROXY to an echo backend, so what the
 * backend received names the route that answered.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteApiCommand,
  UpdateApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { startEchoBackend, type Echo, type EchoBackend } from '../../helpers/echo-backend.js';
import { http } from '../../helpers/http.js';
import { callApi, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();
let backend: EchoBackend;
before(async () => {
  backend = await startEchoBackend();
});
after(async () => {
  await backend?.close();
});

/** An API whose routes each proxy to `{backend}/{tag}`, so the echo's path names the route. */
async function apiWithRoutes(routeKeys: string[], stage: { name: string; autoDeploy: boolean; variables?: Record<string, string> } = { name: '$default', autoDeploy: true }): Promise<string> {
  const api = await server.v2.send(new CreateApiCommand({ Name: 'routes', ProtocolType: 'HTTP' }));
  const apiId = api.ApiId!;
  for (const [i, key] of routeKeys.entries()) {
    const integration = await server.v2.send(
      new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backend.url}/route${i}`, PayloadFormatVersion: '1.0' }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key, Target: `integrations/${integration.IntegrationId}` }));
  }
  await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: stage.name, AutoDeploy: stage.autoDeploy, StageVariables: stage.variables }));
  if (!stage.autoDeploy) {
    const d = await server.v2.send(new CreateDeploymentCommand({ ApiId: apiId }));
    await server.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: stage.name, DeploymentId: d.DeploymentId }));
  }
  return apiId;
}

/** Which route (by index in the list) answered, from the path the backend saw; -1 for an answer of API Gateway's own. */
async function routed(apiId: string, method: string, path: string): Promise<number> {
  const res = await callApi(server, apiId, path, { method });
  if (res.status === 404 && res.text === '{"message":"Not Found"}') return -1;
  assert.equal(res.status, 200, res.text);
  const echo = res.json<Echo>();
  return Number(/^\/route(\d+)/.exec(echo.path)![1]);
}

describe('quick create', () => {
  test('create-api --target https://... then curl: the $default route and stage answer at once', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: backend.url }));
    const res = await callApi(server, api.ApiId!, '/items/7?x=1', { method: 'POST', body: 'hi', headers: { 'content-type': 'text/plain' } });
    assert.equal(res.status, 200, res.text);
    const echo = res.json<Echo>();
    // The $default route sends the whole request path to the integration.
    assert.equal(echo.path, '/items/7');
    assert.equal(echo.query, 'x=1');
    assert.equal(echo.method, 'POST');
    assert.equal(echo.body, 'hi');
    assert.match(String(res.headers['apigw-requestid']), /^[A-Za-z0-9_-]{15}=$/);
    // The path-style URL reaches the same API.
    const viaPath = await http(server.g.url, { path: `/_aws/execute-api/${api.ApiId}/items/8` });
    assert.equal(viaPath.status, 200);
    assert.equal(viaPath.json<Echo>().path, '/items/8');
  });

  test('UpdateApi with a new target is served as soon as it commits (auto-deploy)', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'quick2', ProtocolType: 'HTTP', Target: `${backend.url}/one` }));
    assert.equal((await callApi(server, api.ApiId!, '/')).json<Echo>().path, '/one/');
    await server.v2.send(new UpdateApiCommand({ ApiId: api.ApiId!, Target: `${backend.url}/two` }));
    assert.equal((await callApi(server, api.ApiId!, '/x')).json<Echo>().path, '/two/x');
  });

  test('a deleted API answers as an unknown one', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'gone', ProtocolType: 'HTTP', Target: backend.url }));
    assert.equal((await callApi(server, api.ApiId!, '/')).status, 200);
    await server.v2.send(new DeleteApiCommand({ ApiId: api.ApiId! }));
    assert.notEqual((await callApi(server, api.ApiId!, '/')).status, 200);
  });
});

describe('route selection', () => {
  test("the guide's example table", async () => {
    const apiId = await apiWithRoutes(['GET /pets/dog/1', 'GET /pets/dog/{id}', 'GET /pets/{proxy+}', 'ANY /{proxy+}', '$default']);
    assert.equal(await routed(apiId, 'GET', '/pets/dog/1'), 0);
    assert.equal(await routed(apiId, 'GET', '/pets/dog/2'), 1);
    assert.equal(await routed(apiId, 'GET', '/pets/cat/1'), 2);
    assert.equal(await routed(apiId, 'POST', '/test/5'), 3);
    // Nothing greedy takes '/': the $default route does.
    assert.equal(await routed(apiId, 'GET', '/'), 4);
  });

  test('static before {param}, method before ANY, full match before greedy; no match is 404 Not Found', async () => {
    const apiId = await apiWithRoutes(['ANY /items/{id}', 'GET /items/{id}', 'GET /items/special', 'ANY /items/{proxy+}', 'GET /other']);
    assert.equal(await routed(apiId, 'GET', '/items/special'), 2);
    assert.equal(await routed(apiId, 'GET', '/items/7'), 1);
    assert.equal(await routed(apiId, 'DELETE', '/items/7'), 0);
    assert.equal(await routed(apiId, 'POST', '/items/special'), 0);
    assert.equal(await routed(apiId, 'GET', '/items/7/parts'), 3);
    assert.equal(await routed(apiId, 'POST', '/other'), -1);
    assert.equal(await routed(apiId, 'GET', '/nothing'), -1);
    const res = await callApi(server, apiId, '/nothing');
    assert.equal(res.status, 404);
    assert.equal(res.text, '{"message":"Not Found"}');
    assert.equal(res.headers['content-type'], 'application/json');
  });

  test('a trailing slash routes as the path without it; encoded segments match decoded', async () => {
    const apiId = await apiWithRoutes(['GET /pets', 'GET /pets/{name}']);
    assert.equal(await routed(apiId, 'GET', '/pets/'), 0);
    assert.equal(await routed(apiId, 'GET', '/pets/a%20b'), 1);
  });

  test('path variables fill the integration URI', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'vars', ProtocolType: 'HTTP' }));
    const integration = await server.v2.send(
      new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backend.url}/store/{id}/x/{proxy}`, PayloadFormatVersion: '1.0' }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: 'GET /pets/{id}/{proxy+}', Target: `integrations/${integration.IntegrationId}` }));
    await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true }));
    const res = await callApi(server, api.ApiId!, '/pets/7/a/b?q=1');
    assert.equal(res.json<Echo>().path, '/store/7/x/a/b');
    assert.equal(res.json<Echo>().query, 'q=1');
  });
});

describe('stages', () => {
  test('a named stage is the first path segment; other paths go to $default; no stage is 404', async () => {
    const apiId = await apiWithRoutes(['GET /a'], { name: 'dev', autoDeploy: true });
    assert.equal(await routed(apiId, 'GET', '/dev/a'), 0);
    // No $default stage: nothing takes a path without the stage.
    assert.equal(await routed(apiId, 'GET', '/a'), -1);
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    assert.equal(await routed(apiId, 'GET', '/a'), 0);
    assert.equal(await routed(apiId, 'GET', '/dev/a'), 0);
  });

  test("a named stage's $default route sends the path with the stage segment; $request.path maps it without", async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'named-default', ProtocolType: 'HTTP' }));
    const plain = await server.v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: backend.url, PayloadFormatVersion: '1.0' }));
    await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: '$default', Target: `integrations/${plain.IntegrationId}` }));
    const mapped = await server.v2.send(
      new CreateIntegrationCommand({
        ApiId: api.ApiId!,
        IntegrationType: 'HTTP_PROXY',
        IntegrationMethod: 'ANY',
        IntegrationUri: backend.url,
        PayloadFormatVersion: '1.0',
        RequestParameters: { 'overwrite:path': '$request.path' },
      }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: 'GET /mapped/{proxy+}', Target: `integrations/${mapped.IntegrationId}` }));
    await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: 'dev', AutoDeploy: true }));
    assert.equal((await callApi(server, api.ApiId!, '/dev/a/b')).json<Echo>().path, '/dev/a/b');
    assert.equal((await callApi(server, api.ApiId!, '/dev/mapped/c')).json<Echo>().path, '/mapped/c');
  });

  test('stage variables in the integration URI', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'stagevars', ProtocolType: 'HTTP' }));
    const integration = await server.v2.send(
      new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'GET', IntegrationUri: `${backend.url}/\${stageVariables.where}/x`, PayloadFormatVersion: '1.0' }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: 'GET /v', Target: `integrations/${integration.IntegrationId}` }));
    await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: 'prod', AutoDeploy: true, StageVariables: { where: 'production' } }));
    assert.equal((await callApi(server, api.ApiId!, '/prod/v')).json<Echo>().path, '/production/x');
    // Stage settings act at once, without a deployment.
    await server.v2.send(new UpdateStageCommand({ ApiId: api.ApiId!, StageName: 'prod', StageVariables: { where: 'elsewhere' } }));
    assert.equal((await callApi(server, api.ApiId!, '/prod/v')).json<Echo>().path, '/elsewhere/x');
  });

  test('without autoDeploy a stage serves its deployment until the next one', async () => {
    const apiId = await apiWithRoutes(['GET /a'], { name: 'live', autoDeploy: false });
    const integration = await server.v2.send(
      new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backend.url}/route1`, PayloadFormatVersion: '1.0' }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /b', Target: `integrations/${integration.IntegrationId}` }));
    assert.equal(await routed(apiId, 'GET', '/live/b'), -1);
    const d = await server.v2.send(new CreateDeploymentCommand({ ApiId: apiId }));
    await server.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'live', DeploymentId: d.DeploymentId }));
    assert.equal(await routed(apiId, 'GET', '/live/b'), 1);
  });

  test('disableExecuteApiEndpoint: the execute-api endpoint answers 403 Forbidden', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'private', ProtocolType: 'HTTP', Target: backend.url, DisableExecuteApiEndpoint: true }));
    const res = await callApi(server, api.ApiId!, '/x');
    assert.equal(res.status, 403);
    assert.equal(res.text, '{"message":"Forbidden"}');
  });
});

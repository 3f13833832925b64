/**
 * HTTP API stage settings on the data plane: route-level throttling (routeSettings for a route
 * key, else defaultRouteSettings; over the limit 429 {"message":"Too Many Requests"}) and access
 * logs with the HTTP API `$context` variables in the destination log group, both acting without
 * a new deployment.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.js';
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

async function twoRoutes(): Promise<string> {
  const api = await server.v2.send(new CreateApiCommand({ Name: 'settings', ProtocolType: 'HTTP' }));
  const integration = await server.v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backend.url}/x`, PayloadFormatVersion: '1.0' }));
  for (const key of ['GET /slow', 'GET /fast']) await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: key, Target: `integrations/${integration.IntegrationId}` }));
  await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true }));
  return api.ApiId!;
}

describe('stage settings', () => {
  test('routeSettings throttle their route; defaultRouteSettings the others', async () => {
    const apiId = await twoRoutes();
    // A burst of 2 and a rate that refills nothing within the test.
    await server.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: '$default', RouteSettings: { 'GET /slow': { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 0.001 } } }));
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await callApi(server, apiId, '/slow')).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    const limited = await callApi(server, apiId, '/slow');
    assert.equal(limited.text, '{"message":"Too Many Requests"}');
    for (let i = 0; i < 5; i++) assert.equal((await callApi(server, apiId, '/fast')).status, 200);
    await server.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: '$default', DefaultRouteSettings: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.001 } }));
    assert.equal((await callApi(server, apiId, '/fast')).status, 200);
    assert.equal((await callApi(server, apiId, '/fast')).status, 429);
  });

  test('access logs with $context variables', async () => {
    const apiId = await twoRoutes();
    const group = `http-api-access-${apiId}`;
    await server.v2.send(
      new UpdateStageCommand({
        ApiId: apiId,
        StageName: '$default',
        AccessLogSettings: {
          DestinationArn: `arn:aws:logs:us-east-1:000000000000:log-group:${group}`,
          Format: '{"requestId":"$context.requestId","routeKey":"$context.routeKey","status":"$context.status","method":"$context.httpMethod","path":"$context.path","ip":"$context.identity.sourceIp","missing":"$context.authorizer.claims.sub"}',
        },
      }),
    );
    const res = await callApi(server, apiId, '/fast');
    const notFound = await callApi(server, apiId, '/none', { method: 'POST' });
    const logs = await http(server.g.url, { path: `/_gatehouse/logs/${encodeURIComponent(group)}` });
    assert.equal(logs.status, 200, logs.text);
    const lines = logs.text.split('\n').filter(Boolean).map((l) => JSON.parse(JSON.parse(l).message));
    assert.deepEqual(lines, [
      { requestId: res.headers['apigw-requestid'], routeKey: 'GET /fast', status: '200', method: 'GET', path: '/fast', ip: '127.0.0.1', missing: '-' },
      { requestId: notFound.headers['apigw-requestid'], routeKey: '-', status: '404', method: 'POST', path: '/none', ip: '127.0.0.1', missing: '-' },
    ]);
  });
});

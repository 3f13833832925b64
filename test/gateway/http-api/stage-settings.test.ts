/**
 * HTTP API stage settings on the data plane: route-level throttling (routeSettings for a route
 * key, else defaultRouteSettings; over the limit 429 {"message":"Too Many Requests"}), the
 * account-level throttle REST and HTTP APIs of a region share (UpdateAccount), and access
 * logs with the HTTP API `$context` variables in the destination log group, both acting without
 * a new deployment.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import { deployApi } from '../../helpers/deployed-api.js';
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.js';
import { http, type HttpAnswer } from '../../helpers/http.js';
import { callApi, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();
let backend: EchoBackend;
before(async () => {
  backend = await startEchoBackend();
});
after(async () => {
  await backend?.close();
});

async function twoRoutes(v2: ApiGatewayV2Client = server.v2): Promise<string> {
  const api = await v2.send(new CreateApiCommand({ Name: 'settings', ProtocolType: 'HTTP' }));
  const integration = await v2.send(new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backend.url}/x`, PayloadFormatVersion: '1.0' }));
  for (const key of ['GET /slow', 'GET /fast']) await v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: key, Target: `integrations/${integration.IntegrationId}` }));
  await v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true }));
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

/** How many of `answers` were refused with 429 {"message":"Too Many Requests"} (anything but 200 or that fails the test). */
function refused(answers: HttpAnswer[]): number {
  let count = 0;
  for (const a of answers) {
    if (a.status === 200) continue;
    assert.equal(a.status, 429, a.text);
    assert.equal(a.text, '{"message":"Too Many Requests"}');
    count++;
  }
  return count;
}

describe('account-level throttle (its own region, so no other test shares the bucket)', () => {
  const region = 'ap-southeast-2';

  test("HTTP APIs take from the account's bucket, which the region's REST APIs share; other regions are not touched", async () => {
    const v2 = new ApiGatewayV2Client({ ...server.g.clientConfig({ region }), maxAttempts: 1 });
    const v1 = server.g.apigateway({ region });
    try {
      const apiId = await twoRoutes(v2);
      const rest = await deployApi(
        { g: server.g, client: v1 },
        { methods: [{ path: '/pets', integration: { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, responses: [{ statusCode: '200', selectionPattern: '' }] }] },
      );
      const httpCalls = (n: number) => Promise.all(Array.from({ length: n }, () => callApi(server, apiId, '/fast')));
      // AWS's default (10,000 req/s, burst 5,000) lets these through.
      assert.equal(refused(await httpCalls(10)), 0);
      // A burst of 6 that refills one token per 100 s: nothing arrives while the test runs.
      await v1.send(
        new UpdateAccountCommand({
          patchOperations: [
            { op: 'replace', path: '/throttle/burstLimit', value: '6' },
            { op: 'replace', path: '/throttle/rateLimit', value: '0.01' },
          ],
        }),
      );
      assert.equal(refused(await httpCalls(4)), 0);
      // 2 tokens are left for REST and HTTP APIs together.
      const restAnswers = await Promise.all([rest.call('/pets'), rest.call('/pets')]);
      assert.deepEqual(restAnswers.map((a) => a.status), [200, 200]);
      assert.equal(refused(await httpCalls(3)), 3);
      const restRefused = await rest.call('/pets');
      assert.equal(restRefused.status, 429, restRefused.text);
      // Another region's account is not throttled by it.
      const elsewhere = await twoRoutes();
      assert.equal(refused(await Promise.all(Array.from({ length: 8 }, () => callApi(server, elsewhere, '/fast')))), 0);
      await v1.send(
        new UpdateAccountCommand({
          patchOperations: [
            { op: 'replace', path: '/throttle/rateLimit', value: '10000' },
            { op: 'replace', path: '/throttle/burstLimit', value: '5000' },
          ],
        }),
      );
      assert.equal(refused(await httpCalls(5)), 0);
    } finally {
      v2.destroy();
      v1.destroy();
    }
  });
});

/**
 * Every apigatewayv2 operation, sent as the smallest request the model accepts but aimed at real
 * ids (an HTTP and a WebSocket API with a route, an integration, an authorizer, a stage...),
 * answers with AWS's errors or a success, never a 500; and a rejected write leaves the API as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateIntegrationResponseCommand,
  CreateModelCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { fakeAuthorization, modelRequest, operations } from '../../helpers/model-requests.js';
import { LAMBDA_INVOKE_URI, httpApi, proxyRoute, useV2Gatehouse, webSocketApi } from './helpers.js';
import { API_CHILD_KINDS, KIND } from '../../../src/definitions/apigatewayv2.js';

const server = useV2Gatehouse();
const scope = { account: '000000000000', region: 'us-east-1' };

async function populated(client: ApiGatewayV2Client, websocket: boolean): Promise<Record<string, string>> {
  const apiId = websocket ? await webSocketApi(client) : await httpApi(client);
  const { integrationId, routeId } = await proxyRoute(client, apiId, websocket ? 'send' : 'GET /pets');
  const authorizer = await client.send(new CreateAuthorizerCommand(
    websocket
      ? { ApiId: apiId, Name: 'a', AuthorizerType: 'REQUEST', AuthorizerUri: LAMBDA_INVOKE_URI, IdentitySource: ['route.request.header.Auth'] }
      : { ApiId: apiId, Name: 'a', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://issuer.example.com', Audience: ['x'] } },
  ));
  const labels: Record<string, string> = { apiId, integrationId, routeId, authorizerId: authorizer.AuthorizerId!, stageName: 'prod', routeKey: websocket ? 'send' : 'GET /pets' };
  await client.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod' }));
  labels.deploymentId = (await client.send(new CreateDeploymentCommand({ ApiId: apiId }))).DeploymentId!;
  if (websocket) {
    labels.modelId = (await client.send(new CreateModelCommand({ ApiId: apiId, Name: 'M', Schema: '{"type":"object"}' }))).ModelId!;
    labels.routeResponseId = (await client.send(new CreateRouteResponseCommand({ ApiId: apiId, RouteId: routeId, RouteResponseKey: '$default' }))).RouteResponseId!;
    labels.integrationResponseId = (await client.send(new CreateIntegrationResponseCommand({ ApiId: apiId, IntegrationId: integrationId, IntegrationResponseKey: '$default' }))).IntegrationResponseId!;
  }
  labels['resource-arn'] = `arn:aws:apigateway:us-east-1::/apis/${apiId}`;
  return labels;
}

for (const websocket of [false, true]) {
  test(`every operation on a real ${websocket ? 'WebSocket' : 'HTTP'} API answers without a 500`, async () => {
    const labels = await populated(server.client, websocket);
    // Deletions last, so the API and its children are there for everything else.
    const ordered = operations('apigatewayv2').sort((a, b) => Number(a.name.startsWith('Delete')) - Number(b.name.startsWith('Delete')));
    const problems: string[] = [];
    for (const op of ordered) {
      const req = modelRequest('apigatewayv2', op, { labels });
      const res = await fetch(`${server.g.url}${req.target}`, { method: req.method, headers: req.headers, body: req.body });
      const text = await res.text();
      if (res.status >= 500 && res.status !== 501) problems.push(`${op.name} (${req.method} ${req.target}) -> ${res.status} ${text.slice(0, 200)}`);
    }
    assert.deepEqual(problems, []);
  });
}

test('a request that fails half-way leaves nothing behind', async () => {
  await httpApi(server.client);
  const count = () => server.g.store.transaction(scope, async (tx) => {
    let n = await tx.count(KIND.api);
    for (const kind of API_CHILD_KINDS) n += await tx.count(kind);
    return n;
  });
  const before = await count();
  // Quick create whose route key is bad is refused after the API document was written.
  const res = await fetch(`${server.g.url}/v2/apis`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: fakeAuthorization('apigatewayv2'), 'x-amz-date': '20240101T000000Z' },
    body: JSON.stringify({ name: 'half', protocolType: 'HTTP', target: 'https://example.com', routeKey: 'GET nowhere' }),
  });
  assert.equal(res.status, 400);
  assert.equal(await count(), before);
});

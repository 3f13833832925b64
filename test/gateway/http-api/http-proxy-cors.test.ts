/**
 * HTTP_PROXY integrations with parameter mapping (requestParameters: append / overwrite / remove
 * of headers and query strings, overwrite:path, with `$request.*`, `$context.*` and
 * `$stageVariables.*` values; responseParameters per status code), an AWS service integration
 * answering its clear 500 until it is built, and CORS: preflights answered by API Gateway itself
 * (allowed and refused origins, `*`, credentials, max age) unless an OPTIONS route or the
 * `$default` route takes them, and the headers added to answers.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  GetRoutesCommand,
  UpdateApiCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import { startEchoBackend, type Echo, type EchoBackend } from '../../helpers/echo-backend.js';
import { callApi, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();
let backend: EchoBackend;
before(async () => {
  backend = await startEchoBackend();
});
after(async () => {
  await backend?.close();
});

async function proxyApi(routeKey: string, uri: string, extra: { RequestParameters?: Record<string, string>; ResponseParameters?: Record<string, Record<string, string>> } = {}, variables?: Record<string, string>): Promise<string> {
  const api = await server.v2.send(new CreateApiCommand({ Name: 'proxy', ProtocolType: 'HTTP' }));
  const integration = await server.v2.send(
    new CreateIntegrationCommand({ ApiId: api.ApiId!, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: uri, PayloadFormatVersion: '1.0', ...extra }),
  );
  await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: routeKey, Target: `integrations/${integration.IntegrationId}` }));
  await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true, StageVariables: variables }));
  return api.ApiId!;
}

describe('HTTP_PROXY parameter mapping', () => {
  test('request headers, query strings and the path', async () => {
    const apiId = await proxyApi('POST /orders/{id}', `${backend.url}/orders`, {
      RequestParameters: {
        'append:header.x-request-id': '$context.requestId',
        'overwrite:header.x-user': '$request.header.x-name',
        'remove:header.x-secret': "''",
        'append:querystring.source': '$stageVariables.source',
        'overwrite:querystring.id': '$request.path.id',
        'remove:querystring.drop': "''",
        'overwrite:path': '/v2/orders/${request.path.id}/${request.body.item}',
      },
    }, { source: 'gatehouse' });
    const res = await callApi(server, apiId, '/orders/42?drop=1&keep=2', {
      method: 'POST',
      headers: { 'x-name': 'ann', 'x-user': 'original', 'x-secret': 's', 'content-type': 'application/json' },
      body: JSON.stringify({ item: 'book' }),
    });
    assert.equal(res.status, 200, res.text);
    const echo = res.json<Echo>();
    assert.equal(echo.path, '/v2/orders/42/book');
    assert.equal(echo.headers['x-request-id'], res.headers['apigw-requestid']);
    assert.equal(echo.headers['x-user'], 'ann');
    assert.equal(echo.headers['x-secret'], undefined);
    const query = new URLSearchParams(echo.query);
    assert.equal(query.get('keep'), '2');
    assert.equal(query.get('drop'), null);
    assert.equal(query.get('source'), 'gatehouse');
    assert.equal(query.get('id'), '42');
  });

  test('response parameters for the status code the endpoint answered', async () => {
    const apiId = await proxyApi('GET /status/{code}', `${backend.url}/status/{code}`, {
      ResponseParameters: {
        '404': { 'overwrite:statuscode': '410', 'append:header.x-was': '$response.header.content-type', 'overwrite:header.x-stage': '$context.stage' },
        '200': { 'remove:header.x-drop': "''" },
      },
    });
    const gone = await callApi(server, apiId, '/status/404');
    assert.equal(gone.status, 410);
    assert.equal(gone.headers['x-was'], 'application/json');
    assert.equal(gone.headers['x-stage'], '$default');
    const ok = await callApi(server, apiId, '/status/201');
    assert.equal(ok.status, 201);
    assert.equal(ok.headers['x-was'], undefined);
  });

  test('an endpoint that refuses connections: 500 Internal Server Error', async () => {
    const apiId = await proxyApi('GET /x', 'http://127.0.0.1:1/x');
    const res = await callApi(server, apiId, '/x');
    assert.equal(res.status, 500);
    assert.equal(res.text, '{"message":"Internal Server Error"}');
  });

  test('an AWS service integration (integrationSubtype) answers a clear 500 until it is built', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'sqs', ProtocolType: 'HTTP' }));
    const integration = await server.v2.send(
      new CreateIntegrationCommand({
        ApiId: api.ApiId!,
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: 'SQS-SendMessage',
        PayloadFormatVersion: '1.0',
        CredentialsArn: 'arn:aws:iam::000000000000:role/sqs',
        RequestParameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/000000000000/q', MessageBody: '$request.body' },
      }),
    );
    await server.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: 'POST /send', Target: `integrations/${integration.IntegrationId}` }));
    await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true }));
    const res = await callApi(server, api.ApiId!, '/send', { method: 'POST', body: 'x' });
    assert.equal(res.status, 500);
    assert.equal(res.text, '{"message":"Internal Server Error"}');
  });
});

describe('CORS', () => {
  let apiId: string;
  before(async () => {
    apiId = await proxyApi('GET /items', `${backend.url}/items`);
    await server.v2.send(
      new UpdateApiCommand({
        ApiId: apiId,
        CorsConfiguration: {
          AllowOrigins: ['https://www.example.com'],
          AllowMethods: ['GET', 'POST'],
          AllowHeaders: ['Authorization', 'X-Custom'],
          ExposeHeaders: ['X-Total'],
          MaxAge: 300,
          AllowCredentials: true,
        },
      }),
    );
  });

  test('a preflight is answered by API Gateway, with no OPTIONS route', async () => {
    const res = await callApi(server, apiId, '/items', {
      method: 'OPTIONS',
      headers: { origin: 'https://www.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-custom' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], 'https://www.example.com');
    assert.equal(res.headers['access-control-allow-methods'], 'GET,POST');
    assert.equal(res.headers['access-control-allow-headers'], 'authorization,x-custom');
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    assert.equal(res.headers['access-control-max-age'], '300');
    assert.equal(backend.requests > 0, true);
    // Even for a path no route takes: the preflight comes before routing.
    const anywhere = await callApi(server, apiId, '/nowhere', { method: 'OPTIONS', headers: { origin: 'https://www.example.com', 'access-control-request-method': 'GET' } });
    assert.equal(anywhere.status, 204);
  });

  test('an origin not allowed gets no CORS headers', async () => {
    const res = await callApi(server, apiId, '/items', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], undefined);
    const get = await callApi(server, apiId, '/items', { headers: { origin: 'https://evil.example' } });
    assert.equal(get.status, 200);
    assert.equal(get.headers['access-control-allow-origin'], undefined);
  });

  test("answers to an allowed origin carry the configured headers, the backend's own CORS headers dropped", async () => {
    const res = await callApi(server, apiId, '/items', {
      headers: { origin: 'https://www.example.com', 'x-respond': JSON.stringify({ status: 200, headers: [['access-control-allow-origin', '*']] }) },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'https://www.example.com');
    assert.equal(res.headers['access-control-expose-headers'], 'x-total');
    assert.equal(res.headers['access-control-allow-credentials'], 'true');
    // Errors of API Gateway's own carry them too.
    const missing = await callApi(server, apiId, '/missing', { headers: { origin: 'https://www.example.com' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers['access-control-allow-origin'], 'https://www.example.com');
  });

  test('a $default route takes preflights (its authorizer runs); an OPTIONS /{proxy+} route without one answers them', async () => {
    const id = await proxyApi('$default', `${backend.url}/any`);
    await server.v2.send(new UpdateApiCommand({ ApiId: id, CorsConfiguration: { AllowOrigins: ['https://app.example'], AllowMethods: ['GET'] } }));
    const authorizer = await server.v2.send(
      new CreateAuthorizerCommand({ ApiId: id, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['a'] } }),
    );
    const routes = await server.v2.send(new GetRoutesCommand({ ApiId: id }));
    const defaultRoute = routes.Items!.find((r) => r.RouteKey === '$default')!;
    await server.v2.send(new UpdateRouteCommand({ ApiId: id, RouteId: defaultRoute.RouteId!, AuthorizationType: 'JWT', AuthorizerId: authorizer.AuthorizerId }));
    const preflight = { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } };
    const refused = await callApi(server, id, '/things', preflight);
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['access-control-allow-origin'], 'https://app.example');
    await server.v2.send(new CreateRouteCommand({ ApiId: id, RouteKey: 'OPTIONS /{proxy+}', Target: defaultRoute.Target }));
    const answered = await callApi(server, id, '/things', preflight);
    assert.equal(answered.status, 200);
    assert.equal(answered.json<Echo>().method, 'OPTIONS');
    assert.equal(answered.headers['access-control-allow-origin'], 'https://app.example');
  });

  test("allowOrigins '*' answers '*'", async () => {
    const id = await proxyApi('GET /a', `${backend.url}/a`);
    await server.v2.send(new UpdateApiCommand({ ApiId: id, CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['*'] } }));
    const res = await callApi(server, id, '/a', { method: 'OPTIONS', headers: { origin: 'https://any.example', 'access-control-request-method': 'DELETE' } });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-methods'], '*');
    assert.equal(res.headers['access-control-max-age'], undefined);
    // An OPTIONS request that is no preflight (no Origin) is routed like any other: no route, 404.
    assert.equal((await callApi(server, id, '/a', { method: 'OPTIONS' })).status, 404);
  });
});

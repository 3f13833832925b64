/**
 * An HTTP API made by ImportApi serves as its definition says: the routes from the paths (a path
 * variable, the $default catch-all), the HTTP_PROXY integrations from
 * x-amazon-apigateway-integration with their parameter mapping, CORS from
 * x-amazon-apigateway-cors answering preflights; after ReimportApi the autoDeploy stage serves the
 * new definition.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-open-api.html
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateStageCommand, ImportApiCommand, ReimportApiCommand } from '@aws-sdk/client-apigatewayv2';
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

const definition = (url: string) => `
openapi: 3.0.1
info: { title: imported, version: "1" }
paths:
  /items/{itemId}:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: ${url}/catalog
        payloadFormatVersion: "1.0"
        requestParameters:
          overwrite:querystring.item: $request.path.itemId
  /$default:
    x-amazon-apigateway-any-method:
      isDefaultRoute: true
      x-amazon-apigateway-integration: { type: http_proxy, httpMethod: ANY, uri: "${url}/fallback", payloadFormatVersion: "1.0" }
x-amazon-apigateway-cors:
  allowOrigins: [https://shop.example.com]
  allowMethods: [GET]
`;

test('an imported API answers through its routes, integrations and CORS', async () => {
  const api = await server.v2.send(new ImportApiCommand({ Body: definition(backend.url) }));
  await server.v2.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default', AutoDeploy: true }));

  const item = await callApi(server, api.ApiId!, '/items/7');
  assert.equal(item.status, 200, item.text);
  const echo = item.json<Echo>();
  assert.equal(echo.path, '/catalog');
  assert.equal(echo.args.item, '7');

  const other = await callApi(server, api.ApiId!, '/anything/else', { method: 'POST', body: 'x' });
  assert.equal(other.status, 200, other.text);
  assert.match(other.json<Echo>().path, /^\/fallback/, 'the $default route reaches its integration');

  const preflight = await callApi(server, api.ApiId!, '/items/7', { method: 'OPTIONS', headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://shop.example.com');

  // ReimportApi: the autoDeploy stage serves the new definition at once.
  await server.v2.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: definition(backend.url).replace('/catalog', '/catalog-v2') }));
  assert.equal((await callApi(server, api.ApiId!, '/items/8')).json<Echo>().path, '/catalog-v2');
});

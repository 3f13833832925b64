/**
 * WebSocket routes with HTTP_PROXY and HTTP integrations: the message is POSTed to the endpoint
 * (as it is, or through the integration's request template), and a two-way route sends the
 * endpoint's answer back (mapped by the integration response's template for HTTP).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-requests.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startEchoBackend, type Echo, type EchoBackend } from '../../helpers/echo-backend.js';
import { connect, useWebSocketGatehouse, webSocketApi } from './helpers.js';

const server = useWebSocketGatehouse();

describe('HTTP integrations', () => {
  let backend: EchoBackend;
  before(async () => {
    backend = await startEchoBackend();
  });
  after(() => backend.close());

  test('HTTP_PROXY posts the message and answers the endpoint body', async () => {
    const apiId = await webSocketApi(server, [{ routeKey: '$default', integration: { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'POST', IntegrationUri: `${backend.url}/chat` }, twoWay: true }]);
    const c = await connect(server, apiId);
    c.ws.send('{"say":"hi"}');
    const echo = JSON.parse(await c.next()) as Echo;
    assert.equal(echo.method, 'POST');
    assert.equal(echo.path, '/chat');
    assert.equal(echo.body, '{"say":"hi"}');
    await c.close();
  });

  test('HTTP maps the request and the response with templates', async () => {
    const apiId = await webSocketApi(server, [
      {
        routeKey: 'wrap',
        integration: {
          IntegrationType: 'HTTP',
          IntegrationMethod: 'POST',
          IntegrationUri: `${backend.url}/wrapped`,
          TemplateSelectionExpression: '\\$default',
          RequestTemplates: { $default: '{"connection": "$context.connectionId", "text": $input.json(\'$.text\')}' },
        },
        integrationResponses: [{ key: '$default', templates: { $default: '{"sentPath": "$input.path(\'$.path\')", "text": "$util.parseJson($input.path(\'$.body\')).text"}' } }],
        twoWay: true,
      },
    ]);
    const c = await connect(server, apiId);
    c.ws.send('{"action":"wrap","text":"hello"}');
    assert.deepEqual(JSON.parse(await c.next()), { sentPath: '/wrapped', text: 'hello' });
    await c.close();
  });
});

/**
 * WebSocket APIs with MOCK integrations: route selection by the API's routeSelectionExpression
 * over the JSON message, the `$default` fallback, AWS's error frame when nothing matches, route
 * responses (an answer only for two-way routes), request and response templates chosen by
 * selection expressions, refused upgrades for unknown stages, binary frames closed with 1003.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-integration-responses.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateApiCommand, CreateApiMappingCommand, CreateDomainNameCommand } from '@aws-sdk/client-apigatewayv2';
import { closed, connect, useWebSocketGatehouse, webSocketApi, type RouteSpec } from './helpers.js';

const server = useWebSocketGatehouse();

/** A MOCK route answering `answer` (a response template) when two-way. */
const mockRoute = (routeKey: string, answer: string, twoWay = true): RouteSpec => ({
  routeKey,
  integration: { IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode": 200}' }, TemplateSelectionExpression: '\\$default' },
  integrationResponses: [{ key: '$default', templates: { $default: answer } }],
  twoWay,
});

describe('WebSocket APIs with MOCK integrations', () => {
  test('route selection by $request.body.action, with $default for the rest', async () => {
    const apiId = await webSocketApi(server, [
      mockRoute('sendmessage', '{"route": "sendmessage", "connection": "$context.connectionId"}'),
      mockRoute('$default', '{"route": "$context.routeKey"}'),
    ]);
    const c = await connect(server, apiId);
    c.ws.send(JSON.stringify({ action: 'sendmessage', text: 'hello' }));
    const first = JSON.parse(await c.next());
    assert.equal(first.route, 'sendmessage');
    assert.match(first.connection, /^[A-Za-z0-9_-]{15}=$/);
    c.ws.send(JSON.stringify({ action: 'unknown' }));
    assert.deepEqual(JSON.parse(await c.next()), { route: '$default' });
    c.ws.send('not json at all');
    assert.deepEqual(JSON.parse(await c.next()), { route: '$default' });
    await c.close();
  });

  test('no route and no $default: the Forbidden error frame', async () => {
    const apiId = await webSocketApi(server, [mockRoute('ping', 'pong')]);
    const c = await connect(server, apiId);
    c.ws.send(JSON.stringify({ action: 'other' }));
    const frame = JSON.parse(await c.next());
    assert.equal(frame.message, 'Forbidden');
    assert.match(frame.connectionId, /=$/);
    assert.match(frame.requestId, /=$/);
    // The connection stays open: the next message still routes.
    c.ws.send(JSON.stringify({ action: 'ping' }));
    assert.equal(await c.next(), 'pong');
    await c.close();
  });

  test('a route without a route response answers nothing; the two-way one after it does', async () => {
    const apiId = await webSocketApi(server, [mockRoute('quiet', 'never sent', false), mockRoute('loud', 'sent')]);
    const c = await connect(server, apiId);
    c.ws.send(JSON.stringify({ action: 'quiet' }));
    c.ws.send(JSON.stringify({ action: 'loud' }));
    assert.equal(await c.next(), 'sent');
    await c.close();
  });

  test('request templates by templateSelectionExpression, integration responses by status', async () => {
    const apiId = await webSocketApi(server, [
      {
        routeKey: '$default',
        integration: {
          IntegrationType: 'MOCK',
          TemplateSelectionExpression: '${request.body.kind}',
          RequestTemplates: { good: '{"statusCode": 200}', bad: '{"statusCode": 404}' },
        },
        integrationResponses: [
          { key: '/4\\d\\d/', templates: { $default: 'not found: $input.path(\'$\')' } },
          { key: '$default', templates: { $default: '{"ok": true, "stage": "$context.stage"}' } },
        ],
        twoWay: true,
      },
    ]);
    const c = await connect(server, apiId);
    c.ws.send(JSON.stringify({ kind: 'good' }));
    assert.deepEqual(JSON.parse(await c.next()), { ok: true, stage: 'prod' });
    c.ws.send(JSON.stringify({ kind: 'bad' }));
    assert.match(await c.next(), /^not found/);
    await c.close();
  });

  test('the execute-api Host works as the path does', async () => {
    const apiId = await webSocketApi(server, [mockRoute('$default', 'by host')], { stage: 'dev' });
    const c = await connect(server, apiId, 'dev', { viaHost: true });
    c.ws.send('{}');
    assert.equal(await c.next(), 'by host');
    await c.close();
  });

  test('a custom domain name mapped to the stage connects, and $context.domainName is that name', async () => {
    const apiId = await webSocketApi(server, [mockRoute('$default', '$context.domainName')], { stage: 'live' });
    const domain = 'ws.example.com';
    await server.v2.send(new CreateDomainNameCommand({ DomainName: domain, DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/abcd', EndpointType: 'REGIONAL' }] }));
    await server.v2.send(new CreateApiMappingCommand({ DomainName: domain, ApiId: apiId, Stage: 'live', ApiMappingKey: 'chat' }));
    const c = await connect(server, apiId, 'chat', { domain });
    c.ws.send('{}');
    assert.equal(await c.next(), domain);
    await c.close();
  });

  test('disableExecuteApiEndpoint: the execute-api endpoint refuses with 403', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'hidden', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', DisableExecuteApiEndpoint: true }));
    await webSocketApi(server, [mockRoute('$default', 'x')], { existing: api.ApiId! });
    await assert.rejects(connect(server, api.ApiId!), (err: { status: number }) => err.status === 403);
  });

  test('an unknown stage is refused before the upgrade', async () => {
    const apiId = await webSocketApi(server, [mockRoute('$default', 'x')]);
    await assert.rejects(connect(server, apiId, 'nope'), (err: { status: number; body: string }) => {
      assert.equal(err.status, 403);
      assert.deepEqual(JSON.parse(err.body), { message: 'Forbidden' });
      return true;
    });
  });

  test('a $connect MOCK answering 403 refuses the connection', async () => {
    const apiId = await webSocketApi(server, [{ routeKey: '$connect', integration: { IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode": 403}' } } }]);
    await assert.rejects(connect(server, apiId), (err: { status: number }) => err.status === 403);
  });

  test('a binary frame closes the connection with 1003', async () => {
    const apiId = await webSocketApi(server, [mockRoute('$default', 'x')]);
    const c = await connect(server, apiId);
    const { code } = await closed(c.ws, () => c.ws.send(Buffer.from([1, 2, 3]), { binary: true }));
    assert.equal(code, 1003);
  });
});

describe('AWS limits', () => {
  test('an idle connection is closed with 1001 Going away (AWS: 10 minutes; lowered here)', async () => {
    const limits = server.g.server.dataPlane.webSockets.limits;
    const saved = limits.idleTimeoutMs;
    limits.idleTimeoutMs = 100;
    try {
      const apiId = await webSocketApi(server, [mockRoute('$default', 'x')]);
      const c = await connect(server, apiId);
      const { code, reason } = await closed(c.ws);
      assert.equal(code, 1001);
      assert.equal(reason, 'Going away');
    } finally {
      limits.idleTimeoutMs = saved;
    }
  });

  test("AWS's limits are the defaults", async () => {
    const { WEBSOCKET_LIMITS } = await import('../../../src/gateway/websocket/index.js');
    assert.deepEqual(WEBSOCKET_LIMITS, { idleTimeoutMs: 600_000, maxDurationMs: 7_200_000, maxPayloadBytes: 131_072 });
  });
});

describe('upgrades that are not for a WebSocket API', () => {
  test('an HTTP API answers the upgrade request as the plain request it also is', async () => {
    const api = await server.v2.send(new CreateApiCommand({ Name: 'plain', ProtocolType: 'HTTP' }));
    await assert.rejects(connect(server, api.ApiId!, 'prod'), (err: { status: number; body: string }) => {
      // No stage: the HTTP API's own 404, not a hang or a dropped socket.
      assert.equal(err.status, 404);
      assert.deepEqual(JSON.parse(err.body), { message: 'Not Found' });
      return true;
    });
  });
});

/**
 * Throttling and API keys on WebSocket APIs: the stage's routeSettings (else defaultRouteSettings)
 * throttle each route, $connect included, and the account's bucket in the region every event;
 * over a limit a message gets AWS's `{"message": "Too Many Requests", "connectionId", "requestId"}`
 * frame and a $connect is refused 429 before the upgrade. A $connect route with apiKeyRequired
 * admits only an enabled key (by the API's apiKeySelectionExpression) in a usage plan covering
 * the API and stage; otherwise 403.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-protect.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-selection-expressions.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiGatewayV2Client, CreateApiCommand, CreateRouteCommand, CreateStageCommand, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { CreateApiKeyCommand, CreateUsagePlanCommand, CreateUsagePlanKeyCommand, UpdateAccountCommand } from '@aws-sdk/client-api-gateway';
import { connect, useWebSocketGatehouse, webSocketApi, type RouteSpec } from './helpers.js';

const server = useWebSocketGatehouse();

const mockRoute = (routeKey: string, answer: string): RouteSpec => ({
  routeKey,
  integration: { IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode": 200}' }, TemplateSelectionExpression: '\\$default' },
  integrationResponses: [{ key: '$default', templates: { $default: answer } }],
  twoWay: true,
});

/** The status a refused connection attempt got (undefined when it opened; then it is closed). */
async function refusal(apiId: string, stage = 'prod', headers: Record<string, string> = {}): Promise<{ status: number; body: string } | undefined> {
  try {
    const c = await connect(server, apiId, stage, { headers });
    await c.close();
    return undefined;
  } catch (err) {
    const e = err as { status?: number; body?: string };
    if (e.status === undefined) throw err;
    return { status: e.status, body: e.body ?? '' };
  }
}

describe('WebSocket throttling', () => {
  test("a route's routeSettings throttle its messages: AWS's Too Many Requests frame; other routes pass", async () => {
    const apiId = await webSocketApi(server, [mockRoute('ping', 'pong'), mockRoute('$default', 'default')]);
    await server.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { ping: { ThrottlingBurstLimit: 2, ThrottlingRateLimit: 0.01 } } }));
    const c = await connect(server, apiId);
    const ping = JSON.stringify({ action: 'ping' });
    c.ws.send(ping);
    assert.equal(await c.next(), 'pong');
    c.ws.send(ping);
    assert.equal(await c.next(), 'pong');
    c.ws.send(ping);
    const frame = JSON.parse(await c.next());
    assert.deepEqual(Object.keys(frame), ['message', 'connectionId', 'requestId']);
    assert.equal(frame.message, 'Too Many Requests');
    assert.match(frame.connectionId, /^[A-Za-z0-9_-]{15}=$/);
    assert.match(frame.requestId, /^[A-Za-z0-9_-]{15}=$/);
    // $default has no settings of its own and the stage no default ones.
    c.ws.send('hello');
    assert.equal(await c.next(), 'default');
    await c.close();
  });

  test('defaultRouteSettings throttle $connect: 429 before the upgrade', async () => {
    const apiId = await webSocketApi(server, [mockRoute('$default', 'default')]);
    await server.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', DefaultRouteSettings: { ThrottlingBurstLimit: 1, ThrottlingRateLimit: 0.01 } }));
    const c = await connect(server, apiId);
    // The open connection's messages have their own bucket ($default's).
    c.ws.send('one');
    assert.equal(await c.next(), 'default');
    c.ws.send('two');
    assert.equal(JSON.parse(await c.next()).message, 'Too Many Requests');
    await c.close();
    const refused = await refusal(apiId);
    assert.equal(refused?.status, 429);
    assert.deepEqual(JSON.parse(refused!.body), { message: 'Too Many Requests' });
  });

  test("the account's throttle in the region covers every WebSocket event there", async () => {
    const region = 'eu-west-3';
    const v2 = new ApiGatewayV2Client({ ...server.g.clientConfig({ region }), maxAttempts: 1 });
    const v1 = server.g.apigateway({ region });
    try {
      const apiId = await webSocketApi({ ...server, v2 }, [mockRoute('$default', 'default')]);
      await v1.send(
        new UpdateAccountCommand({
          patchOperations: [
            { op: 'replace', path: '/throttle/burstLimit', value: '3' },
            { op: 'replace', path: '/throttle/rateLimit', value: '0.01' },
          ],
        }),
      );
      const c = await connect(server, apiId); // token 1
      c.ws.send('a'); // token 2
      assert.equal(await c.next(), 'default');
      c.ws.send('b'); // token 3
      assert.equal(await c.next(), 'default');
      c.ws.send('c');
      assert.equal(JSON.parse(await c.next()).message, 'Too Many Requests');
      await c.close();
      assert.equal((await refusal(apiId))?.status, 429);
      // Another region's account is not throttled by it.
      const elsewhere = await webSocketApi(server, [mockRoute('$default', 'default')]);
      assert.equal(await refusal(elsewhere), undefined);
    } finally {
      v2.destroy();
      v1.destroy();
    }
  });
});

describe('WebSocket API keys', () => {
  test('$connect with apiKeyRequired: 403 without an enabled key in a plan covering the API and stage', async () => {
    const { ApiId: apiId } = await server.v2.send(new CreateApiCommand({ Name: 'keys', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', ApiKeyRequired: true }));
    await webSocketApi(server, [mockRoute('who', '{"apiKey": "$context.identity.apiKey", "apiKeyId": "$context.identity.apiKeyId"}')], { existing: apiId });
    await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'other', AutoDeploy: true }));

    const v1 = server.g.apigateway();
    const key = async (value: string, enabled = true) => (await v1.send(new CreateApiKeyCommand({ name: `ws-${value}`, value, enabled }))).id!;
    const good = await key('ws-good-key-0000000000');
    const disabled = await key('ws-disabled-key-000000', false);
    const otherStage = await key('ws-other-stage-key-0000');
    const plan = async (stage: string, keys: string[]) => {
      // A usage plan meters a WebSocket API's stage as it does a REST stage.
      const created = await v1.send(new CreateUsagePlanCommand({ name: `ws-${stage}`, apiStages: [{ apiId: apiId!, stage }] }));
      for (const keyId of keys) await v1.send(new CreateUsagePlanKeyCommand({ usagePlanId: created.id!, keyId, keyType: 'API_KEY' }));
    };
    await plan('prod', [good, disabled]);
    await plan('other', [otherStage]);

    const forbidden = { status: 403, body: '{"message":"Forbidden"}' };
    assert.deepEqual(await refusal(apiId!), forbidden, 'no key');
    assert.deepEqual(await refusal(apiId!, 'prod', { 'x-api-key': 'no-such-key-value-000000' }), forbidden, 'unknown key');
    assert.deepEqual(await refusal(apiId!, 'prod', { 'x-api-key': 'ws-disabled-key-000000' }), forbidden, 'disabled key');
    assert.deepEqual(await refusal(apiId!, 'prod', { 'x-api-key': 'ws-other-stage-key-0000' }), forbidden, 'key of another stage');
    assert.deepEqual(await refusal(apiId!, 'other', { 'x-api-key': 'ws-good-key-0000000000' }), forbidden, 'plan of another stage');
    assert.equal(await refusal(apiId!, 'other', { 'x-api-key': 'ws-other-stage-key-0000' }), undefined);

    const c = await connect(server, apiId!, 'prod', { headers: { 'X-API-Key': 'ws-good-key-0000000000' } });
    c.ws.send(JSON.stringify({ action: 'who' }));
    assert.deepEqual(JSON.parse(await c.next()), { apiKey: 'ws-good-key-0000000000', apiKeyId: good });
    await c.close();
  });
});

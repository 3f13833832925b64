/**
 * WebSocket APIs with Lambda proxy integrations, end to end with `ws` clients: the event the
 * function receives on $connect, on messages and on $disconnect; the function's answer sent back
 * only on a route with a route response; a $connect function answering non-2xx or failing
 * refuses the upgrade; a failing message route answers AWS's "Internal server error" frame.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-websocket-api-lambda-integrations.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, invocationUri, nodeFunction, nodeFunctionWithEnv, startCollector, useWebSocketGatehouse, webSocketApi, type RouteSpec } from './helpers.js';

const server = useWebSocketGatehouse();
type Dict = Record<string, any>;

/** Cold starts on a busy CI machine can pass Lambda's default 3 s. */
const SLOW_START = { Timeout: 30 };
const ECHO = `export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n`;
const lambdaRoute = (routeKey: string, fn: string, twoWay = false): RouteSpec => ({ routeKey, integration: { IntegrationType: 'AWS_PROXY', IntegrationUri: invocationUri(fn) }, twoWay });

describe('Lambda proxy integrations', () => {
  let collector: Awaited<ReturnType<typeof startCollector>>;
  before(async () => {
    collector = await startCollector();
    await nodeFunction(server, 'ws-echo', ECHO, SLOW_START);
    // Reports its event to the test's collector (for $connect and $disconnect, which answer nobody).
    await nodeFunctionWithEnv(
      server,
      'ws-report',
      `export const handler = async (event) => { await fetch(process.env.COLLECTOR, { method: 'POST', body: JSON.stringify(event) }); return { statusCode: 200 }; };\n`,
      { COLLECTOR: collector.url },
    );
  });
  after(() => collector.close());

  test('the MESSAGE event, and the answer of a route with a route response', async () => {
    const apiId = await webSocketApi(server, [lambdaRoute('$default', 'ws-echo', true)]);
    const c = await connect(server, apiId, 'prod', { headers: { 'User-Agent': 'tester' } });
    c.ws.send('{"action":"nothing","n":1}');
    const e = JSON.parse(await c.next()) as Dict;
    assert.deepEqual(Object.keys(e).sort(), ['body', 'isBase64Encoded', 'requestContext']);
    assert.equal(e.body, '{"action":"nothing","n":1}');
    assert.equal(e.isBase64Encoded, false);
    const rc = e.requestContext;
    assert.equal(rc.routeKey, '$default');
    assert.equal(rc.eventType, 'MESSAGE');
    assert.equal(rc.messageDirection, 'IN');
    assert.equal(rc.stage, 'prod');
    assert.equal(rc.apiId, apiId);
    assert.match(rc.connectionId, /^[A-Za-z0-9_-]{15}=$/);
    assert.match(rc.messageId, /=$/);
    assert.equal(rc.requestId, rc.extendedRequestId);
    assert.equal(typeof rc.connectedAt, 'number');
    assert.equal(typeof rc.requestTimeEpoch, 'number');
    assert.ok(rc.requestTimeEpoch >= rc.connectedAt);
    assert.match(rc.requestTime, /^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
    assert.deepEqual(rc.identity, { sourceIp: '127.0.0.1', userAgent: 'tester' });
    await c.close();
  });

  test('$connect gets the upgrade headers and query; $disconnect the close code', async () => {
    const apiId = await webSocketApi(server, [lambdaRoute('$connect', 'ws-report'), lambdaRoute('$disconnect', 'ws-report')]);
    const c = await connect(server, apiId, 'prod', { headers: { HeaderAuth1: 'v1' }, query: '?QueryString1=q1' });
    const onConnect = JSON.parse(await collector.next()) as Dict;
    assert.equal(onConnect.requestContext.eventType, 'CONNECT');
    assert.equal(onConnect.requestContext.routeKey, '$connect');
    assert.equal(onConnect.headers.HeaderAuth1, 'v1');
    assert.deepEqual(onConnect.multiValueHeaders.HeaderAuth1, ['v1']);
    assert.deepEqual(onConnect.queryStringParameters, { QueryString1: 'q1' });
    assert.equal(onConnect.requestContext.messageId, undefined);
    c.ws.close(4000, 'bye');
    const onDisconnect = JSON.parse(await collector.next()) as Dict;
    assert.equal(onDisconnect.requestContext.eventType, 'DISCONNECT');
    assert.equal(onDisconnect.requestContext.connectionId, onConnect.requestContext.connectionId);
    assert.equal(onDisconnect.requestContext.disconnectStatusCode, 4000);
    assert.equal(onDisconnect.requestContext.disconnectReason, 'bye');
  });

  test('a route without a route response sends nothing back', async () => {
    const apiId = await webSocketApi(server, [lambdaRoute('silent', 'ws-report'), lambdaRoute('$default', 'ws-echo', true)]);
    const c = await connect(server, apiId);
    c.ws.send('{"action":"silent"}');
    // The function ran (it reported its event) and its answer went nowhere.
    assert.equal(JSON.parse(await collector.next()).requestContext.routeKey, 'silent');
    c.ws.send('{"action":"loud"}');
    const e = JSON.parse(await c.next()) as Dict;
    assert.equal(e.body, '{"action":"loud"}');
    await c.close();
  });

  test('an AWS (non-proxy) Lambda integration: request template in, integration response template out', async () => {
    await nodeFunction(server, 'ws-greet', `export const handler = async (event) => ({ greeting: 'hello ' + event.text, to: event.connectionId });\n`, SLOW_START);
    const apiId = await webSocketApi(server, [
      {
        routeKey: 'greet',
        integration: {
          IntegrationType: 'AWS',
          IntegrationMethod: 'POST',
          IntegrationUri: invocationUri('ws-greet'),
          TemplateSelectionExpression: '\\$default',
          RequestTemplates: { $default: '{"text": $input.json(\'$.text\'), "connectionId": "$context.connectionId"}' },
        },
        integrationResponses: [{ key: '$default', templates: { $default: '$input.path(\'$.greeting\') to $input.path(\'$.to\')' } }],
        twoWay: true,
      },
    ]);
    const c = await connect(server, apiId);
    c.ws.send('{"action":"greet","text":"world"}');
    assert.match(await c.next(), /^hello world to [A-Za-z0-9_-]{15}=$/);
    await c.close();
  });

  test('$connect answering 401 refuses the upgrade with 401', async () => {
    await nodeFunction(server, 'ws-deny', `export const handler = async () => ({ statusCode: 401 });\n`, SLOW_START);
    const apiId = await webSocketApi(server, [lambdaRoute('$connect', 'ws-deny')]);
    await assert.rejects(connect(server, apiId), (err: { status: number }) => err.status === 401);
  });

  test('a $connect function that fails refuses with 502; a failing message route answers the error frame', async () => {
    await nodeFunction(server, 'ws-throw', `export const handler = async () => { throw new Error('boom'); };\n`, SLOW_START);
    const refused = await webSocketApi(server, [lambdaRoute('$connect', 'ws-throw')]);
    await assert.rejects(connect(server, refused), (err: { status: number }) => err.status === 502);
    const apiId = await webSocketApi(server, [lambdaRoute('$default', 'ws-throw')]);
    const c = await connect(server, apiId);
    c.ws.send('hi');
    const frame = JSON.parse(await c.next()) as Dict;
    assert.equal(frame.message, 'Internal server error');
    assert.match(frame.connectionId, /=$/);
    await c.close();
  });
});

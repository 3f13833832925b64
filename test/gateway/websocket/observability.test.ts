/**
 * Access logs and metrics of WebSocket APIs: one access log line per event ($connect, message,
 * $disconnect) in the stage's accessLogSettings format with the WebSocket `$context` variables,
 * and AWS's WebSocket metrics (ConnectCount, MessageCount, IntegrationError, ClientError,
 * ExecutionError, IntegrationLatency) by ApiId and ApiId+Stage at /_gatehouse/metrics.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateRouteCommand, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { http } from '../../helpers/http.js';
import { connect, useWebSocketGatehouse, webSocketApi, type RouteSpec } from './helpers.js';

const server = useWebSocketGatehouse();

/** A two-way MOCK route whose request template answers `status`, replying `answer`. */
const mockRoute = (routeKey: string, answer: string, status = 200): RouteSpec => ({
  routeKey,
  integration: { IntegrationType: 'MOCK', RequestTemplates: { $default: `{"statusCode": ${status}}` }, TemplateSelectionExpression: '\\$default' },
  integrationResponses: [{ key: '$default', templates: { $default: answer } }],
  twoWay: true,
});

/** echo (MOCK 200), bad (MOCK 500), broken (HTTP_PROXY to a port nothing listens on); no $default. */
const routes = (): RouteSpec[] => [
  mockRoute('echo', 'echoed'),
  mockRoute('bad', 'failed', 500),
  { routeKey: 'broken', integration: { IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'POST', IntegrationUri: 'http://127.0.0.1:1/x' } },
];

/** Sends each action and waits for its answer (a reply or an error frame). */
async function exchange(apiId: string, actions: string[]): Promise<{ connectionId: string; answers: string[] }> {
  const c = await connect(server, apiId);
  const answers: string[] = [];
  for (const action of actions) {
    c.ws.send(JSON.stringify({ action }));
    answers.push(await c.next());
  }
  // The connection's id, from an error frame.
  c.ws.send(JSON.stringify({ action: 'nothing' }));
  const connectionId = JSON.parse(await c.next()).connectionId as string;
  await c.close();
  return { connectionId, answers };
}

const scope = 'account="000000000000",region="us-east-1"';

function value(text: string, metric: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('WebSocket API observability', () => {
  test('ConnectCount, MessageCount, IntegrationError, ClientError, ExecutionError and IntegrationLatency by ApiId and ApiId+Stage', async () => {
    const apiId = await webSocketApi(server, routes());
    const { answers } = await exchange(apiId, ['echo', 'bad', 'broken']);
    assert.equal(answers[0], 'echoed');
    assert.equal(answers[1], 'failed');
    assert.equal(JSON.parse(answers[2]).message, 'Internal server error');
    const res = await http(server.g.url, { path: '/_gatehouse/metrics' });
    assert.equal(res.status, 200);
    for (const labels of [`ApiId="${apiId}",${scope}`, `ApiId="${apiId}",Stage="prod",${scope}`]) {
      assert.equal(value(res.text, 'aws_apigateway_connect_count', labels), 1, labels);
      // Four messages in, four answers out (two replies, two error frames).
      assert.equal(value(res.text, 'aws_apigateway_message_count', labels), 8, labels);
      assert.equal(value(res.text, 'aws_apigateway_integration_error', labels), 1, labels);
      assert.equal(value(res.text, 'aws_apigateway_client_error', labels), 1, labels);
      assert.equal(value(res.text, 'aws_apigateway_execution_error', labels), 1, labels);
      // MOCK integrations report no IntegrationLatency; the HTTP_PROXY does.
      assert.equal(value(res.text, 'aws_apigateway_integration_latency_milliseconds_count', labels), 1, labels);
      // Not the REST or HTTP API metrics.
      assert.equal(value(res.text, 'aws_apigateway_count', labels), undefined, labels);
    }
    const json = await http(server.g.url, { path: '/_gatehouse/metrics?format=json' });
    assert.equal(json.status, 200);
    const series = (JSON.parse(json.text).series as { dimensions: Record<string, string>; total: Record<string, unknown> }[]).find((s) => s.dimensions.ApiId === apiId && s.dimensions.Stage === 'prod');
    assert.deepEqual(series?.dimensions, { ApiId: apiId, Stage: 'prod' });
    assert.equal(series?.total.ConnectCount, 1);
    assert.equal(series?.total.MessageCount, 8);
    assert.equal(series?.total.ExecutionError, 1);
  });

  test('detailedMetricsEnabled adds ApiId+Stage+Route for the routes it covers', async () => {
    const apiId = await webSocketApi(server, routes());
    await server.v2.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { echo: { DetailedMetricsEnabled: true } } }));
    await exchange(apiId, ['echo', 'echo', 'bad']);
    const res = await http(server.g.url, { path: '/_gatehouse/metrics' });
    const route = (key: string) => `ApiId="${apiId}",Stage="prod",Route="${key}",${scope}`;
    assert.equal(value(res.text, 'aws_apigateway_message_count', route('echo')), 4);
    assert.equal(value(res.text, 'aws_apigateway_message_count', `ApiId="${apiId}",Stage="prod",${scope}`), 8);
    for (const key of ['bad', '$connect', '$default']) assert.equal(value(res.text, 'aws_apigateway_message_count', route(key)), undefined, key);
    // The ApiId sum counts each event once, not again for its route.
    assert.equal(value(res.text, 'aws_apigateway_message_count', `ApiId="${apiId}",${scope}`), 8);
  });

  test('a $connect API Gateway refuses (no API key) is a ClientError', async () => {
    const apiId = await webSocketApi(server, [mockRoute('echo', 'echoed')]);
    await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: '$connect', ApiKeyRequired: true }));
    await assert.rejects(connect(server, apiId), (err: { status?: number }) => err.status === 403);
    const res = await http(server.g.url, { path: '/_gatehouse/metrics' });
    const labels = `ApiId="${apiId}",Stage="prod",${scope}`;
    assert.equal(value(res.text, 'aws_apigateway_client_error', labels), 1);
    assert.equal(value(res.text, 'aws_apigateway_message_count', labels), 0);
  });

  test("access logs: one line per event in the stage's format with the WebSocket $context variables", async () => {
    const apiId = await webSocketApi(server, routes());
    const group = `ws-access-${apiId}`;
    await server.v2.send(
      new UpdateStageCommand({
        ApiId: apiId,
        StageName: 'prod',
        AccessLogSettings: {
          DestinationArn: `arn:aws:logs:us-east-1:000000000000:log-group:${group}`,
          Format:
            '{"requestId":"$context.requestId","connectionId":"$context.connectionId","eventType":"$context.eventType","routeKey":"$context.routeKey","messageId":"$context.messageId","status":"$context.status","error":"$context.error.message","integrationStatus":"$context.integration.status","stage":"$context.stage","apiId":"$context.apiId","ip":"$context.identity.sourceIp"}',
        },
      }),
    );
    const { connectionId } = await exchange(apiId, ['echo', 'bad']);
    // A later connection's round trip: the first one's $disconnect has been handled by then.
    await exchange(apiId, []);
    const logs = await http(server.g.url, { path: `/_gatehouse/logs/${encodeURIComponent(group)}` });
    assert.equal(logs.status, 200, logs.text);
    const lines = logs.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(JSON.parse(l).message) as Record<string, string>)
      .filter((l) => l.connectionId === connectionId);
    const common = { connectionId, stage: 'prod', apiId, ip: '127.0.0.1' };
    const messageIds = lines.map((l) => l.messageId);
    const requestIds = lines.map((l) => l.requestId);
    assert.equal(new Set(requestIds).size, 5);
    for (const id of requestIds) assert.match(id, /^[A-Za-z0-9_-]{15}=$/);
    for (const l of lines) delete l.requestId;
    assert.deepEqual(lines, [
      { ...common, eventType: 'CONNECT', routeKey: '$connect', messageId: '-', status: '200', error: '-', integrationStatus: '-' },
      { ...common, eventType: 'MESSAGE', routeKey: 'echo', messageId: messageIds[1], status: '200', error: '-', integrationStatus: '200' },
      { ...common, eventType: 'MESSAGE', routeKey: 'bad', messageId: messageIds[2], status: '500', error: '-', integrationStatus: '500' },
      { ...common, eventType: 'MESSAGE', routeKey: '$default', messageId: messageIds[3], status: '403', error: 'Forbidden', integrationStatus: '-' },
      { ...common, eventType: 'DISCONNECT', routeKey: '$disconnect', messageId: '-', status: '200', error: '-', integrationStatus: '-' },
    ]);
    for (const id of messageIds.slice(1, 4)) assert.match(id, /^[A-Za-z0-9_-]{15}=$/);
    assert.equal(new Set(messageIds.slice(1, 4)).size, 3);
  });
});

/**
 * The @connections API (apigatewaymanagementapi) through the genuine
 * `@aws-sdk/client-apigatewaymanagementapi` client, pointed at the API's stage as AWS's callback
 * URL is: PostToConnection reaches the client, GetConnection answers connectedAt, identity and
 * lastActiveAt, DeleteConnection closes the socket (and runs $disconnect), a connection that is
 * gone is 410 GoneException. A Lambda function posts back to its caller the same way.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, GetConnectionCommand, GoneException, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { closed, connect, invocationUri, nodeFunctionWithEnv, startCollector, useWebSocketGatehouse, webSocketApi } from './helpers.js';

const server = useWebSocketGatehouse();

/** The connection id a $default MOCK route reports back. */
const WHO_AM_I = {
  routeKey: '$default',
  integration: { IntegrationType: 'MOCK' as const, RequestTemplates: { $default: '{"statusCode": 200}' } },
  integrationResponses: [{ key: '$default', templates: { $default: '$context.connectionId' } }],
  twoWay: true,
};

describe('@connections', () => {
  let apiId: string;
  let management: ApiGatewayManagementApiClient;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  before(async () => {
    collector = await startCollector();
    await nodeFunctionWithEnv(
      server,
      'ws-bye',
      `export const handler = async (event) => { await fetch(process.env.COLLECTOR, { method: 'POST', body: event.requestContext.connectionId }); return { statusCode: 200 }; };\n`,
      { COLLECTOR: collector.url },
    );
    apiId = await webSocketApi(server, [WHO_AM_I, { routeKey: '$disconnect', integration: { IntegrationType: 'AWS_PROXY', IntegrationUri: invocationUri('ws-bye') } }]);
    management = new ApiGatewayManagementApiClient({ ...server.g.clientConfig(), endpoint: `${server.g.url}/_aws/execute-api/${apiId}/prod`, maxAttempts: 1 });
  });
  after(async () => {
    management.destroy();
    await collector.close();
  });

  async function connected() {
    const c = await connect(server, apiId, 'prod', { headers: { 'User-Agent': 'ws-test' } });
    c.ws.send('{}');
    return { ...c, connectionId: await c.next() };
  }

  test('PostToConnection reaches the client', async () => {
    const c = await connected();
    await management.send(new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: Buffer.from('pushed from the backend') }));
    assert.equal(await c.next(), 'pushed from the backend');
    await c.close();
    await collector.next();
  });

  test('GetConnection answers connectedAt, identity and lastActiveAt', async () => {
    const c = await connected();
    const out = await management.send(new GetConnectionCommand({ ConnectionId: c.connectionId }));
    assert.ok(out.ConnectedAt instanceof Date);
    assert.ok(out.LastActiveAt instanceof Date);
    assert.ok(out.LastActiveAt.getTime() >= out.ConnectedAt.getTime());
    assert.deepEqual(out.Identity, { SourceIp: '127.0.0.1', UserAgent: 'ws-test' });
    await c.close();
    await collector.next();
  });

  test('DeleteConnection closes the socket and runs $disconnect; then the connection is gone (410)', async () => {
    const c = await connected();
    const wasClosed = closed(c.ws);
    await management.send(new DeleteConnectionCommand({ ConnectionId: c.connectionId }));
    await wasClosed;
    assert.equal(await collector.next(), c.connectionId);
    for (const command of [
      new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: Buffer.from('late') }),
      new GetConnectionCommand({ ConnectionId: c.connectionId }),
      new DeleteConnectionCommand({ ConnectionId: c.connectionId }),
    ]) {
      await assert.rejects(management.send(command as PostToConnectionCommand), (err: GoneException) => {
        assert.equal(err.name, 'GoneException');
        assert.equal(err.$metadata.httpStatusCode, 410);
        return true;
      });
    }
  });

  test('a connection closed by its client is gone', async () => {
    const c = await connected();
    await c.close();
    assert.equal(await collector.next(), c.connectionId);
    await assert.rejects(management.send(new PostToConnectionCommand({ ConnectionId: c.connectionId, Data: Buffer.from('x') })), { name: 'GoneException' });
  });

  test('a Lambda function posts to its caller through the callback URL', async () => {
    // The function loads the SDK from this project (its code is unpacked elsewhere).
    const sdk = createRequire(import.meta.url).resolve('@aws-sdk/client-apigatewaymanagementapi');
    await nodeFunctionWithEnv(
      server,
      'ws-callback',
      `import { createRequire } from 'node:module';
const { ApiGatewayManagementApiClient, PostToConnectionCommand } = createRequire(import.meta.url)(process.env.SDK);
export const handler = async (event) => {
  const { apiId, stage, connectionId } = event.requestContext;
  const client = new ApiGatewayManagementApiClient({ endpoint: process.env.GATEHOUSE + '/_aws/execute-api/' + apiId + '/' + stage });
  await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'callback: ' + event.body }));
  return { statusCode: 200 };
};
`,
      { SDK: sdk, GATEHOUSE: server.g.url },
    );
    const callbackApi = await webSocketApi(server, [{ routeKey: 'notify', integration: { IntegrationType: 'AWS_PROXY', IntegrationUri: invocationUri('ws-callback') } }]);
    const c = await connect(server, callbackApi);
    c.ws.send('{"action":"notify"}');
    assert.equal(await c.next(), 'callback: {"action":"notify"}');
    await c.close();
  });

  test('a stage the API does not have is 403 ForbiddenException', async () => {
    const other = new ApiGatewayManagementApiClient({ ...server.g.clientConfig(), endpoint: `${server.g.url}/_aws/execute-api/${apiId}/nostage`, maxAttempts: 1 });
    await assert.rejects(other.send(new GetConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=' })), (err: Error & { $metadata: { httpStatusCode?: number } }) => {
      assert.equal(err.name, 'ForbiddenException');
      assert.equal(err.$metadata.httpStatusCode, 403);
      return true;
    });
    other.destroy();
  });
});

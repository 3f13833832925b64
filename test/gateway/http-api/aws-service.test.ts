/**
 * HTTP API AWS service integrations (integrationSubtype) sent to --aws-endpoint: a moto server
 * for SQS-SendMessage / SQS-ReceiveMessage / SQS-PurgeQueue (query protocol), Kinesis-PutRecord
 * and EventBridge-PutEvents (JSON protocols); a silent endpoint for the timeout (503).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { startTestGatehouse, type TestGatehouse } from '../../helpers/gatehouse.js';
import { http, type HttpAnswer } from '../../helpers/http.js';
import { startMoto, type Moto } from '../../helpers/moto.js';

interface Running {
  g: TestGatehouse;
  v2: ApiGatewayV2Client;
}

async function serviceApi(r: Running, routes: { routeKey: string; subtype: string; parameters: Record<string, string>; timeoutMs?: number }[]): Promise<string> {
  const api = await r.v2.send(new CreateApiCommand({ Name: 'services', ProtocolType: 'HTTP' }));
  for (const route of routes) {
    const integration = await r.v2.send(
      new CreateIntegrationCommand({
        ApiId: api.ApiId!,
        IntegrationType: 'AWS_PROXY',
        IntegrationSubtype: route.subtype,
        PayloadFormatVersion: '1.0',
        CredentialsArn: 'arn:aws:iam::000000000000:role/services',
        RequestParameters: route.parameters,
        TimeoutInMillis: route.timeoutMs,
      }),
    );
    await r.v2.send(new CreateRouteCommand({ ApiId: api.ApiId!, RouteKey: route.routeKey, Target: `integrations/${integration.IntegrationId}` }));
  }
  await r.v2.send(new CreateStageCommand({ ApiId: api.ApiId!, StageName: '$default', AutoDeploy: true }));
  return api.ApiId!;
}

const call = (r: Running, apiId: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> =>
  http(r.g.url, { ...options, path, host: `${apiId}.execute-api.localhost` });

describe('HTTP API AWS service integrations through moto', () => {
  let moto: Moto;
  const r = {} as Running;
  before(async () => {
    moto = await startMoto();
    r.g = await startTestGatehouse({ awsEndpoint: moto.url });
    r.v2 = new ApiGatewayV2Client({ ...r.g.clientConfig(), maxAttempts: 1 });
  });
  after(async () => {
    r.v2?.destroy();
    await r.g?.stop();
    await moto?.stop();
  });

  test('SQS-SendMessage, SQS-ReceiveMessage and SQS-PurgeQueue with mapped request values', async () => {
    const created = await moto.call('sqs', 'POST', '/', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateQueue&QueueName=http-orders' });
    const queueUrl = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(created.text)![1];
    const apiId = await serviceApi(r, [
      { routeKey: 'POST /send', subtype: 'SQS-SendMessage', parameters: { QueueUrl: queueUrl, MessageBody: '$request.body.message', MessageAttributes: '{"source": {"DataType": "String", "StringValue": "${request.header.x-source}"}}' } },
      { routeKey: 'GET /receive', subtype: 'SQS-ReceiveMessage', parameters: { QueueUrl: queueUrl, MaxNumberOfMessages: '$request.querystring.max', MessageAttributeNames: 'All' } },
      { routeKey: 'DELETE /messages', subtype: 'SQS-PurgeQueue', parameters: { QueueUrl: queueUrl } },
    ]);
    const sent = await call(r, apiId, '/send', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Source': 'web' }, body: JSON.stringify({ message: 'hello & welcome' }) });
    assert.equal(sent.status, 200, sent.text);
    assert.match(sent.text, /<MessageId>/);
    const received = await call(r, apiId, '/receive?max=5');
    assert.equal(received.status, 200, received.text);
    assert.match(received.text, /<Body>hello &amp; welcome<\/Body>/);
    assert.match(received.text, /<Name>source<\/Name><Value><StringValue>web<\/StringValue>|<Name>source<\/Name>[\s\S]*<StringValue>web<\/StringValue>/);
    const purged = await call(r, apiId, '/messages', { method: 'DELETE' });
    assert.equal(purged.status, 200, purged.text);
    // A service error comes back with the service's status.
    const bad = await serviceApi(r, [{ routeKey: 'POST /send', subtype: 'SQS-SendMessage', parameters: { QueueUrl: `${moto.url}/123456789012/absent`, MessageBody: '$request.body' } }]);
    const failed = await call(r, bad, '/send', { method: 'POST', body: 'x' });
    assert.equal(failed.status, 400, failed.text);
    assert.match(failed.text, /NonExistentQueue|QueueDoesNotExist/);
  });

  test('Kinesis-PutRecord and EventBridge-PutEvents: the JSON protocols', async () => {
    const kinesis = (action: string, body: unknown) =>
      moto.call('kinesis', 'POST', '/', { headers: { 'X-Amz-Target': `Kinesis_20131202.${action}`, 'Content-Type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });
    await kinesis('CreateStream', { StreamName: 'http-stream', ShardCount: 1 });
    const shardId = (await kinesis('DescribeStream', { StreamName: 'http-stream' })).json<{ StreamDescription: { Shards: { ShardId: string }[] } }>().StreamDescription.Shards[0].ShardId;
    const iterator = (await kinesis('GetShardIterator', { StreamName: 'http-stream', ShardIteratorType: 'TRIM_HORIZON', ShardId: shardId })).json<{ ShardIterator: string }>().ShardIterator;
    const data = Buffer.from('{"n":1}').toString('base64');
    const apiId = await serviceApi(r, [
      { routeKey: 'POST /records', subtype: 'Kinesis-PutRecord', parameters: { StreamName: 'http-stream', Data: '$request.body.data', PartitionKey: '$request.header.x-key' } },
      { routeKey: 'POST /events', subtype: 'EventBridge-PutEvents', parameters: { Detail: '$request.body', DetailType: 'order', Source: 'shop.web' } },
    ]);
    const put = await call(r, apiId, '/records', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Key': 'k1' }, body: JSON.stringify({ data }) });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json<{ ShardId: string }>().ShardId, shardId);
    const records = (await kinesis('GetRecords', { ShardIterator: iterator })).json<{ Records: { Data: string; PartitionKey: string }[] }>().Records;
    assert.deepEqual(records.map((x) => [Buffer.from(x.Data, 'base64').toString(), x.PartitionKey]), [['{"n":1}', 'k1']]);
    const events = await call(r, apiId, '/events', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"id":7}' });
    assert.equal(events.status, 200, events.text);
    const answer = events.json<{ FailedEntryCount: number; Entries: { EventId?: string }[] }>();
    assert.equal(answer.FailedEntryCount, 0);
    assert.equal(answer.Entries.length, 1);
    assert.ok(answer.Entries[0].EventId);
  });
});

describe('HTTP API AWS service integrations: timeout', () => {
  let endpoint: HttpServer;
  const r = {} as Running;
  before(async () => {
    endpoint = createServer(() => {}); // never answers
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    r.g = await startTestGatehouse({ awsEndpoint: `http://127.0.0.1:${(endpoint.address() as { port: number }).port}` });
    r.v2 = new ApiGatewayV2Client({ ...r.g.clientConfig(), maxAttempts: 1 });
  });
  after(async () => {
    r.v2?.destroy();
    await r.g?.stop();
    endpoint.closeAllConnections();
    await new Promise<void>((resolve) => endpoint.close(() => resolve()));
  });

  test('no answer within timeoutInMillis: 503 Service Unavailable', async () => {
    const apiId = await serviceApi(r, [{ routeKey: 'POST /send', subtype: 'SQS-SendMessage', parameters: { QueueUrl: 'q', MessageBody: '$request.body' }, timeoutMs: 50 }]);
    const res = await call(r, apiId, '/send', { method: 'POST', body: 'x' });
    assert.equal(res.status, 503, res.text);
    assert.deepEqual(res.json(), { message: 'Service Unavailable' });
  });
});

/**
 * AWS integrations with services other than Lambda, sent to --aws-endpoint: a moto server for
 * DynamoDB (action form, JSON protocol), SQS (path and action forms, query protocol) and S3
 * (path form); a local endpoint that checks the SigV4 signature and sees what API Gateway sends;
 * the integration's timeout.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-request-basic-setup.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Config } from '../../src/config.js';
import { parseSigV4, verifySigV4 } from '../../src/aws/sigv4.js';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi } from '../helpers/deployed-api.js';
import { startMoto, type Moto } from '../helpers/moto.js';

const ACCOUNT = '123456789012'; // moto's default account

describe('AWS service integrations through moto', () => {
  let moto: Moto;
  const overrides: Partial<Config> = {};
  before(async () => {
    moto = await startMoto();
    overrides.awsEndpoint = moto.url;
  });
  after(() => moto?.stop());
  const server = useGatehouse(overrides);

  test('DynamoDB PutItem and GetItem through request and response templates', async () => {
    const created = await moto.call('dynamodb', 'POST', '/', {
      headers: { 'X-Amz-Target': 'DynamoDB_20120810.CreateTable', 'Content-Type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ TableName: 'pets', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
    });
    assert.equal(created.status, 200, created.text);
    const api = await deployApi(server, {
      methods: [
        {
          path: '/pets',
          httpMethod: 'POST',
          integration: {
            type: 'AWS',
            integrationHttpMethod: 'POST',
            uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/PutItem',
            requestTemplates: { 'application/json': `{"TableName": "$input.path('$.table')", "Item": {"id": {"S": "$input.path('$.id')"}, "name": {"S": "$input.path('$.name')"}}}` },
          },
          responses: [
            { statusCode: '200', responseTemplates: { 'application/json': '{"stored": true}' } },
            { statusCode: '400', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': `{"error": "$util.escapeJavaScript($input.path('$.__type'))"}` } },
          ],
        },
        {
          path: '/pets/{id}',
          integration: {
            type: 'AWS',
            integrationHttpMethod: 'POST',
            uri: 'arn:aws:apigateway:us-east-1:dynamodb:action/GetItem',
            requestTemplates: { 'application/json': `{"TableName": "pets", "Key": {"id": {"S": "$input.params('id')"}}}` },
          },
          responses: [{ statusCode: '200', responseTemplates: { 'application/json': `#set($item = $input.path('$.Item')){"id": "$item.id.S", "name": "$item.name.S"}` } }],
        },
      ],
    });
    const put = await api.call('/pets', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ table: 'pets', id: 'p1', name: 'Rex' }) });
    assert.equal(put.status, 200, put.text);
    assert.deepEqual(put.json(), { stored: true });
    const got = await api.call('/pets/p1');
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json(), { id: 'p1', name: 'Rex' });
    // The item is in moto's table.
    const scan = await moto.call('dynamodb', 'POST', '/', { headers: { 'X-Amz-Target': 'DynamoDB_20120810.Scan', 'Content-Type': 'application/x-amz-json-1.0' }, body: '{"TableName":"pets"}' });
    assert.deepEqual(scan.json<{ Items: unknown[] }>().Items, [{ id: { S: 'p1' }, name: { S: 'Rex' } }]);
    // The service's error status selects the 400 response.
    const missing = await api.call('/pets', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ table: 'nope', id: 'p2', name: 'Max' }) });
    assert.equal(missing.status, 400, missing.text);
    assert.match(missing.json<{ error: string }>().error, /ResourceNotFoundException/);
  });

  test('SQS SendMessage: path form with a form-encoded template, action form with mapped query parameters', async () => {
    const created = await moto.call('sqs', 'POST', '/', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=CreateQueue&QueueName=orders' });
    assert.equal(created.status, 200, created.text);
    const queueUrl = /<QueueUrl>([^<]+)<\/QueueUrl>/.exec(created.text)![1];
    const api = await deployApi(server, {
      methods: [
        {
          path: '/orders',
          httpMethod: 'POST',
          integration: {
            type: 'AWS',
            integrationHttpMethod: 'POST',
            uri: `arn:aws:apigateway:us-east-1:sqs:path/${ACCOUNT}/orders`,
            requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
            requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
          },
          responses: [{ statusCode: '200' }],
        },
        {
          path: '/send',
          requestParameters: { 'method.request.querystring.text': true },
          integration: {
            type: 'AWS',
            // moto reads query-protocol parameters of a POST with a form Content-Type only.
            integrationHttpMethod: 'POST',
            uri: 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage',
            requestParameters: {
              'integration.request.querystring.QueueUrl': `'${queueUrl}'`,
              'integration.request.querystring.MessageBody': 'method.request.querystring.text',
              'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'",
            },
          },
          responses: [{ statusCode: '200' }],
        },
      ],
    });
    const body = JSON.stringify({ order: 42, note: 'a&b=c d' });
    const sent = await api.call('/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    assert.equal(sent.status, 200, sent.text);
    assert.match(sent.text, /<SendMessageResponse/);
    const viaAction = await api.call('/send?text=hello%20there');
    assert.equal(viaAction.status, 200, viaAction.text);
    assert.match(viaAction.text, /<MessageId>/);
    const received = await moto.call('sqs', 'POST', `/${ACCOUNT}/orders`, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Action=ReceiveMessage&MaxNumberOfMessages=10' });
    const bodies = [...received.text.matchAll(/<Body>([^<]*)<\/Body>/g)].map((m) => m[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    assert.deepEqual(bodies.sort(), [body, 'hello there'].sort());
  });

  test('S3 PutObject and GetObject: path form with mapped path variables', async () => {
    const bucket = await moto.call('s3', 'PUT', '/files');
    assert.equal(bucket.status, 200, bucket.text);
    const s3 = (httpMethod: string) => ({
      path: '/objects/{key}',
      httpMethod,
      requestParameters: { 'method.request.path.key': true },
      integration: {
        type: 'AWS' as const,
        integrationHttpMethod: httpMethod,
        uri: 'arn:aws:apigateway:us-east-1:s3:path/files/{object}',
        requestParameters: { 'integration.request.path.object': 'method.request.path.key' },
      },
      responses: [
        { statusCode: '200', responseParameters: { 'method.response.header.Content-Type': 'integration.response.header.Content-Type' } },
        { statusCode: '404', selectionPattern: '404' },
      ],
    });
    const api = await deployApi(server, { methods: [s3('PUT'), s3('GET')] });
    const put = await api.call('/objects/notes.txt', { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'hello s3' });
    assert.equal(put.status, 200, put.text);
    const direct = await moto.call('s3', 'GET', '/files/notes.txt');
    assert.equal(direct.text, 'hello s3');
    const got = await api.call('/objects/notes.txt');
    assert.equal(got.status, 200, got.text);
    assert.equal(got.text, 'hello s3');
    assert.equal(got.headers['content-type'], 'text/plain');
    const missing = await api.call('/objects/absent.txt');
    assert.equal(missing.status, 404, missing.text);
    assert.match(missing.text, /NoSuchKey/);
  });
});

interface Seen {
  req: IncomingMessage;
  body: Buffer;
}

describe('AWS service integrations: what is sent, signed', () => {
  let endpoint: HttpServer;
  const seen: Seen[] = [];
  const overrides: Partial<Config> = {};
  before(async () => {
    endpoint = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.url?.startsWith('/hang')) return; // answers never: the integration times out
        seen.push({ req, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":1}');
      });
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    overrides.awsEndpoint = `http://AKIDEXAMPLE:secret%2Fkey@127.0.0.1:${(endpoint.address() as { port: number }).port}`;
  });
  after(() => new Promise<void>((resolve) => { endpoint.closeAllConnections(); endpoint.close(() => resolve()); }));
  const server = useGatehouse(overrides);

  async function verify(s: Seen) {
    const url = new URL(s.req.url!, 'http://x');
    const cred = parseSigV4(s.req.headers, url.searchParams);
    assert.ok(cred, 'the request is signed');
    await verifySigV4(cred, 'secret/key', { method: s.req.method!, host: s.req.headers.host!, path: url.pathname, query: url.searchParams, headers: s.req.headers, body: s.body });
    return { cred, url };
  }

  test('JSON protocol action: X-Amz-Target, its Content-Type, signed for the service and region of the uri', async () => {
    const api = await deployApi(server, {
      methods: [{
        path: '/put',
        httpMethod: 'POST',
        integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:eu-west-1:kinesis:action/PutRecord', requestTemplates: { 'application/json': '{"StreamName": "s", "Data": "$util.base64Encode($input.body)"}' } },
        responses: [{ statusCode: '200' }],
      }],
    });
    seen.length = 0;
    const res = await api.call('/put', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'hi' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { ok: 1 });
    assert.equal(seen.length, 1);
    const { cred, url } = await verify(seen[0]);
    assert.deepEqual([cred.accessKeyId, cred.region, cred.service], ['AKIDEXAMPLE', 'eu-west-1', 'kinesis']);
    assert.equal(url.pathname, '/');
    assert.equal(seen[0].req.headers['x-amz-target'], 'Kinesis_20131202.PutRecord');
    assert.equal(seen[0].req.headers['content-type'], 'application/x-amz-json-1.1');
    assert.deepEqual(JSON.parse(seen[0].body.toString()), { StreamName: 's', Data: Buffer.from('hi').toString('base64') });
  });

  test('query protocol action: Action first in the query string, mapped query values and headers, signed', async () => {
    const api = await deployApi(server, {
      methods: [{
        path: '/publish',
        requestParameters: { 'method.request.querystring.topic': true, 'method.request.querystring.msg': true },
        integration: {
          type: 'AWS',
          integrationHttpMethod: 'POST',
          uri: 'arn:aws:apigateway:us-west-2:sns:action/Publish',
          requestParameters: { 'integration.request.querystring.TopicArn': 'method.request.querystring.topic', 'integration.request.querystring.Message': 'method.request.querystring.msg', 'integration.request.header.X-Extra': "'yes'" },
        },
        responses: [{ statusCode: '200' }],
      }],
    });
    seen.length = 0;
    const res = await api.call('/publish?topic=arn%3Aaws%3Asns%3Aus-west-2%3A1%3At&msg=a%20b%2Bc%26d');
    assert.equal(res.status, 200, res.text);
    const { cred, url } = await verify(seen[0]);
    assert.deepEqual([cred.region, cred.service], ['us-west-2', 'sns']);
    assert.equal(url.search.split('&')[0], '?Action=Publish');
    assert.equal(url.searchParams.get('TopicArn'), 'arn:aws:sns:us-west-2:1:t');
    assert.equal(url.searchParams.get('Message'), 'a b+c&d');
    assert.equal(seen[0].req.headers['x-extra'], 'yes');
  });

  test('path form with characters to encode: signed as the service expects', async () => {
    const api = await deployApi(server, {
      methods: [{
        path: '/o/{key}',
        requestParameters: { 'method.request.path.key': true },
        integration: { type: 'AWS', integrationHttpMethod: 'GET', uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket/{k}', requestParameters: { 'integration.request.path.k': 'method.request.path.key' } },
        responses: [{ statusCode: '200' }],
      }],
    });
    seen.length = 0;
    const res = await api.call('/o/a%20b%2Bc');
    assert.equal(res.status, 200, res.text);
    const { cred, url } = await verify(seen[0]);
    assert.equal(cred.service, 's3');
    assert.equal(decodeURIComponent(url.pathname), '/bucket/a b+c');
  });

  test("the integration's timeoutInMillis: 504 when the service does not answer in time", async () => {
    const api = await deployApi(server, {
      methods: [{ path: '/slow', integration: { type: 'AWS', integrationHttpMethod: 'GET', uri: 'arn:aws:apigateway:us-east-1:s3:path/hang', timeoutInMillis: 50 }, responses: [{ statusCode: '200' }] }],
    });
    const res = await api.call('/slow');
    assert.equal(res.status, 504, res.text);
    assert.deepEqual(res.json(), { message: 'Endpoint request timed out' });
  });
});

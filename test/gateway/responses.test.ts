/**
 * What the client gets back from MOCK and non-proxy HTTP integrations: the integration response
 * the status selects, its header mappings and template, overrides, Content-Type defaults and the
 * headers API Gateway adds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateDeploymentCommand, DeleteMethodResponseCommand, GetResourcesCommand } from '@aws-sdk/client-api-gateway';
import { useGatehouse } from '../helpers/gatehouse.js';
import { deployApi, headerNames } from '../helpers/deployed-api.js';

const INTERNAL = { message: 'Internal server error' };
const mock = (template?: string) => ({ type: 'MOCK' as const, ...(template === undefined ? {} : { requestTemplates: { 'application/json': template } }) });

/** An endpoint answering JSON with headers an integration response can map. */
async function startBackend(): Promise<{ url: string; close(): Promise<void> }> {
  const server: HttpServer = createServer((req, res) => {
    res.setHeader('X-App-Id', 'app-7');
    res.setHeader('Set-Cookie', ['a=1', 'b=2']);
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ redirect: { url: 'https://example.com/next' }, count: 5, tags: ['x', 'y'], multiline: 'one\ntwo' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('integration responses', () => {
  const server = useGatehouse({ inMemory: true });
  let backend: { url: string; close(): Promise<void> };
  before(async () => {
    backend = await startBackend();
  });
  after(() => backend.close());

  test('the MOCK statusCode selects the integration response whose pattern matches the whole status', async () => {
    const api = await deployApi(server, {
      methods: [
        {
          path: '/mock/{code}',
          integration: mock(`{"statusCode": $input.params('code')}`),
          responses: [
            { statusCode: '200', responseTemplates: { 'application/json': '{"r": "default"}' } },
            { statusCode: '404', selectionPattern: '404', responseTemplates: { 'application/json': '{"r": "not found"}' } },
            { statusCode: '500', selectionPattern: '5\\d{2}', responseTemplates: { 'application/json': '{"r": "server"}' } },
            { statusCode: '401', selectionPattern: '41', responseTemplates: { 'application/json': '{"r": "never"}' } },
          ],
        },
      ],
    });
    for (const [code, status, r] of [['404', 404, 'not found'], ['503', 500, 'server'], ['418', 200, 'default'], ['41', 401, 'never'], ['200', 200, 'default']] as const) {
      const res = await api.call(`/mock/${code}`);
      assert.equal(res.status, status, `status for ${code}`);
      assert.deepEqual(res.json(), { r }, `body for ${code}`);
    }
  });

  test('MOCK answers 500 when its request body holds no integer statusCode, and reads CDK-style unquoted keys', async () => {
    const api = await deployApi(server, {
      methods: [
        { path: '/none', integration: mock(), responses: [{ statusCode: '200' }] },
        { path: '/text', integration: mock('hello'), responses: [{ statusCode: '200' }] },
        { path: '/string', integration: mock('{"statusCode": "200"}'), responses: [{ statusCode: '200' }] },
        { path: '/array', integration: mock('[200]'), responses: [{ statusCode: '200' }] },
        { path: '/unquoted', integration: mock('{statusCode: 200}'), responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }] },
        // No template: the client's own body is the integration request (passthrough).
        { path: '/passthrough', httpMethod: 'POST', integration: mock(), responses: [{ statusCode: '200' }, { statusCode: '201', selectionPattern: '201' }] },
      ],
    });
    for (const path of ['/none', '/text', '/string', '/array']) {
      const res = await api.call(path);
      assert.equal(res.status, 500, path);
      assert.deepEqual(res.json(), INTERNAL, path);
      assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException', path);
      assert.equal(res.headers['content-type'], 'application/json', path);
    }
    assert.deepEqual((await api.call('/unquoted')).json(), { ok: true });
    const posted = await api.call('/passthrough', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"statusCode": 201}' });
    assert.equal(posted.status, 201);
    assert.equal(posted.text, '');
  });

  test('no integration response for the status, and no default one: 500 Internal server error', async () => {
    const api = await deployApi(server, {
      methods: [{ path: '/', integration: mock('{"statusCode": 404}'), responses: [{ statusCode: '200', selectionPattern: '2\\d{2}' }] }],
    });
    const res = await api.call('/');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), INTERNAL);
    assert.equal(res.headers['x-amzn-errortype'], 'InternalServerErrorException');
  });

  test('an integration response whose status the method does not declare is 500 Internal server error', async () => {
    const api = await deployApi(server, { methods: [{ path: '/', integration: mock('{"statusCode": 200}'), responses: [{ statusCode: '200' }] }] });
    const { resourceId } = await rootOf(api.restApiId);
    await server.client.send(new DeleteMethodResponseCommand({ restApiId: api.restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
    assert.equal((await api.call('/')).status, 200, 'live only after a deployment');
    await server.client.send(new CreateDeploymentCommand({ restApiId: api.restApiId, stageName: api.stage }));
    const res = await api.call('/');
    assert.equal(res.status, 500);
    assert.deepEqual(res.json(), INTERNAL);
  });

  async function rootOf(restApiId: string): Promise<{ resourceId: string }> {
    const resources = await server.client.send(new GetResourcesCommand({ restApiId }));
    return { resourceId: resources.items!.find((r) => r.path === '/')!.id! };
  }

  test('the response template is the one for the first Accept type, else application/json, else the first', async () => {
    const templates = { 'application/json': '{"t": "json"}', 'application/xml': '<t>xml</t>', 'text/html': '<p>html</p>' };
    const api = await deployApi(server, {
      methods: [
        { path: '/three', integration: mock('{"statusCode": 200}'), responses: [{ statusCode: '200', responseTemplates: templates }] },
        { path: '/xml-only', integration: mock('{"statusCode": 200}'), responses: [{ statusCode: '200', responseTemplates: { 'application/xml': '<only/>' } }] },
      ],
    });
    const cases: [string | undefined, string, string][] = [
      [undefined, '{"t": "json"}', 'application/json'],
      ['application/xml', '<t>xml</t>', 'application/xml'],
      ['text/html; charset=utf-8', '<p>html</p>', 'text/html'],
      ['application/xml;q=0.5, text/html', '<t>xml</t>', 'application/xml'],
      ['text/html, application/xml', '<p>html</p>', 'text/html'],
      ['image/png', '{"t": "json"}', 'application/json'],
    ];
    for (const [accept, body, type] of cases) {
      const res = await api.call('/three', { headers: accept ? { accept } : {} });
      assert.equal(res.text, body, `Accept ${accept}`);
      assert.equal(res.headers['content-type'], type, `Accept ${accept}`);
    }
    assert.equal((await api.call('/xml-only')).text, '<only/>');
    assert.equal((await api.call('/xml-only', { headers: { accept: 'text/plain' } })).text, '<only/>');
  });

  test('Content-Type is the mapped one, else the template type, else application/json', async () => {
    const api = await deployApi(server, {
      methods: [
        { path: '/plain', integration: mock('{"statusCode": 200}'), responses: [{ statusCode: '200' }] },
        {
          path: '/mapped',
          integration: mock('{"statusCode": 200}'),
          responses: [{ statusCode: '200', responseParameters: { 'method.response.header.Content-Type': "'text/csv'" }, responseTemplates: { 'application/json': 'a,b' } }],
        },
      ],
    });
    const plain = await api.call('/plain');
    assert.equal(plain.status, 200);
    assert.equal(plain.text, '');
    assert.equal(plain.headers['content-type'], 'application/json');
    assert.equal(plain.headers['content-length'], '0');
    const mapped = await api.call('/mapped');
    assert.equal(mapped.headers['content-type'], 'text/csv');
    assert.equal(mapped.text, 'a,b');
  });

  test('response parameters map static values, $context, stage variables and the endpoint headers and JSON body', async () => {
    const api = await deployApi(server, {
      stageVariables: { flavour: 'lemon' },
      methods: [
        {
          path: '/',
          integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: backend.url },
          responses: [
            {
              statusCode: '200',
              responseParameters: {
                'method.response.header.X-Static': "'fixed value'",
                'method.response.header.X-Stage': 'context.stage',
                'method.response.header.X-Flavour': 'stageVariables.flavour',
                'method.response.header.X-App': 'integration.response.header.X-App-Id',
                'method.response.header.X-Cookies': 'integration.response.multivalueheader.Set-Cookie',
                'method.response.header.Location': 'integration.response.body.redirect.url',
                'method.response.header.X-Count': 'integration.response.body.count',
                'method.response.header.X-Tags': 'integration.response.body.tags',
                'method.response.header.X-Missing': 'integration.response.body.nothing.here',
              },
            },
          ],
        },
      ],
    });
    const res = await api.call('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-static'], 'fixed value');
    assert.equal(res.headers['x-stage'], 'test');
    assert.equal(res.headers['x-flavour'], 'lemon');
    assert.equal(res.headers['x-app'], 'app-7');
    assert.equal(res.headers['x-cookies'], 'a=1,b=2');
    assert.equal(res.headers['location'], 'https://example.com/next');
    assert.equal(res.headers['x-count'], '5');
    assert.equal(res.headers['x-tags'], '["x","y"]');
    assert.equal(res.headers['x-missing'], undefined);
    // Endpoint headers reach the client only through mappings.
    assert.equal(res.headers['x-app-id'], undefined);
    assert.equal(res.headers['set-cookie'], undefined);
    assert.deepEqual(res.json(), { redirect: { url: 'https://example.com/next' }, count: 5, tags: ['x', 'y'], multiline: 'one\ntwo' });
  });

  test('a mapped value HTTP cannot carry in a header is left out; the answer still comes', async () => {
    const api = await deployApi(server, {
      methods: [
        {
          path: '/',
          integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: backend.url },
          responses: [{ statusCode: '200', responseParameters: { 'method.response.header.X-Bad': 'integration.response.body.multiline', 'method.response.header.X-Good': "'ok'" } }],
        },
      ],
    });
    const res = await api.call('/');
    assert.equal(res.status, 200);
    assert.equal(res.headers['x-bad'], undefined);
    assert.equal(res.headers['x-good'], 'ok');
  });

  test('$context.responseOverride sets the status and headers, from the response or the request template', async () => {
    const api = await deployApi(server, {
      methods: [
        {
          path: '/response',
          integration: mock('{"statusCode": 200}'),
          responses: [
            {
              statusCode: '200',
              responseParameters: { 'method.response.header.X-Mapped': "'mapped'" },
              responseTemplates: {
                'application/json': '#set($context.responseOverride.status = 201)#set($context.responseOverride.header.X-Mapped = "overridden")#set($context.responseOverride.header.X-New = "new"){"done": true}',
              },
            },
          ],
        },
        {
          path: '/request',
          integration: mock('#set($context.responseOverride.status = 444)#set($context.responseOverride.header.foo = "bar"){"statusCode": 200}'),
          responses: [{ statusCode: '200' }],
        },
        {
          path: '/invalid',
          integration: mock('{"statusCode": 200}'),
          responses: [{ statusCode: '200', responseTemplates: { 'application/json': '#set($context.responseOverride.status = 9999){}' } }],
        },
      ],
    });
    const res = await api.call('/response');
    assert.equal(res.status, 201);
    assert.equal(res.headers['x-mapped'], 'overridden');
    assert.equal(res.headers['x-new'], 'new');
    assert.deepEqual(res.json(), { done: true });
    const fromRequest = await api.call('/request');
    assert.equal(fromRequest.status, 444);
    assert.equal(fromRequest.headers['foo'], 'bar');
    assert.equal(fromRequest.text, '');
    assert.equal((await api.call('/invalid')).status, 200, 'AWS ignores a status override that is no HTTP status');
  });

  test('mapped headers API Gateway owns come back as x-amzn-Remapped-*, a mapped Transfer-Encoding is dropped', async () => {
    const api = await deployApi(server, {
      methods: [
        {
          path: '/',
          integration: mock('{"statusCode": 200}'),
          responses: [
            {
              statusCode: '200',
              responseParameters: {
                'method.response.header.Date': "'mapped date'",
                'method.response.header.Server': "'mapped server'",
                'method.response.header.Content-Length': "'12345'",
                'method.response.header.Connection': "'mapped connection'",
                'method.response.header.Transfer-Encoding': "'chunked'",
                'method.response.header.Pragma': "'no-cache'",
              },
              responseTemplates: { 'application/json': '{"ok": 1}' },
            },
          ],
        },
      ],
    });
    const res = await api.call('/');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { ok: 1 });
    assert.equal(res.headers['content-length'], '9');
    assert.equal(res.headers['x-amzn-remapped-date'], 'mapped date');
    assert.equal(res.headers['x-amzn-remapped-server'], 'mapped server');
    assert.equal(res.headers['x-amzn-remapped-content-length'], '12345');
    assert.equal(res.headers['x-amzn-remapped-connection'], 'mapped connection');
    assert.equal(res.headers['transfer-encoding'], undefined);
    assert.equal(res.headers['pragma'], 'no-cache');
    const names = headerNames(res);
    assert.ok(names.includes('x-amzn-Remapped-Date'), names.join(' '));
    assert.ok(names.includes('x-amzn-Remapped-Content-Length'), names.join(' '));
  });

  test('every answer carries x-amzn-RequestId and x-amz-apigw-id; only a called endpoint adds X-Amzn-Trace-Id', async () => {
    const api = await deployApi(server, {
      methods: [
        { path: '/mock', integration: mock('{"statusCode": 200}'), responses: [{ statusCode: '200' }] },
        { path: '/http', integration: { type: 'HTTP', integrationHttpMethod: 'GET', uri: backend.url }, responses: [{ statusCode: '200' }] },
      ],
    });
    const fromMock = await api.call('/mock');
    assert.match(String(fromMock.headers['x-amzn-requestid']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(String(fromMock.headers['x-amz-apigw-id']), /^[A-Za-z0-9_-]{15}=$/);
    assert.equal(fromMock.headers['x-amzn-trace-id'], undefined);
    const names = headerNames(fromMock);
    for (const n of ['x-amzn-RequestId', 'x-amz-apigw-id', 'Content-Type', 'Content-Length']) assert.ok(names.includes(n), `${n} in ${names.join(' ')}`);

    const fromHttp = await api.call('/http');
    assert.match(String(fromHttp.headers['x-amzn-trace-id']), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}/);
    assert.ok(headerNames(fromHttp).includes('X-Amzn-Trace-Id'));
    const sent = 'Root=1-3152b799-8954dae64eda91bc9a23a7e8;Parent=7fa8c0f79203be72;Sampled=1';
    const traced = await api.call('/http', { headers: { 'x-amzn-trace-id': sent } });
    assert.ok(String(traced.headers['x-amzn-trace-id']).includes('Root=1-3152b799-8954dae64eda91bc9a23a7e8'));

    const missing = await api.call('/nowhere');
    assert.equal(missing.status, 403);
    assert.equal(missing.headers['x-amzn-trace-id'], undefined);
    assert.ok(missing.headers['x-amzn-requestid']);
  });

  test('HEAD answers the headers a GET would, without the body', async () => {
    const api = await deployApi(server, {
      methods: [{ path: '/', httpMethod: 'ANY', integration: mock('{"statusCode": 200}'), responses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"hello": "world"}' } }] }],
    });
    const res = await api.call('/', { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.body.length, 0);
    assert.equal(res.headers['content-length'], String('{"hello": "world"}'.length));
    assert.equal(res.headers['content-type'], 'application/json');
  });
});

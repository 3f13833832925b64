/**
 * TestInvokeMethod as a user runs it from the console or the CLI: the current definition runs,
 * deployed or not, and the answer carries the status, body, headers and an execution log.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateDeploymentCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TestInvokeMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, useGatehouse } from '../helpers/gatehouse.js';

describe('TestInvokeMethod', () => {
  const server = useGatehouse({ inMemory: true });
  let backend: HttpServer;
  let backendUrl = '';

  before(async () => {
    backend = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers: the integration times out
      res.setHeader('x-backend', 'seen');
      res.end(JSON.stringify({ method: req.method, url: req.url }));
    });
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
  });
  after(() => {
    backend.closeAllConnections();
    return new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  /** GET / on a fresh API: `integration` set as given, a 200 method response and integration response. */
  async function rootMethod(integration: Record<string, unknown>, responseTemplates?: Record<string, string>) {
    const c = server.client;
    const { restApiId, rootId } = await createRestApi(c, 'test-invoke');
    const at = { restApiId, resourceId: rootId, httpMethod: 'GET' };
    await c.send(new PutMethodCommand({ ...at, authorizationType: 'NONE' }));
    await c.send(new PutMethodResponseCommand({ ...at, statusCode: '200', responseParameters: { 'method.response.header.X-Backend': true } }));
    await c.send(new PutIntegrationCommand({ ...at, ...integration } as never));
    await c.send(
      new PutIntegrationResponseCommand({
        ...at,
        statusCode: '200',
        responseTemplates,
        responseParameters: integration.type === 'HTTP' ? { 'method.response.header.X-Backend': 'integration.response.header.x-backend' } : undefined,
      }),
    );
    return at;
  }

  const logLines = (log: string | undefined) => (log ?? '').split('\n').map((l) => l.replace(/^.* UTC \d{4} : /, ''));

  test('runs the current definition of an API that was never deployed, with the stage variables given', async () => {
    const at = await rootMethod(
      { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
      { 'application/json': '{"stage": "$context.stage", "color": "$stageVariables.color", "q": "$input.params(\'q\')", "h": "$input.params(\'X-Test\')"}' },
    );
    const res = await server.client.send(
      new TestInvokeMethodCommand({ ...at, pathWithQueryString: '/?q=1', headers: { 'X-Test': 'yes' }, stageVariables: { color: 'blue' } }),
    );
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body!), { stage: 'test-invoke-stage', color: 'blue', q: '1', h: 'yes' });
    assert.deepEqual(res.headers, { 'Content-Type': 'application/json' });
    assert.deepEqual(res.multiValueHeaders, { 'Content-Type': ['application/json'] });
    const lines = logLines(res.log);
    assert.ok(lines.includes('Method request query string: {q=1}'), res.log ?? '');
    assert.ok(lines.includes('Method request headers: {X-Test=yes}'), res.log ?? '');
    assert.equal(lines.at(-1), '');
    assert.equal(lines.at(-2), 'Method completed with status: 200');
  });

  test('sees an edit at once, while the deployed stage keeps serving the deployment', async () => {
    const at = await rootMethod({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, { 'application/json': '{"v": 1}' });
    await server.client.send(new CreateDeploymentCommand({ restApiId: at.restApiId, stageName: 'prod' }));
    await server.client.send(new PutIntegrationResponseCommand({ ...at, statusCode: '200', responseTemplates: { 'application/json': '{"v": 2}' } }));
    const res = await server.client.send(new TestInvokeMethodCommand(at));
    assert.deepEqual(JSON.parse(res.body!), { v: 2 });
    const live = await fetch(`${server.g.url}/_aws/execute-api/${at.restApiId}/prod/`);
    assert.deepEqual(await live.json(), { v: 1 });
  });

  test('an HTTP integration logs the endpoint request and response, and answers with the trace id first', async () => {
    const at = await rootMethod({ type: 'HTTP', integrationHttpMethod: 'GET', uri: `${backendUrl}/items/\${stageVariables.item}` });
    const res = await server.client.send(new TestInvokeMethodCommand({ ...at, stageVariables: { item: '42' } }));
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body!), { method: 'GET', url: '/items/42' });
    assert.deepEqual(Object.keys(res.headers ?? {}), ['X-Amzn-Trace-Id', 'Content-Type', 'X-Backend']);
    assert.equal(res.headers!['X-Backend'], 'seen');
    const lines = logLines(res.log);
    for (const expected of [
      `Endpoint request URI: ${backendUrl}/items/42`,
      `Sending request to ${backendUrl}/items/42`,
      `Endpoint response body before transformations: {"method":"GET","url":"/items/42"}`,
      'Successfully completed execution',
    ]) {
      assert.ok(lines.includes(expected), `${expected}\n${res.log}`);
    }
    assert.ok(lines.some((l) => /^Received response\. Status: 200, Integration latency: \d+ ms$/.test(l)), res.log ?? '');
  });

  test('an endpoint that does not answer in time: 504, the request logged as sent, then the timeout', async () => {
    const at = await rootMethod({ type: 'HTTP', integrationHttpMethod: 'GET', uri: `${backendUrl}/slow`, timeoutInMillis: 50 });
    const res = await server.client.send(new TestInvokeMethodCommand(at));
    assert.equal(res.status, 504);
    assert.deepEqual(JSON.parse(res.body!), { message: 'Endpoint request timed out' });
    const lines = logLines(res.log);
    const sent = lines.indexOf(`Sending request to ${backendUrl}/slow`);
    assert.ok(sent > 0, res.log ?? '');
    assert.deepEqual(lines.slice(sent + 1), ['Execution failed due to a timeout error', 'Method completed with status: 504', '']);
  });

  test('a method without integration answers 500 and logs the configuration error', async () => {
    const { restApiId, rootId } = await createRestApi(server.client, 'no integration');
    await server.client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
    const res = await server.client.send(new TestInvokeMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET' }));
    assert.equal(res.status, 500);
    assert.deepEqual(JSON.parse(res.body!), { message: 'Internal server error' });
    assert.deepEqual(res.headers, { 'x-amzn-ErrorType': 'InternalServerErrorException' });
    assert.ok(logLines(res.log).some((l) => l.startsWith('Execution failed due to configuration error: ')), res.log ?? '');
  });

  test('an integration that calls back into Gatehouse completes: the invocation runs outside the store transaction', async () => {
    // The callee's deployment is not cached yet, so answering it needs a store transaction of its own.
    const callee = await rootMethod({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }, { 'application/json': '{"callee": true}' });
    await server.client.send(new CreateDeploymentCommand({ restApiId: callee.restApiId, stageName: 'prod' }));
    const caller = await rootMethod({ type: 'HTTP', integrationHttpMethod: 'GET', uri: `${server.g.url}/_aws/execute-api/${callee.restApiId}/prod/` });
    const res = await server.client.send(new TestInvokeMethodCommand(caller));
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body!), { callee: true });
  });

  test('an unknown method, resource or API is NotFound, as AWS words it', async () => {
    const at = await rootMethod({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
    const failure = (input: typeof at) => server.client.send(new TestInvokeMethodCommand(input)).then(() => assert.fail('no error'), (e: Error) => [e.name, e.message]);
    assert.deepEqual(await failure({ ...at, httpMethod: 'PATCH' }), ['NotFoundException', 'Invalid Method identifier specified']);
    assert.deepEqual(await failure({ ...at, resourceId: 'nope' }), ['NotFoundException', 'Invalid Resource identifier specified']);
    assert.deepEqual(await failure({ ...at, restApiId: 'nope' }), ['NotFoundException', 'Invalid Resource identifier specified']);
  });
});

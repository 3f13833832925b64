/**
 * The listener's edges: requests node:http itself cannot parse, odd request targets, and
 * Gatehouse's own endpoints all answer with the JSON error shape every other answer has.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';

/** Sends raw bytes and returns everything the server answered before closing. */
function raw(g: TestGatehouse, bytes: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(g.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => (data += c));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: rest.join('\r\n\r\n') });
    });
  });
}

describe('HTTP edges', () => {
  let g: TestGatehouse;
  before(async () => {
    g = await startTestGatehouse({ inMemory: true });
  });
  after(() => g.stop());

  test('a request line node:http cannot parse gets a 400 JSON error', async () => {
    const res = await raw(g, 'GET /restapis\x01 HTTP/1.1\r\nHost: x\r\n\r\n');
    assert.equal(res.status, 400);
    assert.match(res.headers, /content-type: application\/json/);
    assert.match(res.headers, /x-amzn-errortype: badrequestexception/);
    assert.match((JSON.parse(res.body) as { message: string }).message, /not valid HTTP\/1\.1/);
  });

  test('headers over 16 KB get a 431 JSON error', async () => {
    const res = await raw(g, `GET /restapis HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.equal(res.status, 431);
    assert.match((JSON.parse(res.body) as { message: string }).message, /smaller than 16 KB/);
  });

  test('a HEAD request that cannot be parsed gets headers only', async () => {
    const res = await raw(g, `HEAD /restapis HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.equal(res.status, 431);
    assert.equal(res.body, '');
  });

  test('a path starting with // is a path, not a host', async () => {
    const res = await raw(g, 'GET //evil.example/restapis HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.notEqual(res.status, 500);
    assert.equal(res.status, 404);
    assert.match((JSON.parse(res.body) as { message: string }).message, /GET \/evil\.example\/restapis/);
  });

  test('an absolute-form request target is served like its path', async () => {
    const res = await raw(g, 'GET http://elsewhere.example/restapis HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { item: [] });
  });

  test('an unknown /_gatehouse endpoint is a 404 JSON answer pointing at health', async () => {
    const res = await fetch(`${g.url}/_gatehouse/nope`);
    assert.equal(res.status, 404);
    assert.match(((await res.json()) as { message: string }).message, /\/_gatehouse\/health/);
  });

  test('GET /_gatehouse/operations says which operations are implemented', async () => {
    const ops = (await (await fetch(`${g.url}/_gatehouse/operations`)).json()) as Record<string, Record<string, boolean>>;
    assert.deepEqual(Object.keys(ops).sort(), ['apigateway', 'apigatewaymanagementapi', 'apigatewayv2', 'lambda']);
    assert.equal(ops.apigateway.CreateRestApi, true);
    assert.equal(ops.lambda.Invoke, true);
    assert.equal(ops.lambda.ListLayers, false);
  });

  test('a request signed for a service Gatehouse does not serve is a 400 naming it', async () => {
    const res = await fetch(`${g.url}/bucket/key`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abcd' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownServiceException');
    assert.equal(((await res.json()) as { message: string }).message, "Gatehouse does not serve the 's3' service.");
  });

  test('a malformed Authorization header is a 403 IncompleteSignatureException, even in permissive mode', async () => {
    const res = await fetch(`${g.url}/restapis`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=broken' } });
    assert.equal(res.status, 403);
    assert.equal(res.headers.get('x-amzn-errortype'), 'IncompleteSignatureException');
  });

  test('the server keeps serving after malformed requests', async () => {
    await raw(g, 'BROKEN\r\n\r\n');
    const res = await fetch(`${g.url}/_gatehouse/health`);
    assert.equal(res.status, 200);
  });
});

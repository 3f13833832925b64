/**
 * The control plane's single entry (src/control/dispatch.ts): routing, NotImplemented for
 * operations without a handler, and the AWS error rendering every SDK parses.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AwsError, notFound } from '../../src/aws/errors.js';
import { loadModel } from '../../src/aws/model.js';
import { ControlPlane, renderError, type ControlRequest } from '../../src/control/dispatch.js';
import { MemoryStore } from '../../src/store/memory.js';

const request = (over: Partial<ControlRequest>): ControlRequest => ({
  service: 'apigateway',
  method: 'GET',
  rawSegments: [],
  query: new URLSearchParams(),
  headers: {},
  body: Buffer.alloc(0),
  scope: { account: '000000000000', region: 'us-east-1' },
  requestId: 'req-1',
  ...over,
});

describe('renderError', () => {
  test('an AwsError becomes its status, x-amzn-ErrorType and a JSON message (plus extra members)', () => {
    const out = renderError('apigateway', new AwsError('TooManyRequestsException', 'slow down', 429, { retryAfterSeconds: '1' }), 'req-1');
    assert.equal(out.status, 429);
    assert.deepEqual(out.headers, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException', 'x-amzn-requestid': 'req-1' });
    assert.deepEqual(JSON.parse(String(out.body)), { message: 'slow down', retryAfterSeconds: '1' });
  });

  test('Lambda errors also say whether the caller or the service is at fault', () => {
    assert.equal(JSON.parse(String(renderError('lambda', notFound('x'), 'r').body)).Type, 'User');
    assert.equal(JSON.parse(String(renderError('lambda', new AwsError('ServiceException', 'x', 500), 'r').body)).Type, 'Service');
  });

  test('anything else is a 500 InternalFailure that reveals no internals', (t) => {
    t.mock.method(console, 'error', () => {});
    const out = renderError('apigateway', new TypeError("Cannot read properties of undefined (reading 'secret')"), 'req-9');
    assert.equal(out.status, 500);
    assert.equal(out.headers['x-amzn-errortype'], 'InternalFailure');
    assert.deepEqual(JSON.parse(String(out.body)), { message: 'The request processing has failed because of an unknown error, exception or failure.' });
  });
});

describe('ControlPlane', () => {
  const control = new ControlPlane(new MemoryStore());

  test('status lists every modelled operation of each service', () => {
    for (const service of ['apigateway', 'apigatewayv2', 'apigatewaymanagementapi', 'lambda'] as const) {
      assert.deepEqual(Object.keys(control.status(service)), Object.keys(loadModel(service).operations).sort());
    }
    assert.equal(control.status('apigateway').CreateRestApi, true);
    assert.equal(control.status('lambda').ListLayers, false);
  });

  test('a path no operation has is a 404 UnknownOperationException naming method and path', async () => {
    const out = await control.handle(request({ method: 'GET', rawSegments: ['nothing', 'here'] }));
    assert.equal(out.status, 404);
    assert.equal(out.headers['x-amzn-errortype'], 'UnknownOperationException');
    assert.equal(JSON.parse(String(out.body)).message, 'No apigateway operation matches GET /nothing/here.');
  });

  test('an operation without a handler is a 501 NotImplemented naming service and operation', async () => {
    const out = await control.handle(request({ service: 'lambda', method: 'GET', rawSegments: ['2018-10-31', 'layers'] }));
    assert.equal(out.status, 501);
    assert.equal(out.headers['x-amzn-errortype'], 'NotImplemented');
    assert.equal(JSON.parse(String(out.body)).message, 'Gatehouse does not implement the lambda operation ListLayers yet.');
  });

  test('model validation runs before the handler, whether or not one exists', async () => {
    const out = await control.handle(request({ method: 'POST', rawSegments: ['restapis'], body: Buffer.from('{}') }));
    assert.equal(out.status, 400);
    assert.equal(out.headers['x-amzn-errortype'], 'ValidationException');
  });

  test("a handled operation answers with the model's status code and a request id", async () => {
    const out = await control.handle(request({ method: 'POST', rawSegments: ['restapis'], body: Buffer.from('{"name":"x"}'), requestId: 'req-42' }));
    assert.equal(out.status, 201);
    assert.equal(out.headers['x-amzn-requestid'], 'req-42');
    assert.equal(JSON.parse(String(out.body)).name, 'x');
  });
});

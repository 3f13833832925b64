/**
 * The front classifier (DESIGN.md, "One process, one port"): Host, path and SigV4 service decide
 * where a request goes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/server/classify.js';

describe('classify', () => {
  test("Gatehouse's own endpoints live under /_gatehouse", () => {
    assert.deepEqual(classify('localhost:4566', '/_gatehouse/health', 'apigateway'), { kind: 'gatehouse', path: '/_gatehouse/health' });
    assert.deepEqual(classify('localhost:4566', '/_gatehouse', undefined), { kind: 'gatehouse', path: '/_gatehouse' });
    assert.equal(classify('localhost:4566', '/_gatehousex', undefined).kind, 'control-plane');
  });

  test('an {apiId}.execute-api.* Host is an invocation of that API, whatever the path or signature', () => {
    assert.deepEqual(classify('abc123.execute-api.localhost:4566', '/prod/pets', undefined), { kind: 'data-plane', apiId: 'abc123', via: 'host' });
    assert.deepEqual(classify('ABC123.execute-api.us-east-1.amazonaws.com', '/restapis', 'apigateway'), { kind: 'data-plane', apiId: 'abc123', via: 'host' });
  });

  test('/_aws/execute-api/{apiId}/... is an invocation', () => {
    assert.deepEqual(classify('localhost', '/_aws/execute-api/abc123/prod/pets', undefined), { kind: 'data-plane', apiId: 'abc123', via: 'path' });
  });

  test('the legacy /restapis/{apiId}/{stage}/_user_request_/... path is an invocation', () => {
    assert.deepEqual(classify('localhost', '/restapis/abc123/prod/_user_request_/pets', undefined), { kind: 'data-plane', apiId: 'abc123', via: 'legacy-path' });
    assert.deepEqual(classify('localhost', '/restapis/abc123/prod/_user_request_', undefined), { kind: 'data-plane', apiId: 'abc123', via: 'legacy-path' });
    assert.equal(classify('localhost', '/restapis/abc123/prod/_user_request_x', undefined).kind, 'control-plane');
    assert.equal(classify('localhost', '/restapis/abc123/stages/prod', 'apigateway').kind, 'control-plane');
  });

  test('the SigV4 service picks the control plane; apigateway paths under /v2/ are API Gateway v2', () => {
    assert.deepEqual(classify('localhost', '/restapis', 'apigateway'), { kind: 'control-plane', service: 'apigateway' });
    assert.deepEqual(classify('localhost', '/v2/apis', 'apigateway'), { kind: 'control-plane', service: 'apigatewayv2' });
    assert.deepEqual(classify('localhost', '/2015-03-31/functions', 'lambda'), { kind: 'control-plane', service: 'lambda' });
    assert.deepEqual(classify('localhost', '/@connections/abc', 'execute-api'), { kind: 'control-plane', service: 'apigatewaymanagementapi' });
  });

  test('a service Gatehouse does not serve is named as such', () => {
    assert.deepEqual(classify('localhost', '/bucket/key', 's3'), { kind: 'unknown-service', service: 's3' });
    assert.deepEqual(classify('localhost', '/', 'sts'), { kind: 'sts' });
  });

  test('an unsigned request goes to the service whose paths look like it', () => {
    assert.deepEqual(classify('localhost', '/restapis', undefined), { kind: 'control-plane', service: 'apigateway' });
    assert.deepEqual(classify('localhost', '/v2/apis', undefined), { kind: 'control-plane', service: 'apigatewayv2' });
    assert.deepEqual(classify('localhost', '/@connections/abc', undefined), { kind: 'control-plane', service: 'apigatewaymanagementapi' });
    assert.deepEqual(classify('localhost', '/2015-03-31/functions', undefined), { kind: 'control-plane', service: 'lambda' });
    assert.deepEqual(classify('localhost', '/2018-10-31/layers', undefined), { kind: 'control-plane', service: 'lambda' });
  });
});

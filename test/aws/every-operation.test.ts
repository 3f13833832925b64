/**
 * Every operation of every vendored model answers through a running Gatehouse: implemented, or
 * an honest 501 NotImplemented naming it, and never a 500. Requests are the smallest the model
 * accepts (test/helpers/model-requests.ts), sent with plain fetch, SigV4-looking but unsigned
 * (permissive mode).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LambdaClient, ListLayersCommand } from '@aws-sdk/client-lambda';
import { ApiGatewayV2Client, ListPortalsCommand } from '@aws-sdk/client-apigatewayv2';
import { ApiGatewayManagementApiClient, GetConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { SERVICE_NAMES } from '../../src/aws/model.js';
import { startTestGatehouse, type TestGatehouse } from '../helpers/gatehouse.js';
import { modelRequest, operations } from '../helpers/model-requests.js';

let g: TestGatehouse;
let implemented: Record<string, Record<string, boolean>>;
before(async () => {
  g = await startTestGatehouse();
  implemented = (await (await fetch(`${g.url}/_gatehouse/operations`)).json()) as typeof implemented;
});
after(() => g.stop());

for (const service of SERVICE_NAMES) {
  test(`every ${service} operation answers: implemented, or 501 NotImplemented naming it; never a 500`, async () => {
    const problems: string[] = [];
    for (const op of operations(service)) {
      const req = modelRequest(service, op);
      const res = await fetch(`${g.url}${req.target}`, { method: req.method, headers: req.headers, body: req.body });
      const text = await res.text();
      const where = `${op.name} (${req.method} ${req.target}) -> ${res.status} ${res.headers.get('x-amzn-errortype') ?? ''} ${text.slice(0, 200)}`;
      if (res.status >= 500 && res.status !== 501) problems.push(`server error: ${where}`);
      if (res.status >= 400) {
        try {
          assert.equal(typeof (JSON.parse(text) as { message: unknown }).message, 'string');
        } catch {
          problems.push(`error body is not JSON with a message: ${where}`);
        }
      }
      if (implemented[service][op.name] === undefined) problems.push(`missing from /_gatehouse/operations: ${op.name}`);
      else if (!implemented[service][op.name]) {
        if (res.status !== 501 || res.headers.get('x-amzn-errortype') !== 'NotImplemented' || !text.includes(` ${op.name} `)) {
          problems.push(`unimplemented but not a 501 naming it: ${where}`);
        }
      } else if (res.status === 501) problems.push(`implemented but answered 501: ${where}`);
    }
    assert.deepEqual(problems, []);
  });
}

test('every apigateway operation on a real REST API and its root resource never answers a 500', async () => {
  const created = await fetch(`${g.url}/restapis`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"walked"}' });
  const api = (await created.json()) as { id: string; rootResourceId: string };
  const labels = { restapi_id: api.id, resource_id: api.rootResourceId, parent_id: api.rootResourceId, http_method: 'GET' };
  // Deletions last, so the API and its root are there for everything else.
  const ordered = operations('apigateway').sort((a, b) => Number(a.name.startsWith('Delete')) - Number(b.name.startsWith('Delete')));
  const problems: string[] = [];
  for (const op of ordered) {
    const req = modelRequest('apigateway', op, { labels });
    const res = await fetch(`${g.url}${req.target}`, { method: req.method, headers: req.headers, body: req.body });
    const text = await res.text();
    if (res.status >= 500 && res.status !== 501) problems.push(`${op.name} (${req.method} ${req.target}) -> ${res.status} ${text.slice(0, 200)}`);
  }
  assert.deepEqual(problems, []);
});

describe('genuine SDK clients of services without handlers', () => {
  const sdkError = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (err) {
      return err as Error & { $metadata: { httpStatusCode?: number } };
    }
    assert.fail('expected the call to fail');
  };

  test('Lambda ListLayers raises NotImplemented naming the operation', async () => {
    const err = await sdkError(new LambdaClient({ ...g.clientConfig(), maxAttempts: 1 }).send(new ListLayersCommand({})));
    assert.equal(err.$metadata.httpStatusCode, 501);
    assert.equal(err.name, 'NotImplemented');
    assert.match(err.message, /\blambda operation ListLayers\b/);
  });

  test('API Gateway v2 ListPortals raises NotImplemented naming the operation', async () => {
    const err = await sdkError(new ApiGatewayV2Client({ ...g.clientConfig(), maxAttempts: 1 }).send(new ListPortalsCommand({})));
    assert.equal(err.$metadata.httpStatusCode, 501);
    assert.equal(err.name, 'NotImplemented');
    assert.match(err.message, /\bapigatewayv2 operation ListPortals\b/);
  });

  test('API Gateway Management GetConnection raises NotImplemented naming the operation', async () => {
    const client = new ApiGatewayManagementApiClient({ ...g.clientConfig(), maxAttempts: 1 });
    const err = await sdkError(client.send(new GetConnectionCommand({ ConnectionId: 'conn-1=' })));
    assert.equal(err.$metadata.httpStatusCode, 501);
    assert.equal(err.name, 'NotImplemented');
    assert.match(err.message, /\bapigatewaymanagementapi operation GetConnection\b/);
  });
});

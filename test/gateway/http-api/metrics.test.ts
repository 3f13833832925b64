/**
 * HTTP API metrics with AWS's HTTP API names and dimensions (AWS/ApiGateway: Count, 4xx, 5xx,
 * Latency, IntegrationLatency, DataProcessed by ApiId, ApiId+Stage, and ApiId+Stage+Method+Resource
 * for routes with detailed metrics), not the REST names (4XXError, ApiName), at /_gatehouse/metrics
 * as Prometheus text and JSON one-minute time series.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand, UpdateStageCommand } from '@aws-sdk/client-apigatewayv2';
import { startEchoBackend, type EchoBackend } from '../../helpers/echo-backend.js';
import { http } from '../../helpers/http.js';
import { callApi, useHttpApiGatehouse } from './helpers.js';

const server = useHttpApiGatehouse();
let backend: EchoBackend;
before(async () => {
  backend = await startEchoBackend();
});
after(async () => {
  await backend?.close();
});

const scope = 'account="000000000000",region="us-east-1"';

/** `GET /items/{id}` and `POST /items/{id}` to the echo backend and `GET /broken` to a port nothing listens on (500), on stage `prod`. */
async function api(name: string): Promise<string> {
  const created = await server.v2.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP' }));
  const apiId = created.ApiId!;
  const ok = await server.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: `${backend.url}/x`, PayloadFormatVersion: '1.0' }));
  const broken = await server.v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'http://127.0.0.1:1/x', PayloadFormatVersion: '1.0' }));
  for (const key of ['GET /items/{id}', 'POST /items/{id}']) await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: key, Target: `integrations/${ok.IntegrationId}` }));
  await server.v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /broken', Target: `integrations/${broken.IntegrationId}` }));
  await server.v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', AutoDeploy: true }));
  return apiId;
}

async function prometheus(): Promise<string> {
  const res = await http(server.g.url, { path: '/_gatehouse/metrics' });
  assert.equal(res.status, 200);
  return res.text;
}

/** The value of `metric{labels}` in Prometheus text, labels in the order Gatehouse writes them. */
function value(text: string, metric: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('HTTP API metrics', () => {
  test('Count, 4xx, 5xx, Latency, IntegrationLatency and DataProcessed by ApiId and ApiId+Stage', async () => {
    const apiId = await api('http-metrics');
    const body = 'x'.repeat(100);
    const answers = [
      await callApi(server, apiId, '/prod/items/1'),
      await callApi(server, apiId, '/prod/items/2', { method: 'POST', headers: { 'content-type': 'text/plain' }, body }),
      await callApi(server, apiId, '/prod/broken'),
      await callApi(server, apiId, '/prod/nothing'),
    ];
    assert.deepEqual(answers.map((a) => a.status), [200, 200, 500, 404]);
    const processed = body.length + answers.reduce((n, a) => n + Buffer.byteLength(a.text), 0);
    const text = await prometheus();
    for (const labels of [`ApiId="${apiId}",${scope}`, `ApiId="${apiId}",Stage="prod",${scope}`]) {
      assert.equal(value(text, 'aws_apigateway_count', labels), 4, labels);
      assert.equal(value(text, 'aws_apigateway_4xx', labels), 1, labels);
      assert.equal(value(text, 'aws_apigateway_5xx', labels), 1, labels);
      assert.equal(value(text, 'aws_apigateway_data_processed_bytes', labels), processed, labels);
      assert.equal(value(text, 'aws_apigateway_latency_milliseconds_count', labels), 4, labels);
      // The 404 matched no route and ran no integration.
      assert.equal(value(text, 'aws_apigateway_integration_latency_milliseconds_count', labels), 3, labels);
      // Not the REST API names or dimensions.
      assert.equal(value(text, 'aws_apigateway_4xxerror', labels), undefined, labels);
      assert.equal(value(text, 'aws_apigateway_5xxerror', labels), undefined, labels);
    }
    assert.ok(!text.includes('ApiName="http-metrics"'), 'no ApiName dimension for an HTTP API');
    assert.ok(!text.includes(`ApiId="${apiId}",Stage="prod",Method=`), 'no route dimensions without detailed metrics');
  });

  test('detailedMetricsEnabled adds ApiId+Stage+Method+Resource for the routes it covers', async () => {
    const apiId = await api('http-metrics-detailed');
    await callApi(server, apiId, '/prod/items/1');
    await server.v2.send(
      new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', DefaultRouteSettings: { DetailedMetricsEnabled: true }, RouteSettings: { 'GET /broken': { DetailedMetricsEnabled: false } } }),
    );
    await callApi(server, apiId, '/prod/items/1');
    await callApi(server, apiId, '/prod/items/2');
    await callApi(server, apiId, '/prod/broken');
    const text = await prometheus();
    assert.equal(value(text, 'aws_apigateway_count', `ApiId="${apiId}",Stage="prod",${scope}`), 4);
    assert.equal(value(text, 'aws_apigateway_count', `ApiId="${apiId}",Stage="prod",Method="GET",Resource="/items/{id}",${scope}`), 2);
    assert.equal(value(text, 'aws_apigateway_4xx', `ApiId="${apiId}",Stage="prod",Method="GET",Resource="/items/{id}",${scope}`), 0);
    // The route's own setting turns them off for it.
    assert.equal(value(text, 'aws_apigateway_count', `ApiId="${apiId}",Stage="prod",Method="GET",Resource="/broken",${scope}`), undefined);
    // The ApiId sum counts each request once.
    assert.equal(value(text, 'aws_apigateway_count', `ApiId="${apiId}",${scope}`), 4);
  });

  test('JSON time series under the HTTP API names', async () => {
    const apiId = await api('http-metrics-json');
    await callApi(server, apiId, '/prod/items/1');
    await callApi(server, apiId, '/prod/nothing');
    const res = await http(server.g.url, { path: '/_gatehouse/metrics.json' });
    assert.equal(res.status, 200);
    type Stats = Record<string, unknown> & { Count: number };
    const series = (res.json() as { series: { apiId: string; dimensions: Record<string, string>; total: Stats; datapoints: Stats[] }[] }).series.filter((s) => s.apiId === apiId);
    const stage = series.find((s) => s.dimensions.Stage === 'prod');
    assert.deepEqual(stage?.dimensions, { ApiId: apiId, Stage: 'prod' });
    assert.deepEqual(Object.keys(stage!.total).sort(), ['4xx', '5xx', 'Count', 'DataProcessed', 'IntegrationLatency', 'Latency']);
    assert.equal(stage!.total.Count, 2);
    assert.equal(stage!.total['4xx'], 1);
    assert.equal(stage!.datapoints.reduce((n, d) => n + d.Count, 0), 2);
    const whole = series.find((s) => s.dimensions.Stage === undefined);
    assert.deepEqual(whole?.dimensions, { ApiId: apiId });
    assert.equal(whole?.total.Count, 2);
  });
});

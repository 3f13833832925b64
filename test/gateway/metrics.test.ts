/**
 * Metrics with AWS's names and dimensions (AWS/ApiGateway: Count, 4XXError, 5XXError, Latency,
 * IntegrationLatency, CacheHitCount, CacheMissCount by ApiName, ApiName+Stage, and
 * ApiName+Stage+Method+Resource once detailed metrics are enabled), exposed at
 * /_gatehouse/metrics as Prometheus text and as JSON one-minute time series.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { createRestApi, startTestGatehouse, useGatehouse } from '../helpers/gatehouse.js';
import { http } from '../helpers/http.js';
import { ApiMetrics, apiNameDimension } from '../../src/gateway/metrics/index.js';

interface JsonSeries {
  apiId: string;
  dimensions: Record<string, string>;
  total: { Count: number; '4XXError': number; '5XXError': number; Latency: { SampleCount: number }; IntegrationLatency: { SampleCount: number } };
  datapoints: { timestamp: string; Count: number; '4XXError': number; '5XXError': number }[];
}

describe('metrics', () => {
  const server = useGatehouse({ inMemory: true });

  /** GET /ok answers 200; GET /broken has no integration response (500); the stage is prod. */
  async function api(name: string) {
    const c = server.client;
    const { restApiId, rootId } = await createRestApi(c, name);
    for (const [path, responds] of [
      ['ok', true],
      ['broken', false],
    ] as const) {
      const r = await c.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: path }));
      await c.send(new PutMethodCommand({ restApiId, resourceId: r.id!, httpMethod: 'GET', authorizationType: 'NONE' }));
      await c.send(new PutIntegrationCommand({ restApiId, resourceId: r.id!, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await c.send(new PutMethodResponseCommand({ restApiId, resourceId: r.id!, httpMethod: 'GET', statusCode: '200' }));
      if (responds) await c.send(new PutIntegrationResponseCommand({ restApiId, resourceId: r.id!, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"ok": true}' } }));
    }
    await c.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    return restApiId;
  }

  async function calls(restApiId: string, paths: string[]) {
    for (const p of paths) await http(server.g.url, { path: `/_aws/execute-api/${restApiId}/prod${p}` });
  }

  async function prometheus(): Promise<string> {
    const res = await http(server.g.url, { path: '/_gatehouse/metrics' });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return res.text;
  }

  /** The value of `metric{labels}` in Prometheus text, labels in the order Gatehouse writes them. */
  function value(text: string, metric: string, labels: string): number | undefined {
    const line = text.split('\n').find((l) => l.startsWith(`${metric}{${labels}} `));
    return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
  }

  const scope = 'account="000000000000",region="us-east-1"';

  test('Count, 4XXError and 5XXError by ApiName and by ApiName+Stage after requests', async () => {
    const restApiId = await api('metrics-counts');
    await calls(restApiId, ['/ok', '/ok', '/ok', '/broken', '/missing']);
    const text = await prometheus();
    for (const labels of [`ApiName="metrics-counts",${scope}`, `ApiName="metrics-counts",Stage="prod",${scope}`]) {
      assert.equal(value(text, 'aws_apigateway_count', labels), 5, labels);
      assert.equal(value(text, 'aws_apigateway_4xxerror', labels), 1, labels);
      assert.equal(value(text, 'aws_apigateway_5xxerror', labels), 1, labels);
      assert.equal(value(text, 'aws_apigateway_latency_milliseconds_count', labels), 5, labels);
      assert.equal(value(text, 'aws_apigateway_latency_milliseconds_bucket', `${labels.replace(scope, `${scope},le="+Inf"`)}`), 5, labels);
      // The 403 matched no method and ran no integration; the others ran their MOCK.
      assert.equal(value(text, 'aws_apigateway_integration_latency_milliseconds_count', labels), 4, labels);
    }
    assert.ok(!text.includes('ApiName="metrics-counts",Stage="prod",Method='), 'no method dimensions without detailed metrics');
    // An API id Gatehouse does not hold is counted nowhere.
    await http(server.g.url, { path: '/_aws/execute-api/nosuchapi0/prod/ok' });
    assert.equal(value(await prometheus(), 'aws_apigateway_count', `ApiName="metrics-counts",${scope}`), 5);
  });

  test('detailed metrics add ApiName+Stage+Method+Resource once the stage enables them', async () => {
    const restApiId = await api('metrics-detailed');
    await calls(restApiId, ['/ok']);
    await server.client.send(new UpdateStageCommand({ restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/*/*/metrics/enabled', value: 'true' }] }));
    await calls(restApiId, ['/ok', '/ok', '/broken']);
    const text = await prometheus();
    assert.equal(value(text, 'aws_apigateway_count', `ApiName="metrics-detailed",Stage="prod",${scope}`), 4);
    assert.equal(value(text, 'aws_apigateway_count', `ApiName="metrics-detailed",Stage="prod",Method="GET",Resource="/ok",${scope}`), 2);
    assert.equal(value(text, 'aws_apigateway_5xxerror', `ApiName="metrics-detailed",Stage="prod",Method="GET",Resource="/broken",${scope}`), 1);
    assert.equal(value(text, 'aws_apigateway_5xxerror', `ApiName="metrics-detailed",Stage="prod",Method="GET",Resource="/ok",${scope}`), 0);
    // The ApiName sum counts each request once, not once per dimension set.
    assert.equal(value(text, 'aws_apigateway_count', `ApiName="metrics-detailed",${scope}`), 4);
  });

  test('canary requests have their own Stage dimension, {stage}/Canary', async () => {
    const restApiId = await api('metrics-canary');
    await server.client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', canarySettings: { percentTraffic: 100 } }));
    await calls(restApiId, ['/ok', '/ok']);
    const text = await prometheus();
    assert.equal(value(text, 'aws_apigateway_count', `ApiName="metrics-canary",Stage="prod/Canary",${scope}`), 2);
    assert.equal(value(text, 'aws_apigateway_count', `ApiName="metrics-canary",Stage="prod",${scope}`), undefined);
    assert.equal(value(text, 'aws_apigateway_count', `ApiName="metrics-canary",${scope}`), 2);
  });

  test('JSON time series: per-minute datapoints that add up to the totals', async () => {
    const restApiId = await api('metrics-json');
    await calls(restApiId, ['/ok', '/broken', '/nothing']);
    for (const path of ['/_gatehouse/metrics?format=json', '/_gatehouse/metrics.json']) {
      const res = await http(server.g.url, { path });
      assert.equal(res.status, 200);
      const body = res.json() as { namespace: string; periodSeconds: number; series: JsonSeries[] };
      assert.equal(body.namespace, 'AWS/ApiGateway');
      assert.equal(body.periodSeconds, 60);
      const stage = body.series.find((s) => s.apiId === restApiId && s.dimensions.Stage === 'prod' && !s.dimensions.Method);
      assert.ok(stage);
      assert.deepEqual(stage.dimensions, { ApiName: 'metrics-json', Stage: 'prod' });
      assert.equal(stage.total.Count, 3);
      assert.equal(stage.total['4XXError'], 1);
      assert.equal(stage.total['5XXError'], 1);
      assert.equal(stage.total.Latency.SampleCount, 3);
      const sum = (k: 'Count' | '4XXError' | '5XXError') => stage.datapoints.reduce((n, d) => n + d[k], 0);
      assert.deepEqual([sum('Count'), sum('4XXError'), sum('5XXError')], [3, 1, 1]);
      for (const d of stage.datapoints) assert.equal(new Date(d.timestamp).getUTCSeconds(), 0);
      const api = body.series.find((s) => s.apiId === restApiId && !s.dimensions.Stage);
      assert.deepEqual(api?.dimensions, { ApiName: 'metrics-json' });
      assert.equal(api?.total.Count, 3);
    }
  });

  test('the cost endpoint prices the requests counted', async () => {
    const res = await http(server.g.url, { path: '/_gatehouse/cost' });
    assert.equal(res.status, 200);
    const e = res.json() as { usage: { requests: number; httpApiUnits: number }; observed: { rest: { requests: number } } };
    const text = await prometheus();
    const counted = text
      .split('\n')
      .filter((l) => l.startsWith('aws_apigateway_count{') && l.includes('Stage=') && !l.includes('Method='))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    assert.ok(counted > 0);
    assert.equal(e.usage.requests, counted);
    assert.equal(e.usage.httpApiUnits, counted);
    assert.ok(Math.abs(e.observed.rest.requests - (counted / 1e6) * 3.5) < 1e-12);
    const table = await http(server.g.url, { path: '/_gatehouse/cost?format=text' });
    assert.match(table.text, /^What this traffic would cost on AWS API Gateway/);
  });
});

describe('metric series', () => {
  test('cache hits and misses count where the cache stage said so', () => {
    const m = new ApiMetrics();
    const s = m.stageSeries({ account: '000000000000', region: 'us-east-1', apiId: 'a' }, 'api', 'prod');
    const sample = { status: 200, latency: 3, integrationLatency: undefined, requestBytes: 0, responseBytes: 10 };
    s.record({ ...sample, cache: 'hit' }, 0);
    s.record({ ...sample, cache: 'miss', integrationLatency: 2 }, 0);
    s.record({ ...sample, cache: undefined, integrationLatency: 2 }, 61_000);
    assert.deepEqual([s.total.count, s.total.cacheHit, s.total.cacheMiss, s.total.integrationCount], [3, 1, 1, 2]);
    assert.deepEqual(s.minutes.map((b) => [b.minute, b.count]), [[0, 2], [1, 1]]);
  });

  test('ApiName drops non-ASCII characters, and is the API id when nothing is left', () => {
    assert.equal(apiNameDimension('pets-ü-api', 'abc'), 'pets--api');
    assert.equal(apiNameDimension('ペット', 'abc123'), 'abc123');
  });
});

describe('counted traffic across restarts', () => {
  test('the cost estimate still counts the requests of the previous run with the same data directory', async () => {
    const first = await startTestGatehouse();
    try {
      const client = first.apigateway();
      const { restApiId, rootId } = await createRestApi(client, 'restart-api');
      await client.send(new PutMethodCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await client.send(new PutIntegrationCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
      await client.send(new PutMethodResponseCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200' }));
      await client.send(new PutIntegrationResponseCommand({ restApiId, resourceId: rootId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{}' } }));
      await client.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
      for (let i = 0; i < 3; i++) assert.equal((await http(first.url, { path: `/_aws/execute-api/${restApiId}/prod/` })).status, 200);
      client.destroy();
    } finally {
      await first.stop({ keepData: true });
    }
    const second = await startTestGatehouse({ dataDir: first.dataDir });
    try {
      const e = (await http(second.url, { path: '/_gatehouse/cost' })).json() as { usage: { requests: number; bytesOut: number } };
      assert.equal(e.usage.requests, 3);
      assert.equal(e.usage.bytesOut, 6);
    } finally {
      await second.stop();
      const { rmSync } = await import('node:fs');
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});

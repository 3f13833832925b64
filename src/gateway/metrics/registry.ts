/**
 * The metrics Gatehouse counts, by AWS's dimensions: for REST APIs ApiName+Stage for every
 * request of a stage, ApiName+Stage+Method+Resource too when the stage (or method) has detailed
 * metrics enabled (`metricsEnabled`, "API Gateway will not send these metrics unless you have
 * explicitly enabled detailed CloudWatch metrics"), and ApiName as the sum of its stages; for
 * HTTP APIs the same by ApiId (ApiId+Stage, ApiId+Stage+Method+Resource for a route with
 * detailedMetricsEnabled, ApiId), under the HTTP API names (4xx, 5xx, DataProcessed); for
 * WebSocket APIs ConnectCount, MessageCount, IntegrationError, ClientError, ExecutionError and
 * IntegrationLatency by ApiId+Stage, ApiId and, for routes with detailed metrics, ApiId+Stage+Route
 * (websocket-series.ts).
 * Series are found once per stage and method (observer.ts keeps them with the compiled
 * deployment), so counting never builds a key. Exported on demand: Prometheus text through
 * prom-client's registry (collectors that read the series at scrape time), and JSON time series
 * in one-minute periods for the console.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html
 */
import { Registry } from 'prom-client';
import { isHttpApiSeries, LATENCY_BUCKETS_MS, MinuteBucket, Series, Totals, type Dimensions } from './series.js';
import { WebSocketSeries } from './websocket-series.js';

export interface Owner {
  account: string;
  region: string;
  apiId: string;
}

/**
 * "API Gateway removes non-ASCII characters from the ApiName dimension before sending metrics to
 * CloudWatch. If the APIName contains no ASCII characters, the API ID is used as the ApiName."
 */
export function apiNameDimension(name: string | undefined, apiId: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = (name ?? '').replace(/[^\x00-\x7f]/g, '');
  return ascii || apiId;
}

export class ApiMetrics {
  private readonly series = new Map<string, Series>();
  /** WebSocket APIs' ApiId+Stage series (websocket-series.ts), by account, region, API and stage. */
  private readonly webSockets = new Map<string, WebSocketSeries>();
  readonly startedAt = Date.now();
  private readonly prom = new Registry();

  constructor() {
    for (const m of promMetrics(() => this.exported(), () => this.webSocketExported())) this.prom.registerMetric(m as never);
  }

  /** The ApiName+Stage series (made on first use; one per stage for the life of the process). */
  stageSeries(owner: Owner, apiName: string, stage: string): Series {
    return this.get(owner, { ApiName: apiName, Stage: stage });
  }

  /** The ApiName+Stage+Method+Resource series of a method with detailed metrics. */
  methodSeries(owner: Owner, apiName: string, stage: string, method: string, resource: string): Series {
    return this.get(owner, { ApiName: apiName, Stage: stage, Method: method, Resource: resource });
  }

  /** An HTTP API's ApiId+Stage series. */
  httpStageSeries(owner: Owner, stage: string): Series {
    return this.get(owner, { ApiId: owner.apiId, Stage: stage });
  }

  /** An HTTP API's ApiId+Stage+Method+Resource series of a route with detailed metrics. */
  httpRouteSeries(owner: Owner, stage: string, method: string, resource: string): Series {
    return this.get(owner, { ApiId: owner.apiId, Stage: stage, Method: method, Resource: resource });
  }

  /** A WebSocket API's ApiId+Stage series. */
  webSocketStageSeries(owner: Owner, stage: string): WebSocketSeries {
    const key = `${owner.account}\0${owner.region}\0${owner.apiId}\0${stage}`;
    let s = this.webSockets.get(key);
    if (!s) this.webSockets.set(key, (s = new WebSocketSeries({ ApiId: owner.apiId, Stage: stage }, owner)));
    return s;
  }

  /** A WebSocket API's ApiId+Stage+Route series, for a route with detailed metrics. */
  webSocketRouteSeries(owner: Owner, stage: string, route: string): WebSocketSeries {
    const key = `${owner.account}\0${owner.region}\0${owner.apiId}\0${stage}\0${route}`;
    let s = this.webSockets.get(key);
    if (!s) this.webSockets.set(key, (s = new WebSocketSeries({ ApiId: owner.apiId, Stage: stage, Route: route }, owner)));
    return s;
  }

  /** The WebSocket series, with the ApiId sum of each API's stages first. */
  webSocketExported(): WebSocketSeries[] {
    const byApi = new Map<string, WebSocketSeries>();
    for (const s of this.webSockets.values()) {
      if (s.dimensions.Route !== undefined) continue;
      const key = `${s.owner.account}\0${s.owner.region}\0${s.owner.apiId}`;
      let api = byApi.get(key);
      if (!api) byApi.set(key, (api = new WebSocketSeries({ ApiId: s.owner.apiId }, s.owner)));
      api.merge(s);
    }
    return [...byApi.values(), ...this.webSockets.values()];
  }

  private get(owner: Owner, d: Dimensions): Series {
    const key = [owner.account, owner.region, owner.apiId, d.ApiName ?? '', d.ApiId ?? '', d.Stage ?? '', d.Method ?? '', d.Resource ?? ''].join('\0');
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new Series(d, owner)));
    return s;
  }

  /** Every series with its own dimensions, plus the ApiName (REST) and ApiId (HTTP) sums of the stage series. */
  exported(): Series[] {
    const out: Series[] = [];
    const byApi = new Map<string, Series>();
    for (const s of this.series.values()) {
      out.push(s);
      if (s.dimensions.Method !== undefined) continue;
      const { ApiName, ApiId } = s.dimensions;
      const key = `${s.owner.account}\0${s.owner.region}\0${ApiName ?? ''}\0${ApiId ?? ''}`;
      let api = byApi.get(key);
      if (!api) byApi.set(key, (api = new Series(ApiId !== undefined ? { ApiId } : { ApiName }, s.owner)));
      mergeSeries(api, s);
    }
    return [...byApi.values(), ...out];
  }

  /** The stage series only: each request counted once (for the cost estimate). */
  stageTotals(): { owner: Owner; apiName: string; stage: string; totals: Totals }[] {
    const out = [];
    for (const s of this.series.values()) {
      if (s.dimensions.Method === undefined) out.push({ owner: s.owner, apiName: s.dimensions.ApiName ?? s.dimensions.ApiId!, stage: s.dimensions.Stage!, totals: s.total });
    }
    return out;
  }

  prometheus(): Promise<string> {
    return this.prom.metrics();
  }

  get prometheusContentType(): string {
    return this.prom.contentType;
  }

  /** JSON time series: one-minute datapoints (oldest first) per series, CloudWatch's statistics. */
  json(): unknown {
    return {
      namespace: 'AWS/ApiGateway',
      periodSeconds: 60,
      since: new Date(this.startedAt).toISOString(),
      generatedAt: new Date().toISOString(),
      series: this.exported().map((s): unknown => ({
        account: s.owner.account,
        region: s.owner.region,
        apiId: s.owner.apiId,
        dimensions: s.dimensions,
        total: statisticsOf(s, s.total),
        datapoints: s.minutes.map((m) => ({ timestamp: new Date(m.minute * 60_000).toISOString(), ...statisticsOf(s, m) })),
      })).concat(
        this.webSocketExported().map((s) => ({
          account: s.owner.account,
          region: s.owner.region,
          apiId: s.owner.apiId,
          dimensions: s.dimensions,
          total: s.total.statistics(),
          datapoints: s.minutes.map((m) => ({ timestamp: new Date(m.minute * 60_000).toISOString(), ...m.statistics() })),
        })),
      ),
    };
  }
}

function mergeSeries(into: Series, from: Series): void {
  into.total.merge(from.total);
  for (let i = 0; i < into.latencyBuckets.length; i++) {
    into.latencyBuckets[i] += from.latencyBuckets[i];
    into.integrationBuckets[i] += from.integrationBuckets[i];
  }
  // Minute buckets merged by minute, both lists oldest first.
  const merged = new Map<number, MinuteBucket>();
  for (const m of [...into.minutes, ...from.minutes]) {
    let b = merged.get(m.minute);
    if (!b) merged.set(m.minute, (b = new MinuteBucket(m.minute)));
    b.merge(m);
  }
  into.minutes.length = 0;
  into.minutes.push(...[...merged.values()].sort((a, b) => a.minute - b.minute));
}

/** A period's values as CloudWatch states them: Sum for the counts, Average/Minimum/Maximum/Sum/SampleCount for latencies. */
function statistics(t: Totals) {
  return {
    Count: t.count,
    '4XXError': t.error4xx,
    '5XXError': t.error5xx,
    ...latencies(t),
    CacheHitCount: t.cacheHit,
    CacheMissCount: t.cacheMiss,
    RequestBytes: t.requestBytes,
    ResponseBytes: t.responseBytes,
  };
}

/** The same for an HTTP API's series, under the HTTP API names: 4xx, 5xx, DataProcessed (bytes in and out). */
function httpStatistics(t: Totals) {
  return { Count: t.count, '4xx': t.error4xx, '5xx': t.error5xx, ...latencies(t), DataProcessed: dataProcessed(t) };
}

const statisticsOf = (s: Series, t: Totals) => (isHttpApiSeries(s.dimensions) ? httpStatistics(t) : statistics(t));

const dataProcessed = (t: Totals) => t.requestBytes + t.responseBytes;

function latencies(t: Totals) {
  return {
    Latency: { SampleCount: t.count, Sum: t.latencySum, Average: t.count ? t.latencySum / t.count : 0, Minimum: t.count ? t.latencyMin : 0, Maximum: t.latencyMax },
    IntegrationLatency: {
      SampleCount: t.integrationCount,
      Sum: t.integrationLatencySum,
      Average: t.integrationCount ? t.integrationLatencySum / t.integrationCount : 0,
      Maximum: t.integrationLatencyMax,
    },
  };
}

/** What prom-client's Registry reads from a metric: its name, help, type and values (registry.js). */
interface MetricValue {
  labels: Record<string, string>;
  value: number;
  metricName?: string;
}

interface CustomMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): { name: string; help: string; type: string; aggregator: 'sum'; values: MetricValue[] };
}

/**
 * The Prometheus families: AWS's metric names in Prometheus's spelling (as CloudWatch exporters
 * write them: aws_apigateway_count, aws_apigateway_4xxerror...), AWS's dimension names as labels,
 * plus the series' account and region. Latencies are histograms in milliseconds.
 */
function promMetrics(series: () => Series[], webSockets: () => WebSocketSeries[]): CustomMetric[] {
  /** `only`: the kind of API whose series the family holds (REST's and HTTP's names differ); both without. */
  const counter = (name: string, help: string, value: (t: Totals) => number, only?: 'REST' | 'HTTP'): CustomMetric => ({
    name,
    help,
    type: 'counter',
    aggregator: 'sum',
    get() {
      const values: MetricValue[] = [];
      for (const s of series()) {
        if (only === undefined || (only === 'HTTP') === isHttpApiSeries(s.dimensions)) values.push({ labels: labelsOf(s), value: value(s.total) });
      }
      return { name, help, type: 'counter', aggregator: 'sum', values };
    },
  });
  /** A histogram's values for one series: cumulative buckets, sum and count. */
  const histogramValues = (values: MetricValue[], name: string, labels: Record<string, string>, b: number[], sum: number, count: number) => {
    let cumulative = 0;
    for (let i = 0; i < b.length; i++) {
      cumulative += b[i];
      const le = i < LATENCY_BUCKETS_MS.length ? String(LATENCY_BUCKETS_MS[i]) : '+Inf';
      values.push({ labels: { ...labels, le }, value: cumulative, metricName: `${name}_bucket` });
    }
    values.push({ labels, value: sum, metricName: `${name}_sum` });
    values.push({ labels, value: count, metricName: `${name}_count` });
  };
  /** `withWebSockets`: WebSocket APIs' series go in the same family (IntegrationLatency), by ApiId and Stage. */
  const histogram = (name: string, help: string, buckets: (s: Series) => number[], sum: (t: Totals) => number, count: (t: Totals) => number, withWebSockets = false): CustomMetric => ({
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get() {
      const values: MetricValue[] = [];
      for (const s of series()) histogramValues(values, name, labelsOf(s), buckets(s), sum(s.total), count(s.total));
      if (withWebSockets) {
        for (const s of webSockets()) histogramValues(values, name, webSocketLabels(s), s.integrationBuckets, s.total.integrationLatencySum, s.total.integrationCount);
      }
      return { name, help, type: 'histogram', aggregator: 'sum', values };
    },
  });
  const wsCounter = (name: string, help: string, value: (s: WebSocketSeries) => number): CustomMetric => ({
    name,
    help,
    type: 'counter',
    aggregator: 'sum',
    get() {
      const values = webSockets().map((s) => ({ labels: webSocketLabels(s), value: value(s) }));
      return { name, help, type: 'counter', aggregator: 'sum', values };
    },
  });
  const integrationLatency = histogram(
    'aws_apigateway_integration_latency_milliseconds',
    'IntegrationLatency: from relaying a request to the backend to receiving its response (ms).',
    (s) => s.integrationBuckets,
    (t) => t.integrationLatencySum,
    (t) => t.integrationCount,
    true,
  );
  return [
    wsCounter('aws_apigateway_connect_count', 'ConnectCount (WebSocket APIs): the number of messages sent to the $connect route integration.', (s) => s.total.ConnectCount),
    wsCounter('aws_apigateway_message_count', 'MessageCount (WebSocket APIs): the number of messages sent to the WebSocket API, from or to the client.', (s) => s.total.MessageCount),
    wsCounter('aws_apigateway_integration_error', 'IntegrationError (WebSocket APIs): requests that return a 4XX/5XX response from the integration.', (s) => s.total.IntegrationError),
    wsCounter('aws_apigateway_client_error', 'ClientError (WebSocket APIs): requests answered 4XX by API Gateway before the integration is invoked.', (s) => s.total.ClientError),
    wsCounter('aws_apigateway_execution_error', 'ExecutionError (WebSocket APIs): errors that occurred when calling the integration.', (s) => s.total.ExecutionError),
    counter('aws_apigateway_count', 'Count: the total number of API requests.', (t) => t.count),
    counter('aws_apigateway_4xxerror', '4XXError (REST APIs): the number of client-side errors.', (t) => t.error4xx, 'REST'),
    counter('aws_apigateway_5xxerror', '5XXError (REST APIs): the number of server-side errors.', (t) => t.error5xx, 'REST'),
    counter('aws_apigateway_4xx', '4xx (HTTP APIs): the number of client-side errors.', (t) => t.error4xx, 'HTTP'),
    counter('aws_apigateway_5xx', '5xx (HTTP APIs): the number of server-side errors.', (t) => t.error5xx, 'HTTP'),
    counter('aws_apigateway_data_processed_bytes', 'DataProcessed (HTTP APIs): the amount of data processed, in bytes.', dataProcessed, 'HTTP'),
    counter('aws_apigateway_cache_hit_count', 'CacheHitCount: requests served from the API cache.', (t) => t.cacheHit, 'REST'),
    counter('aws_apigateway_cache_miss_count', 'CacheMissCount: requests served from the backend when API caching is enabled.', (t) => t.cacheMiss, 'REST'),
    histogram(
      'aws_apigateway_latency_milliseconds',
      'Latency: from when API Gateway receives a request to when it returns the response (ms).',
      (s) => s.latencyBuckets,
      (t) => t.latencySum,
      (t) => t.count,
    ),
    integrationLatency,
    counter('gatehouse_apigateway_request_bytes', 'Bytes of request bodies received.', (t) => t.requestBytes),
    counter('gatehouse_apigateway_response_bytes', 'Bytes of response bodies sent (data transfer out).', (t) => t.responseBytes),
  ];
}

function webSocketLabels(s: WebSocketSeries): Record<string, string> {
  const labels: Record<string, string> = { ApiId: s.dimensions.ApiId };
  if (s.dimensions.Stage !== undefined) labels.Stage = s.dimensions.Stage;
  if (s.dimensions.Route !== undefined) labels.Route = s.dimensions.Route;
  labels.account = s.owner.account;
  labels.region = s.owner.region;
  return labels;
}

function labelsOf(s: Series): Record<string, string> {
  const d = s.dimensions;
  const labels: Record<string, string> = d.ApiId !== undefined ? { ApiId: d.ApiId } : { ApiName: d.ApiName ?? '' };
  if (d.Stage !== undefined) labels.Stage = d.Stage;
  if (d.Method !== undefined) labels.Method = d.Method;
  if (d.Resource !== undefined) labels.Resource = d.Resource;
  labels.account = s.owner.account;
  labels.region = s.owner.region;
  return labels;
}

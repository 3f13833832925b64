/**
 * One metric series: the counters AWS publishes for an API under one set of dimensions (REST APIs:
 * Count, 4XXError, 5XXError, Latency, IntegrationLatency, CacheHitCount, CacheMissCount; HTTP
 * APIs: Count, 4xx, 5xx, Latency, IntegrationLatency, DataProcessed), kept as
 * plain numbers so counting a request is a handful of additions: no label strings, no maps. Totals
 * since start feed Prometheus and the cost estimate; per-minute buckets (AWS sends its metrics to
 * CloudWatch every minute) feed the JSON time series, the last MAX_MINUTES of them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 */

/** Upper bounds (ms) of the latency histogram's buckets; the last bucket is +Inf. */
export const LATENCY_BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 29000];

/** How many one-minute buckets a series keeps (3 hours). */
export const MAX_MINUTES = 180;

/** HTTP APIs are metered in 512 KB increments (https://aws.amazon.com/api-gateway/pricing/). */
export const HTTP_API_METERING_BYTES = 512 * 1024;

/** What one request adds to a series. */
export interface RequestSample {
  status: number;
  /** ms from arrival to answer */
  latency: number;
  /** ms the integration took; undefined when no integration ran (a MOCK counts: AWS reports it) */
  integrationLatency: number | undefined;
  /** 'hit' | 'miss' when the method caches, else undefined (the cache helper's `cacheStatus`) */
  cache: 'hit' | 'miss' | undefined;
  requestBytes: number;
  responseBytes: number;
}

/** The sums of one period (a minute, or since start). */
export class Totals {
  count = 0;
  error4xx = 0;
  error5xx = 0;
  latencySum = 0;
  latencyMin = Infinity;
  latencyMax = 0;
  integrationCount = 0;
  integrationLatencySum = 0;
  integrationLatencyMax = 0;
  cacheHit = 0;
  cacheMiss = 0;
  requestBytes = 0;
  responseBytes = 0;
  /** Requests as HTTP APIs would meter them: one per started 512 KB of request plus response. */
  httpApiUnits = 0;

  add(s: RequestSample): void {
    this.count++;
    if (s.status >= 500) this.error5xx++;
    else if (s.status >= 400) this.error4xx++;
    this.latencySum += s.latency;
    if (s.latency < this.latencyMin) this.latencyMin = s.latency;
    if (s.latency > this.latencyMax) this.latencyMax = s.latency;
    if (s.integrationLatency !== undefined) {
      this.integrationCount++;
      this.integrationLatencySum += s.integrationLatency;
      if (s.integrationLatency > this.integrationLatencyMax) this.integrationLatencyMax = s.integrationLatency;
    }
    if (s.cache === 'hit') this.cacheHit++;
    else if (s.cache === 'miss') this.cacheMiss++;
    this.requestBytes += s.requestBytes;
    this.responseBytes += s.responseBytes;
    const size = s.requestBytes + s.responseBytes;
    this.httpApiUnits += size <= HTTP_API_METERING_BYTES ? 1 : Math.ceil(size / HTTP_API_METERING_BYTES);
  }

  merge(o: Totals): void {
    this.count += o.count;
    this.error4xx += o.error4xx;
    this.error5xx += o.error5xx;
    this.latencySum += o.latencySum;
    this.latencyMin = Math.min(this.latencyMin, o.latencyMin);
    this.latencyMax = Math.max(this.latencyMax, o.latencyMax);
    this.integrationCount += o.integrationCount;
    this.integrationLatencySum += o.integrationLatencySum;
    this.integrationLatencyMax = Math.max(this.integrationLatencyMax, o.integrationLatencyMax);
    this.cacheHit += o.cacheHit;
    this.cacheMiss += o.cacheMiss;
    this.requestBytes += o.requestBytes;
    this.responseBytes += o.responseBytes;
    this.httpApiUnits += o.httpApiUnits;
  }
}

export class MinuteBucket extends Totals {
  constructor(readonly minute: number) {
    super();
  }
}

/**
 * The dimensions of a series, as AWS names them: REST APIs' by ApiName, HTTP APIs' by ApiId
 * (http-api-metrics.md); Method and Resource only for detailed metrics.
 */
export interface Dimensions {
  ApiName?: string;
  ApiId?: string;
  Stage?: string;
  Method?: string;
  Resource?: string;
}

/** An HTTP API's series (ApiId dimensions: 4xx, 5xx, DataProcessed) or a REST API's (ApiName: 4XXError, 5XXError, Cache*). */
export const isHttpApiSeries = (d: Dimensions): boolean => d.ApiId !== undefined;

export class Series {
  readonly total = new Totals();
  /** Cumulative counts per LATENCY_BUCKETS_MS bound (non-cumulative here; summed when exported), +Inf last. */
  readonly latencyBuckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  readonly integrationBuckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  /** Oldest first; at most MAX_MINUTES. */
  readonly minutes: MinuteBucket[] = [];

  constructor(
    readonly dimensions: Dimensions,
    /** Which account, region and API the series belongs to (for the cost estimate). */
    readonly owner: { account: string; region: string; apiId: string },
  ) {}

  record(s: RequestSample, now: number): void {
    this.total.add(s);
    this.latencyBuckets[bucketOf(s.latency)]++;
    if (s.integrationLatency !== undefined) this.integrationBuckets[bucketOf(s.integrationLatency)]++;
    currentMinute(this.minutes, now, MinuteBucket).add(s);
  }
}

/**
 * The bucket of `now`'s minute, last in `minutes` (oldest first): started when the minute is new,
 * the oldest dropped past MAX_MINUTES. WebSocket series (websocket-series.ts) keep theirs so too.
 */
export function currentMinute<M extends { minute: number }>(minutes: M[], now: number, Bucket: new (minute: number) => M): M {
  const minute = Math.floor(now / 60_000);
  let current = minutes[minutes.length - 1];
  if (current?.minute !== minute) {
    current = new Bucket(minute);
    minutes.push(current);
    if (minutes.length > MAX_MINUTES) minutes.shift();
  }
  return current;
}

/** The index of the LATENCY_BUCKETS_MS bucket `ms` falls in (the last is +Inf). */
export function bucketOf(ms: number): number {
  let i = 0;
  while (i < LATENCY_BUCKETS_MS.length && ms > LATENCY_BUCKETS_MS[i]) i++;
  return i;
}

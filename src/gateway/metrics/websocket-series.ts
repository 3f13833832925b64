/**
 * The metrics AWS publishes for WebSocket APIs, by ApiId, ApiId+Stage and (detailed metrics)
 * ApiId+Stage+Route: ConnectCount (events
 * sent to the $connect route), MessageCount (messages from or to the client), IntegrationError
 * (a 4XX/5XX from the integration), ClientError (a 4XX from API Gateway before the integration
 * ran), ExecutionError (calling the integration failed) and IntegrationLatency (not for MOCK).
 * Plain numbers, as series.ts: counting an event is a few additions.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html
 */
import { bucketOf, currentMinute, LATENCY_BUCKETS_MS } from './series.js';

/** What one event adds. */
export interface WebSocketSample {
  connect: boolean;
  /** Messages from and to the client the event made (a message and its reply: 2). */
  messages: number;
  outcome?: 'ClientError' | 'IntegrationError' | 'ExecutionError';
  integrationLatency?: number;
}

export class WebSocketTotals {
  ConnectCount = 0;
  MessageCount = 0;
  IntegrationError = 0;
  ClientError = 0;
  ExecutionError = 0;
  integrationCount = 0;
  integrationLatencySum = 0;
  integrationLatencyMax = 0;

  add(s: WebSocketSample): void {
    if (s.connect) this.ConnectCount++;
    this.MessageCount += s.messages;
    if (s.outcome) this[s.outcome]++;
    if (s.integrationLatency !== undefined) {
      this.integrationCount++;
      this.integrationLatencySum += s.integrationLatency;
      if (s.integrationLatency > this.integrationLatencyMax) this.integrationLatencyMax = s.integrationLatency;
    }
  }

  merge(o: WebSocketTotals): void {
    this.ConnectCount += o.ConnectCount;
    this.MessageCount += o.MessageCount;
    this.IntegrationError += o.IntegrationError;
    this.ClientError += o.ClientError;
    this.ExecutionError += o.ExecutionError;
    this.integrationCount += o.integrationCount;
    this.integrationLatencySum += o.integrationLatencySum;
    this.integrationLatencyMax = Math.max(this.integrationLatencyMax, o.integrationLatencyMax);
  }

  /** CloudWatch's statistics of the period. */
  statistics() {
    const n = this.integrationCount;
    return {
      ConnectCount: this.ConnectCount,
      MessageCount: this.MessageCount,
      IntegrationError: this.IntegrationError,
      ClientError: this.ClientError,
      ExecutionError: this.ExecutionError,
      IntegrationLatency: { SampleCount: n, Sum: this.integrationLatencySum, Average: n ? this.integrationLatencySum / n : 0, Maximum: this.integrationLatencyMax },
    };
  }
}

export class WebSocketMinute extends WebSocketTotals {
  constructor(readonly minute: number) {
    super();
  }
}

export class WebSocketSeries {
  readonly total = new WebSocketTotals();
  /** Non-cumulative counts per LATENCY_BUCKETS_MS bound, +Inf last. */
  readonly integrationBuckets = new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
  /** Oldest first; at most MAX_MINUTES. */
  readonly minutes: WebSocketMinute[] = [];

  constructor(
    readonly dimensions: { ApiId: string; Stage?: string; Route?: string },
    readonly owner: { account: string; region: string; apiId: string },
  ) {}

  record(s: WebSocketSample, now: number): void {
    this.total.add(s);
    if (s.integrationLatency !== undefined) this.integrationBuckets[bucketOf(s.integrationLatency)]++;
    currentMinute(this.minutes, now, WebSocketMinute).add(s);
  }

  /** Adds another series' counts (the ApiId sum of its stages). */
  merge(o: WebSocketSeries): void {
    this.total.merge(o.total);
    for (let i = 0; i < this.integrationBuckets.length; i++) this.integrationBuckets[i] += o.integrationBuckets[i];
    const byMinute = new Map(this.minutes.map((m) => [m.minute, m]));
    for (const m of o.minutes) {
      let b = byMinute.get(m.minute);
      if (!b) byMinute.set(m.minute, (b = new WebSocketMinute(m.minute)));
      b.merge(m);
    }
    this.minutes.length = 0;
    this.minutes.push(...[...byMinute.values()].sort((a, b) => a.minute - b.minute));
  }
}

/**
 * What is recorded when a WebSocket event has ended ($connect, a message, $disconnect): the
 * metrics AWS publishes for WebSocket APIs (ConnectCount, MessageCount, IntegrationError,
 * ClientError, ExecutionError, IntegrationLatency) in the stage's ApiId+Stage series
 * (metrics/websocket-series.ts, summed by ApiId) and, for a route whose routeSettings (else
 * defaultRouteSettings) enable detailedMetricsEnabled, its ApiId+Stage+Route series; and, when the stage has accessLogSettings, one
 * access log line in its format with the WebSocket `$context` variables (connectionId, eventType,
 * routeKey, messageId, status, integrationLatency, identity.apiKey...), written to the log group
 * its destination ARN names; a variable without a value is written `-`. The format is compiled
 * once per stage (a WeakMap on the stage entry); writing is queued, never awaited.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-logging.html
 */
import { createHash } from 'node:crypto';
import { logGroupOf } from '../logs/index.js';
import type { WebSocketSeries } from '../metrics/index.js';
import type { Observer } from '../observer.js';
import type { Scope } from '../../store/types.js';
import type { WebSocketStage } from './apis.js';
import type { Connection } from './connections.js';
import { requestContext, type WsRequest } from './event.js';

type Part = string | string[];

interface StagePlan {
  series: WebSocketSeries;
  /** By route key: its ApiId+Stage+Route series when detailed metrics are on for it, else null. */
  routes: Map<string, WebSocketSeries | null>;
  accessLog?: { parts: Part[]; group: { scope: Scope; name: string }; logStream: string };
}

/** `$context.a.b`: letters, digits and underscores between dots. */
const VARIABLE = /\$context((?:\.[A-Za-z0-9_]+)+)/g;

function compileFormat(format: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of format.matchAll(VARIABLE)) {
    if (m.index! > last) parts.push(format.slice(last, m.index));
    parts.push(m[1].slice(1).split('.'));
    last = m.index! + m[0].length;
  }
  if (last < format.length) parts.push(format.slice(last));
  return parts;
}

export class WebSocketObserver {
  private readonly plans = new WeakMap<WebSocketStage, StagePlan>();

  constructor(private readonly observer: Observer) {}

  /** `replies`: messages sent back to the client for this event (a two-way route's answer, an error frame). */
  ended(c: Connection, r: WsRequest, replies = 0): void {
    const stage = c.stage;
    let plan = this.plans.get(stage);
    if (!plan) this.plans.set(stage, (plan = this.planOf(stage)));
    const now = Date.now();
    const sample = { connect: r.eventType === 'CONNECT', messages: (r.eventType === 'MESSAGE' ? 1 : 0) + replies, outcome: r.outcome, integrationLatency: r.integrationLatency };
    plan.series.record(sample, now);
    this.routeSeries(plan, stage, r.routeKey)?.record(sample, now);
    const log = plan.accessLog;
    if (!log) return;
    const context = accessLogContext(c, r, now);
    let message = '';
    for (const p of log.parts) message += typeof p === 'string' ? p : text(walk(context, p));
    this.observer.logs.put(log.group.scope, log.group.name, { timestamp: now, message, logStream: log.logStream });
  }

  /** A message posted to the client through @connections: MessageCount only. */
  messageSent(c: Connection): void {
    let plan = this.plans.get(c.stage);
    if (!plan) this.plans.set(c.stage, (plan = this.planOf(c.stage)));
    plan.series.record({ connect: false, messages: 1 }, Date.now());
  }

  /** The route's series when its routeSettings (else the stage's defaultRouteSettings) enable detailed metrics. */
  private routeSeries(plan: StagePlan, stage: WebSocketStage, routeKey: string): WebSocketSeries | null {
    let series = plan.routes.get(routeKey);
    if (series !== undefined) return series;
    const own = stage.record.RouteSettings?.[routeKey]?.DetailedMetricsEnabled;
    const detailed = own ?? stage.record.DefaultRouteSettings?.DetailedMetricsEnabled;
    series = detailed ? this.observer.metrics.webSocketRouteSeries(ownerOf(stage), stage.stageName, routeKey) : null;
    plan.routes.set(routeKey, series);
    return series;
  }

  private planOf(stage: WebSocketStage): StagePlan {
    const series = this.observer.metrics.webSocketStageSeries(ownerOf(stage), stage.stageName);
    const routes = new Map<string, WebSocketSeries | null>();
    const settings = stage.record.AccessLogSettings;
    const group = logGroupOf(settings?.DestinationArn);
    if (!settings?.Format || !group) return { series, routes };
    return { series, routes, accessLog: { parts: compileFormat(settings.Format), group, logStream: createHash('md5').update(`${stage.apiId}/${stage.stageName}`).digest('hex') } };
  }
}

const ownerOf = (stage: WebSocketStage) => ({ account: stage.scope.account, region: stage.scope.region, apiId: stage.apiId });

/** `$context` as templates see it, plus the access-logging-only variables of what the event ended with. */
function accessLogContext(c: Connection, r: WsRequest, now: number): Record<string, unknown> {
  const context = requestContext(c, r);
  const integration = { latency: r.integrationLatency, status: r.integrationStatus, error: r.integrationError };
  const error = r.errorMessage !== undefined ? { message: r.errorMessage, messageString: JSON.stringify(r.errorMessage) } : undefined;
  const identity = context.identity as Record<string, unknown>;
  identity.accountId = c.stage.scope.account;
  return {
    ...context,
    status: r.status,
    integrationLatency: r.integrationLatency,
    integrationStatus: r.integrationStatus,
    integrationErrorMessage: r.integrationError,
    integration,
    error,
    responseLatency: now - r.requestTimeEpoch,
  };
}

function walk(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function text(v: unknown): string {
  if (v === undefined || v === null || v === '') return '-';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

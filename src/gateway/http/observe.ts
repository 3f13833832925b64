/**
 * What is recorded when an HTTP API request has been answered: the metrics AWS publishes for HTTP
 * APIs (Count, 4xx, 5xx, Latency, IntegrationLatency, DataProcessed) in the stage's ApiId+Stage
 * series (the REST data plane's registry, which also sums them by ApiId) and, for a route whose
 * routeSettings (else defaultRouteSettings) enable detailedMetricsEnabled, in its
 * ApiId+Stage+Method+Resource series (`GET /pets/{id}`: Method GET, Resource /pets/{id}; the
 * `$default` route: Method ANY, Resource $default); and, when the stage has accessLogSettings,
 * one access log line with the `$context` variables of HTTP APIs, written to the log group its
 * destination ARN names. All is resolved once per stage (a WeakMap on the stage entry) and route;
 * writing is queued, never awaited.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 */
import { createHash } from 'node:crypto';
import { logGroupOf } from '../logs/index.js';
import type { RequestSample, Series } from '../metrics/index.js';
import type { Observer } from '../observer.js';
import type { Scope } from '../../store/types.js';
import type { HttpContext, HttpStage } from './context.js';
import { contextValue } from './context-variables.js';

type Part = string | { name: string };

interface StagePlan {
  series: Series;
  /** By route key: its detailed metrics series, null when the route has none. */
  routes: Map<string, Series | null>;
  accessLog?: { parts: Part[]; group: { scope: Scope; name: string }; logStream: string };
}

const VARIABLE = /\$context\.([A-Za-z0-9_.]+)/g;

function compileFormat(format: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of format.matchAll(VARIABLE)) {
    if (m.index! > last) parts.push(format.slice(last, m.index));
    parts.push({ name: m[1] });
    last = m.index! + m[0].length;
  }
  if (last < format.length) parts.push(format.slice(last));
  return parts;
}

export class HttpApiObserver {
  private readonly plans = new WeakMap<HttpStage, StagePlan>();

  constructor(private readonly observer: Observer) {}

  requestEnded(ctx: HttpContext): void {
    const stage = ctx.stage;
    let plan = this.plans.get(stage);
    if (!plan) this.plans.set(stage, (plan = this.planOf(stage)));
    const now = Date.now();
    const response = ctx.response!;
    ctx.responseLatency = now - ctx.requestTimeEpoch;
    const sample: RequestSample = {
      status: response.statusCode,
      latency: ctx.responseLatency,
      integrationLatency: ctx.integrationLatency,
      cache: undefined,
      requestBytes: ctx.request.body.length,
      responseBytes: response.body.length,
    };
    plan.series.record(sample, now);
    if (ctx.route) {
      let route = plan.routes.get(ctx.routeKey);
      if (route === undefined) plan.routes.set(ctx.routeKey, (route = this.routeSeries(stage, ctx.routeKey)));
      route?.record(sample, now);
    }
    const log = plan.accessLog;
    if (log) {
      let message = '';
      for (const p of log.parts) message += typeof p === 'string' ? p : (contextValue(ctx, p.name) ?? '-');
      this.observer.logs.put(log.group.scope, log.group.name, { timestamp: now, message, logStream: log.logStream });
    }
  }

  /** The route's ApiId+Stage+Method+Resource series when detailed metrics are enabled for it, else null. */
  private routeSeries(stage: HttpStage, routeKey: string): Series | null {
    const own = stage.record.RouteSettings?.[routeKey]?.DetailedMetricsEnabled;
    if (!(own ?? stage.record.DefaultRouteSettings?.DetailedMetricsEnabled)) return null;
    const space = routeKey.indexOf(' ');
    const [method, resource] = space < 0 ? ['ANY', routeKey] : [routeKey.slice(0, space), routeKey.slice(space + 1)];
    return this.observer.metrics.httpRouteSeries(ownerOf(stage), stage.stageName, method, resource);
  }

  private planOf(stage: HttpStage): StagePlan {
    const series = this.observer.metrics.httpStageSeries(ownerOf(stage), stage.stageName);
    const routes = new Map<string, Series | null>();
    const settings = stage.record.AccessLogSettings;
    const group = logGroupOf(settings?.DestinationArn);
    if (!settings?.Format || !group) return { series, routes };
    return {
      series,
      routes,
      accessLog: { parts: compileFormat(settings.Format), group, logStream: createHash('md5').update(`${stage.apiId}/${stage.stageName}`).digest('hex') },
    };
  }
}

const ownerOf = (stage: HttpStage) => ({ account: stage.scope.account, region: stage.scope.region, apiId: stage.apiId });

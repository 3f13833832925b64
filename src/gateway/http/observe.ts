/**
 * What is recorded when an HTTP API request has been answered: the stage's metrics series
 * (ApiId+Stage, the REST data plane's registry) and, when the stage has accessLogSettings, one
 * access log line with the `$context` variables of HTTP APIs, written to the log group its
 * destination ARN names. Both are resolved once per stage (a WeakMap on the stage entry); writing
 * is queued, never awaited.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
 */
import { createHash } from 'node:crypto';
import { logGroupOf } from '../logs/index.js';
import { apiNameDimension, type Series } from '../metrics/index.js';
import type { Observer } from '../observer.js';
import type { Scope } from '../../store/types.js';
import type { HttpContext, HttpStage } from './context.js';
import { contextValue } from './context-variables.js';

type Part = string | { name: string };

interface StagePlan {
  series: Series;
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
    plan.series.record(
      {
        status: response.statusCode,
        latency: ctx.responseLatency,
        integrationLatency: ctx.integrationLatency,
        cache: undefined,
        requestBytes: ctx.request.body.length,
        responseBytes: response.body.length,
      },
      now,
    );
    const log = plan.accessLog;
    if (log) {
      let message = '';
      for (const p of log.parts) message += typeof p === 'string' ? p : (contextValue(ctx, p.name) ?? '-');
      this.observer.logs.put(log.group.scope, log.group.name, { timestamp: now, message, logStream: log.logStream });
    }
  }

  private planOf(stage: HttpStage): StagePlan {
    const owner = { account: stage.scope.account, region: stage.scope.region, apiId: stage.apiId };
    const series = this.observer.metrics.stageSeries(owner, apiNameDimension(stage.api.name, stage.apiId), stage.stageName);
    const settings = stage.record.AccessLogSettings;
    const group = logGroupOf(settings?.DestinationArn);
    if (!settings?.Format || !group) return { series };
    return {
      series,
      accessLog: { parts: compileFormat(settings.Format), group, logStream: createHash('md5').update(`${stage.apiId}/${stage.stageName}`).digest('hex') },
    };
  }
}

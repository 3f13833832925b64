/**
 * What happens when a request has been answered: metrics always, the access log and execution
 * log when the stage has them configured (DESIGN.md: "access log and metrics, always"). Per stage
 * and method it resolves once what to do (series, compiled format, log groups, levels) and keeps
 * that with the stage's cached target, so a request costs a WeakMap lookup and a few additions; a
 * stage without log settings writes nothing. Writing to log groups is queued, never awaited.
 * Canary requests have their own metrics (Stage `{stage}/Canary`) and also log to the `/Canary`
 * groups, as AWS does ("the canary release has its own logs and metrics").
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/canary-release.html
 */
import type { S_MethodSetting } from '../aws/generated/apigateway.js';
import type { Scope } from '../store/types.js';
import {
  compileAccessLogFormat,
  executionLogGroup,
  executionLogMessages,
  logGroupOf,
  LogGroups,
  renderAccessLog,
  type AccessLogFormat,
  type LoggingLevel,
  type LogGroupsOptions,
  type RequestEnd,
} from './logs/index.js';
import { addUsage, ApiMetrics, apiNameDimension, loadUsage, saveUsage, type Series, type UsageRecord } from './metrics/index.js';
import type { CompiledMethod } from './rest/compile.js';
import type { InvocationContext, StageTarget } from './rest/context.js';
import type { DeploymentCache } from './rest/deployments.js';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface ObserverOptions {
  /** Where log groups are kept (LogGroups: a directory, or memory). */
  logs?: LogGroupsOptions;
  /** Where the counted traffic is kept across restarts (usage-file.ts); only this run's without one. */
  usageFile?: string;
}

/** How often the usage file is written while Gatehouse runs. */
const USAGE_SAVE_MS = 60_000;

interface MethodPlan {
  /** ApiName+Stage+Method+Resource, when detailed metrics are on for the method. */
  series?: Series;
  level?: LoggingLevel;
  dataTrace: boolean;
}

interface StagePlan {
  scope: Scope;
  apiId: string;
  series: Series;
  apiName: string;
  /** The Stage dimension: the stage's name, `{name}/Canary` for canary requests. */
  stage: string;
  settings: Record<string, S_MethodSetting>;
  accessLog?: { format: AccessLogFormat; groups: { scope: Scope; name: string }[] };
  executionGroups: string[];
  logStream: string;
  tracingEnabled: boolean;
  methods: WeakMap<CompiledMethod, MethodPlan>;
  /** For requests that matched no method (403 Missing Authentication Token): the stage-wide settings. */
  noMethod: MethodPlan;
}

export class Observer {
  readonly logs: LogGroups;
  readonly metrics = new ApiMetrics();
  /** By the stage's cached target (a new one is made when the stage changes; canary targets are per request). */
  private readonly plans = new WeakMap<StageTarget, StagePlan>();

  private readonly baseline: Promise<UsageRecord | undefined>;
  private readonly saver: NodeJS.Timeout | undefined;

  constructor(
    private readonly deployments: DeploymentCache,
    private readonly options: ObserverOptions = {},
  ) {
    this.logs = new LogGroups(options.logs);
    const file = options.usageFile;
    this.baseline = file ? loadUsage(file) : Promise.resolve(undefined);
    if (file) this.saver = setInterval(() => void this.saveUsage(), USAGE_SAVE_MS).unref();
  }

  /** The traffic counted: before this start (the usage file) and since. */
  async usage(): Promise<UsageRecord> {
    const current = this.metrics.stageTotals().map((s) => ({
      owner: s.owner,
      apiName: s.apiName,
      stage: s.stage,
      requests: s.totals.count,
      httpApiUnits: s.totals.httpApiUnits,
      requestBytes: s.totals.requestBytes,
      responseBytes: s.totals.responseBytes,
    }));
    return addUsage(await this.baseline, this.metrics.startedAt, current);
  }

  private async saveUsage(): Promise<void> {
    const file = this.options.usageFile;
    if (!file) return;
    try {
      await mkdir(dirname(file), { recursive: true });
      await saveUsage(file, await this.usage());
    } catch (err) {
      console.error('[gatehouse] cannot save the usage counters:', (err as Error).message);
    }
  }

  async close(): Promise<void> {
    if (this.saver) clearInterval(this.saver);
    await this.saveUsage();
    await this.logs.close();
  }

  requestEnded(ctx: InvocationContext): void {
    const target = ctx.stage;
    if (!target) return; // no stage, no API: nothing AWS would count or log
    let plan = this.plans.get(target);
    if (!plan) {
      plan = this.planOf(target);
      if (!plan) return;
      if (!target.isCanary) this.plans.set(target, plan);
    }
    const method = ctx.method ? this.methodPlan(plan, ctx) : plan.noMethod;
    const now = Date.now();
    const response = ctx.response!;
    const sample = {
      status: response.statusCode,
      latency: now - ctx.requestTimeEpoch,
      integrationLatency: ctx.integrationLatency,
      cache: ctx.cacheStatus,
      requestBytes: ctx.request.body.length,
      responseBytes: response.body.length,
    };
    plan.series.record(sample, now);
    method.series?.record(sample, now);
    if (plan.accessLog) {
      const end: RequestEnd = { responseLatency: sample.latency, tracingEnabled: plan.tracingEnabled };
      const message = renderAccessLog(plan.accessLog.format, ctx, end);
      for (const g of plan.accessLog.groups) this.logs.put(g.scope, g.name, { timestamp: now, message, logStream: plan.logStream });
    }
    if (method.level) {
      const messages = executionLogMessages(ctx, method.level, method.dataTrace);
      for (const message of messages) {
        for (const group of plan.executionGroups) this.logs.put(plan.scope, group, { timestamp: now, message, logStream: plan.logStream });
      }
    }
  }

  private planOf(target: StageTarget): StagePlan | undefined {
    const entry = this.deployments.cached(target.apiId, target.stageName);
    if (!entry || typeof entry === 'string') return undefined;
    const record = entry.stage;
    const apiName = apiNameDimension(target.api.name, target.apiId);
    const canary = target.isCanary;
    const stage = canary ? `${record.stageName}/Canary` : record.stageName;
    const owner = { account: target.scope.account, region: target.scope.region, apiId: target.apiId };
    const settings = record.methodSettings ?? {};
    const format = record.accessLogSettings?.format;
    const destination = logGroupOf(record.accessLogSettings?.destinationArn);
    const groups = destination ? [destination, ...(canary ? [{ scope: destination.scope, name: `${destination.name}/Canary` }] : [])] : [];
    const execution = executionLogGroup(target.apiId, record.stageName);
    const plan: StagePlan = {
      scope: target.scope,
      apiId: target.apiId,
      apiName,
      stage,
      series: this.metrics.stageSeries(owner, apiName, stage),
      settings,
      accessLog: format && groups.length ? { format: compileAccessLogFormat(format), groups } : undefined,
      executionGroups: canary ? [execution, `${execution}/Canary`] : [execution],
      // CloudWatch names streams by a hash; one per stage here, the same across restarts.
      logStream: createHash('md5').update(`${target.apiId}/${stage}`).digest('hex'),
      tracingEnabled: record.tracingEnabled === true,
      methods: new WeakMap(),
      noMethod: methodPlanOf(settings['*/*']),
    };
    return plan;
  }

  private methodPlan(plan: StagePlan, ctx: InvocationContext): MethodPlan {
    const method = ctx.method!;
    let m = plan.methods.get(method);
    if (m) return m;
    const resource = ctx.resource!;
    let httpMethod = ctx.request.httpMethod;
    for (const [name, candidate] of resource.methods) if (candidate === method) httpMethod = name;
    // Method settings keys: "pets/GET", "/GET" for the root, "*/*" for every method (method-settings.ts).
    const setting = plan.settings[`${resource.path.slice(1)}/${httpMethod}`] ?? plan.settings['*/*'];
    m = methodPlanOf(setting);
    if (setting?.metricsEnabled) {
      m.series = this.metrics.methodSeries({ account: plan.scope.account, region: plan.scope.region, apiId: plan.apiId }, plan.apiName, plan.stage, httpMethod, resource.path);
    }
    plan.methods.set(method, m);
    return m;
  }
}

function methodPlanOf(setting: S_MethodSetting | undefined): MethodPlan {
  const level = setting?.loggingLevel;
  return { level: level === 'ERROR' || level === 'INFO' ? level : undefined, dataTrace: setting?.dataTraceEnabled === true };
}

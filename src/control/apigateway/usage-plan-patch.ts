/**
 * UpdateUsagePlan's patch paths, as the patch engine's rules.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-usage-plans-with-rest-api.html
 *
 * AWS lists the removable paths as "[/apiStages, /quota, /throttle, /productCode,
 * /apiStages/<apidId:stageName>/throttle/<resourcePath>/<httpMethod>, /apiStages/<apidId:stageName>/throttle]"
 * (its typo included; seen in boto/boto3#2629), so the rules keep that order. API stages are
 * added and removed with the path /apiStages and the value "{apiId}:{stage}"; method throttles are
 * addressed as /apiStages/{apiId}:{stage}/throttle/{resourcePath}/{httpMethod}[/rateLimit|/burstLimit]
 * with the resource path's slashes escaped as ~1 ("//GET" is the root's GET), or set whole with
 * a JSON map on /apiStages/{apiId}:{stage}/throttle.
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { ApiStageRecord, QuotaPeriod, ThrottleRecord } from '../../definitions/usage-plans.js';
import { applyPatch, patchInteger, patchNumber, type PatchOperation, type PatchRule } from './patch/index.js';
import { stageLabel, type UsagePlanRecord } from './usage-plan-record.js';

type Rule = PatchRule<UsagePlanRecord>;

const STAGE = '/apiStages/<apidId:stageName>';
const PERIODS: QuotaPeriod[] = ['DAY', 'WEEK', 'MONTH'];

/** "{apiId}:{stage}" -> its parts, or AWS's "Invalid API Stage specified". */
function parseStage(text: string | undefined): { apiId: string; stage: string } {
  const i = text?.indexOf(':') ?? -1;
  if (!text || i < 1 || i === text.length - 1) throw badRequest('Invalid API Stage specified');
  return { apiId: text.slice(0, i), stage: text.slice(i + 1) };
}

function planStage(plan: UsagePlanRecord, label: string): ApiStageRecord {
  const wanted = parseStage(label);
  const found = plan.apiStages.find((s) => s.apiId === wanted.apiId && s.stage === wanted.stage);
  if (!found) throw notFound(`API Stage not found: ${stageLabel(wanted)}`);
  return found;
}

/** ".../throttle/{resourcePath}/{httpMethod}[/field]" tail -> the throttle map key and the field. */
function methodTarget(tail: string, withField: boolean): { key: string; field?: 'rateLimit' | 'burstLimit' } {
  const parts = tail.split('/');
  let field: 'rateLimit' | 'burstLimit' | undefined;
  if (withField) {
    const last = parts.pop();
    if (last !== 'rateLimit' && last !== 'burstLimit') throw badRequest(`Invalid method throttle path: ${tail}. It must end with /rateLimit or /burstLimit`);
    field = last;
  }
  const method = parts.pop();
  const resource = parts.join('/');
  if (!method || !resource) throw badRequest(`Invalid method throttle path: ${tail}`);
  return { key: `${resource}/${method}`, field };
}

function parseThrottleMap(value: string | undefined): Record<string, ThrottleRecord> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value ?? '');
  } catch {
    throw badRequest(`Invalid throttle value: ${value ?? 'null'}. Expected a JSON map of {resourcePath}/{httpMethod} to {rateLimit, burstLimit}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest('Invalid throttle value: expected a JSON map');
  const out: Record<string, ThrottleRecord> = {};
  for (const [key, t] of Object.entries(parsed as Record<string, unknown>)) {
    const s = (t ?? {}) as Record<string, unknown>;
    const entry: ThrottleRecord = {};
    if (s.burstLimit !== undefined) entry.burstLimit = Number(s.burstLimit);
    if (s.rateLimit !== undefined) entry.rateLimit = Number(s.rateLimit);
    out[key] = entry;
  }
  return out;
}

const quota = (plan: UsagePlanRecord) => (plan.quota ??= { limit: 0, offset: 0, period: undefined as unknown as QuotaPeriod });

function usagePlanRules(stagesInRegion: Set<string>): Rule[] {
  return [
    { path: '/name', ops: ['replace'], apply: (plan, ctx) => void (plan.name = ctx.value ?? '') },
    {
      path: '/description',
      ops: ['replace'],
      apply(plan, ctx) {
        if (ctx.value) plan.description = ctx.value;
        else delete plan.description;
      },
    },
    {
      path: '/apiStages',
      ops: ['add', 'remove'],
      apply(plan, ctx) {
        const s = parseStage(ctx.value);
        const i = plan.apiStages.findIndex((x) => x.apiId === s.apiId && x.stage === s.stage);
        if (ctx.op === 'remove') {
          if (i < 0) throw badRequest('Invalid API Stage specified');
          plan.apiStages.splice(i, 1);
          return;
        }
        if (!stagesInRegion.has(`${s.apiId}/${s.stage}`)) throw notFound(`API Stage not found: ${stageLabel(s)}`);
        if (i < 0) plan.apiStages.push(s);
      },
    },
    { path: '/quota', ops: ['remove'], apply: (plan) => void delete plan.quota },
    { path: '/throttle', ops: ['remove'], apply: (plan) => void delete plan.throttle },
    {
      path: '/productCode',
      ops: ['replace', 'remove'],
      apply(plan, ctx) {
        if (ctx.op === 'replace' && ctx.value) plan.productCode = ctx.value;
        else delete plan.productCode;
      },
    },
    { path: '/quota/limit', ops: ['replace'], apply: (plan, ctx) => void (quota(plan).limit = patchInteger(ctx)) },
    { path: '/quota/offset', ops: ['replace'], apply: (plan, ctx) => void (quota(plan).offset = patchInteger(ctx)) },
    {
      path: '/quota/period',
      ops: ['replace'],
      apply(plan, ctx) {
        const period = ctx.value as QuotaPeriod;
        if (!PERIODS.includes(period)) throw badRequest(`Invalid quota period '${ctx.value ?? 'null'}'. Must be one of [DAY, WEEK, MONTH]`);
        quota(plan).period = period;
      },
    },
    { path: '/throttle/burstLimit', ops: ['replace'], apply: (plan, ctx) => void ((plan.throttle ??= {}).burstLimit = patchInteger(ctx)) },
    { path: '/throttle/rateLimit', ops: ['replace'], apply: (plan, ctx) => void ((plan.throttle ??= {}).rateLimit = patchNumber(ctx)) },
    {
      path: '/apiStages/{stage}/throttle/{method+}',
      ops: ['remove'],
      listed: `${STAGE}/throttle/<resourcePath>/<httpMethod>`,
      apply(plan, ctx) {
        const s = planStage(plan, ctx.params.stage);
        const { key } = methodTarget(ctx.params.method, false);
        if (s.throttle) delete s.throttle[key];
        if (s.throttle && !Object.keys(s.throttle).length) delete s.throttle;
      },
    },
    {
      path: '/apiStages/{stage}/throttle/{method+}',
      ops: ['add', 'replace'],
      listed: `${STAGE}/throttle/<resourcePath>/<httpMethod>/<rateLimit|burstLimit>`,
      apply(plan, ctx) {
        const s = planStage(plan, ctx.params.stage);
        const { key, field } = methodTarget(ctx.params.method, true);
        const entry = ((s.throttle ??= {})[key] ??= {});
        if (field === 'rateLimit') entry.rateLimit = patchNumber(ctx);
        else entry.burstLimit = patchInteger(ctx);
      },
    },
    {
      path: '/apiStages/{stage}/throttle',
      ops: ['replace', 'remove'],
      listed: `${STAGE}/throttle`,
      apply(plan, ctx) {
        const s = planStage(plan, ctx.params.stage);
        if (ctx.op === 'remove') delete s.throttle;
        else s.throttle = parseThrottleMap(ctx.value);
      },
    },
  ];
}

/** Applies UpdateUsagePlan's operations to a copy of the plan; any refusal leaves the plan as it was. */
export function patchUsagePlan(plan: UsagePlanRecord, operations: PatchOperation[] | undefined, stagesInRegion: Set<string>): UsagePlanRecord {
  return applyPatch(plan, operations, usagePlanRules(stagesInRegion));
}

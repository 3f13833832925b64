/**
 * UsagePlan and UsagePlanKey: CreateUsagePlan, GetUsagePlan(s), UpdateUsagePlan, DeleteUsagePlan,
 * CreateUsagePlanKey, GetUsagePlanKey(s), DeleteUsagePlanKey (GetUsage and UpdateUsage are in
 * usage.ts). https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 *
 * Recorded from AWS (test_apigateway_extended.snapshot.json, TestApigatewayApiKeysCrud::*): a
 * new plan answers `apiStages: []`; plan keys are listed newest first, `name` (nameQuery) a
 * case-sensitive prefix of the key's name; listing the keys of an unknown plan answers an empty
 * list, not an error. A plan still holding API stages cannot be deleted (AWS's refusal, seen in
 * aws/aws-sdk-js#3841).
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import { shortId } from '../../aws/ids.js';
import type {
  S_CreateUsagePlanKeyRequest,
  S_CreateUsagePlanRequest,
  S_DeleteUsagePlanKeyRequest,
  S_DeleteUsagePlanRequest,
  S_GetUsagePlanKeyRequest,
  S_GetUsagePlanKeysRequest,
  S_GetUsagePlanRequest,
  S_GetUsagePlansRequest,
  S_UpdateUsagePlanRequest,
} from '../../aws/generated/apigateway.js';
import { usagePlanKeyKey, type ApiStageRecord, type UsagePlanKeyRecord } from '../../definitions/usage-plans.js';
import type { Handlers, RequestContext } from '../types.js';
import { requireApiKey, type ApiKeyRecord } from './api-key-record.js';
import { KIND, paginate } from './records.js';
import {
  addPlanKey,
  checkKeyStages,
  planKeys,
  plansOfKey,
  removePlanKey,
  renderUsagePlan,
  requireApiStage,
  requireUsagePlan,
  stageLabel,
  validateUsagePlan,
  withLiveStages,
  type UsagePlanRecord,
} from './usage-plan-record.js';
import { patchUsagePlan } from './usage-plan-patch.js';
import { handlers as usageHandlers } from './usage.js';

async function createUsagePlan(input: S_CreateUsagePlanRequest, ctx: RequestContext) {
  const plan: UsagePlanRecord = {
    id: shortId(6),
    name: input.name,
    apiStages: (input.apiStages ?? []).map((s) => {
      const stage: ApiStageRecord = { apiId: s.apiId ?? '', stage: s.stage ?? '' };
      if (s.throttle && Object.keys(s.throttle).length) stage.throttle = structuredClone(s.throttle);
      return stage;
    }),
  };
  if (input.description !== undefined) plan.description = input.description;
  if (input.throttle) plan.throttle = { ...input.throttle };
  if (input.quota) plan.quota = { limit: input.quota.limit ?? 0, offset: input.quota.offset ?? 0, period: input.quota.period! };
  if (input.tags && Object.keys(input.tags).length) plan.tags = { ...input.tags };
  validateUsagePlan(plan);
  for (const s of plan.apiStages) await requireApiStage(ctx.tx, s);
  await ctx.tx.put(KIND.usagePlan, plan.id, plan);
  return renderUsagePlan(plan);
}

async function getUsagePlan(input: S_GetUsagePlanRequest, ctx: RequestContext) {
  return renderUsagePlan(await withLiveStages(ctx.tx, await requireUsagePlan(ctx.tx, input.usagePlanId)));
}

async function getUsagePlans(input: S_GetUsagePlansRequest, ctx: RequestContext) {
  let plans = (await ctx.tx.list<UsagePlanRecord>(KIND.usagePlan)).map((e) => e.value);
  if (input.keyId !== undefined) {
    const holding = new Set(await plansOfKey(ctx.tx, input.keyId));
    plans = plans.filter((p) => holding.has(p.id));
  }
  const page = paginate(plans, input.position, input.limit);
  const items = [];
  for (const p of page.items) items.push(renderUsagePlan(await withLiveStages(ctx.tx, p)));
  return { ...page, items };
}

async function updateUsagePlan(input: S_UpdateUsagePlanRequest, ctx: RequestContext) {
  const plan = await withLiveStages(ctx.tx, await requireUsagePlan(ctx.tx, input.usagePlanId));
  const stagesInRegion = new Set((await ctx.tx.list(KIND.stage)).map((e) => e.key));
  const updated = patchUsagePlan(plan, input.patchOperations, stagesInRegion);
  validateUsagePlan(updated);
  const before = new Set(plan.apiStages.map(stageLabel));
  if (updated.apiStages.some((s) => !before.has(stageLabel(s)))) {
    for (const key of await planKeys(ctx.tx, plan.id)) await checkKeyStages(ctx.tx, key.id, updated);
  }
  await ctx.tx.put(KIND.usagePlan, updated.id, updated);
  return renderUsagePlan(updated);
}

async function deleteUsagePlan(input: S_DeleteUsagePlanRequest, ctx: RequestContext): Promise<void> {
  const plan = await withLiveStages(ctx.tx, await requireUsagePlan(ctx.tx, input.usagePlanId));
  if (plan.apiStages.length) {
    throw badRequest(`Cannot delete Usage Plan ${plan.id} because there are API Stages associated with it, including ${stageLabel(plan.apiStages[0])}`);
  }
  for (const key of await planKeys(ctx.tx, plan.id)) await removePlanKey(ctx.tx, plan.id, key.id);
  await ctx.tx.delete(KIND.usagePlan, plan.id);
}

/** The UsagePlanKey shape: the API key's id, name and value as they are now. */
function renderPlanKey(key: ApiKeyRecord): Record<string, unknown> {
  return { id: key.id, type: 'API_KEY', value: key.value, ...(key.name !== undefined ? { name: key.name } : {}) };
}

async function createUsagePlanKey(input: S_CreateUsagePlanKeyRequest, ctx: RequestContext) {
  const plan = await withLiveStages(ctx.tx, await requireUsagePlan(ctx.tx, input.usagePlanId));
  if (input.keyType !== 'API_KEY') throw badRequest(`Invalid key type ${input.keyType}: the only key type is API_KEY`);
  const key = await requireApiKey(ctx.tx, input.keyId);
  if (!(await addPlanKey(ctx.tx, plan, key.id))) throw conflict('Usage Plan Key already exists');
  return renderPlanKey(key);
}

async function requirePlanKey(ctx: RequestContext, usagePlanId: string, keyId: string): Promise<ApiKeyRecord> {
  await requireUsagePlan(ctx.tx, usagePlanId);
  if (!(await ctx.tx.get<UsagePlanKeyRecord>(KIND.usagePlanKey, usagePlanKeyKey(usagePlanId, keyId)))) {
    throw notFound('Invalid Usage Plan Key identifier specified');
  }
  return requireApiKey(ctx.tx, keyId);
}

async function getUsagePlanKey(input: S_GetUsagePlanKeyRequest, ctx: RequestContext) {
  return renderPlanKey(await requirePlanKey(ctx, input.usagePlanId, input.keyId));
}

async function getUsagePlanKeys(input: S_GetUsagePlanKeysRequest, ctx: RequestContext) {
  const keys: ApiKeyRecord[] = [];
  for (const k of (await planKeys(ctx.tx, input.usagePlanId)).reverse()) {
    const key = await ctx.tx.get<ApiKeyRecord>(KIND.apiKey, k.id);
    if (key && (!input.nameQuery || key.name?.startsWith(input.nameQuery))) keys.push(key);
  }
  const page = paginate(keys, input.position, input.limit);
  return { ...page, items: page.items.map(renderPlanKey) };
}

async function deleteUsagePlanKey(input: S_DeleteUsagePlanKeyRequest, ctx: RequestContext): Promise<void> {
  await requirePlanKey(ctx, input.usagePlanId, input.keyId);
  await removePlanKey(ctx.tx, input.usagePlanId, input.keyId);
}

export const handlers: Handlers = {
  CreateUsagePlan: createUsagePlan,
  GetUsagePlan: getUsagePlan,
  GetUsagePlans: getUsagePlans,
  UpdateUsagePlan: updateUsagePlan,
  DeleteUsagePlan: deleteUsagePlan,
  CreateUsagePlanKey: createUsagePlanKey,
  GetUsagePlanKey: getUsagePlanKey,
  GetUsagePlanKeys: getUsagePlanKeys,
  DeleteUsagePlanKey: deleteUsagePlanKey,
  ...usageHandlers,
};

/**
 * GetUsage and UpdateUsage: a usage plan's daily [used, remaining] quota per API key, read from
 * the usage counters the data plane keeps (src/definitions/usage-plans.ts), and UpdateUsage's
 * "temporary extension to the remaining quota" (op replace, path /remaining, as in the AWS CLI's
 * update-usage example).
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetUsage.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-create-usage-plans-with-console.html#api-gateway-usage-plan-manage-usage
 *
 * Every day of the range is answered for every key of the plan (or the one asked for), zeros
 * included: a key that made no request used 0 and has the whole quota left. A plan without a
 * quota has no remaining to count, and answers 0 for it.
 */
import { badRequest, notFound } from '../../aws/errors.js';
import type { S_GetUsageRequest, S_UpdateUsageRequest } from '../../aws/generated/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import {
  addDays,
  parseUtcDay,
  quotaBalance,
  remainingOn,
  usageCounterKey,
  usageCounterPrefix,
  usagePlanKeyKey,
  utcDay,
  type UsageCounterRecord,
  type UsagePlanRecord,
} from '../../definitions/usage-plans.js';
import type { Handlers, RequestContext } from '../types.js';
import { applyPatch, patchInteger } from './patch/index.js';
import { KIND, paginate } from './records.js';
import { planKeys, requireUsagePlan } from './usage-plan-record.js';

/** Gatehouse's bound on one GetUsage range, so one request cannot ask for centuries of days. */
const MAX_DAYS = 366;

async function countersOf(tx: StoreTx, usagePlanId: string, keyId: string): Promise<Map<string, UsageCounterRecord>> {
  const prefix = usageCounterPrefix(usagePlanId, keyId);
  return new Map((await tx.list<UsageCounterRecord>(KIND.usageCounter, prefix)).map((e) => [e.key.slice(prefix.length), e.value]));
}

function dailyUsage(plan: UsagePlanRecord, counters: Map<string, UsageCounterRecord>, days: string[]): number[][] {
  return days.map((day) => [counters.get(day)?.used ?? 0, plan.quota ? remainingOn(plan.quota, day, counters) : 0]);
}

function requireDay(value: string, what: 'start' | 'end'): string {
  if (!parseUtcDay(value)) throw badRequest(`Invalid ${what} date '${value}'. Dates must be given as yyyy-MM-dd`);
  return value;
}

async function getUsage(input: S_GetUsageRequest, ctx: RequestContext) {
  const plan = await requireUsagePlan(ctx.tx, input.usagePlanId);
  const start = requireDay(input.startDate, 'start');
  const end = requireDay(input.endDate, 'end');
  if (start > end) throw badRequest('The start date must not be after the end date');
  const days: string[] = [];
  for (let d = start; d <= end; d = addDays(d, 1)) {
    if (days.length === MAX_DAYS) throw badRequest(`The usage period can span at most ${MAX_DAYS} days`);
    days.push(d);
  }
  let keyIds = (await planKeys(ctx.tx, plan.id)).map((k) => k.id);
  if (input.keyId !== undefined) keyIds = keyIds.filter((id) => id === input.keyId);
  const page = paginate(keyIds, input.position, input.limit);
  const items: Record<string, number[][]> = {};
  for (const keyId of page.items) items[keyId] = dailyUsage(plan, await countersOf(ctx.tx, plan.id, keyId), days);
  return { usagePlanId: plan.id, startDate: start, endDate: end, items, ...(page.position ? { position: page.position } : {}) };
}

/**
 * Sets what remains of the key's quota in the current period: today's counter takes the
 * difference as an adjustment, so the data plane counts later requests against the new figure.
 */
async function updateUsage(input: S_UpdateUsageRequest, ctx: RequestContext) {
  const plan = await requireUsagePlan(ctx.tx, input.usagePlanId);
  if (!(await ctx.tx.get(KIND.usagePlanKey, usagePlanKeyKey(plan.id, input.keyId)))) throw notFound('Invalid Usage Plan Key identifier specified');
  const today = utcDay(ctx.now);
  const counters = await countersOf(ctx.tx, plan.id, input.keyId);
  const patched = applyPatch({ remaining: undefined as number | undefined }, input.patchOperations, [
    { path: '/remaining', ops: ['replace'], apply: (doc, p) => void (doc.remaining = patchInteger(p)) },
  ]);
  if (patched.remaining !== undefined) {
    if (!plan.quota) throw badRequest(`Usage Plan ${plan.id} has no quota to extend`);
    if (patched.remaining < 0) throw badRequest('The remaining quota must not be negative');
    const counter: UsageCounterRecord = { used: 0, ...counters.get(today) };
    counter.adjustment = (counter.adjustment ?? 0) + patched.remaining - quotaBalance(plan.quota, today, counters);
    await ctx.tx.put(KIND.usageCounter, usageCounterKey(plan.id, input.keyId, today), counter);
    counters.set(today, counter);
  }
  return { usagePlanId: plan.id, startDate: today, endDate: today, items: { [input.keyId]: dailyUsage(plan, counters, [today]) } };
}

export const handlers: Handlers = {
  GetUsage: getUsage,
  UpdateUsage: updateUsage,
};

/**
 * The UsagePlan and UsagePlanKey documents and the rules their writers share: quota and throttle
 * checks, API stages that must exist, "a given API key can only be associated with one usage plan
 * for each stage of your API" (developer guide, api-gateway-api-usage-plans), and the cascades
 * when a key or a plan goes away.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_UsagePlan.html
 */
import { badRequest, conflict, notFound } from '../../aws/errors.js';
import type { StoreTx } from '../../store/types.js';
import {
  usageCounterPrefix,
  usagePlanKeyKey,
  type ApiStageRecord,
  type QuotaRecord,
  type ThrottleRecord,
  type UsagePlanKeyRecord,
  type UsagePlanRecord,
} from '../../definitions/usage-plans.js';
import { KIND as V2_KIND } from '../../definitions/apigatewayv2.js';
import { apiKey as stageKey, KIND, requireDoc } from './records.js';

export type { UsagePlanRecord, UsagePlanKeyRecord } from '../../definitions/usage-plans.js';

export function requireUsagePlan(tx: StoreTx, id: string): Promise<UsagePlanRecord> {
  return requireDoc(tx, KIND.usagePlan, id, 'Invalid Usage Plan ID specified');
}

export const stageLabel = (s: { apiId: string; stage: string }) => `${s.apiId}:${s.stage}`;

/**
 * A REST stage, or a WebSocket API's stage: a WebSocket $connect route may require an API key,
 * used "together with usage plans" (developer guide, websocket-api-develop-routes.md).
 */
async function stageExists(tx: StoreTx, apiId: string, stage: string): Promise<boolean> {
  if ((await tx.get(KIND.stage, stageKey(apiId, stage))) !== undefined) return true;
  return (await tx.get(V2_KIND.stage, stageKey(apiId, stage))) !== undefined;
}

/** An API stage named in a plan must exist: "API Stage not found: {apiId}:{stage}" (AWS, seen in boto/boto3#825). */
export async function requireApiStage(tx: StoreTx, s: { apiId: string; stage: string }): Promise<void> {
  if (!(await stageExists(tx, s.apiId, s.stage))) throw notFound(`API Stage not found: ${stageLabel(s)}`);
}

/**
 * The plan as it stands: API stages whose API or stage was deleted since apply to nothing and are
 * left out (a deleted stage leaves the usage plans it was in).
 */
export async function withLiveStages(tx: StoreTx, plan: UsagePlanRecord): Promise<UsagePlanRecord> {
  const live: ApiStageRecord[] = [];
  for (const s of plan.apiStages) if (await stageExists(tx, s.apiId, s.stage)) live.push(s);
  return live.length === plan.apiStages.length ? plan : { ...plan, apiStages: live };
}

/**
 * A deleted stage (or, with no stage name, every stage of a deleted API) leaves the usage plans
 * and the API keys' stageKeys that named it, so a stage re-created under the same name starts
 * outside every plan. Called by DeleteStage and DeleteRestApi in their transactions.
 */
export async function detachStages(tx: StoreTx, apiId: string, stageName?: string): Promise<void> {
  const named = (a: string, stage: string) => a === apiId && (stageName === undefined || stage === stageName);
  for (const { key, value: plan } of await tx.list<UsagePlanRecord>(KIND.usagePlan)) {
    const kept = plan.apiStages.filter((s) => !named(s.apiId, s.stage));
    if (kept.length !== plan.apiStages.length) await tx.put(KIND.usagePlan, key, { ...plan, apiStages: kept });
  }
  for (const { key, value: apiKey } of await tx.list<{ stageKeys: string[] }>(KIND.apiKey)) {
    const kept = apiKey.stageKeys.filter((k) => {
      const i = k.indexOf('/');
      return !named(k.slice(0, i), k.slice(i + 1));
    });
    if (kept.length !== apiKey.stageKeys.length) await tx.put(KIND.apiKey, key, { ...apiKey, stageKeys: kept });
  }
}

const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'ANY', '*']);

function checkThrottle(t: ThrottleRecord, what: string): void {
  if (t.burstLimit !== undefined && (!Number.isInteger(t.burstLimit) || t.burstLimit < 0)) throw badRequest(`${what} burst limit must be a non-negative integer`);
  if (t.rateLimit !== undefined && (!Number.isFinite(t.rateLimit) || t.rateLimit < 0)) throw badRequest(`${what} rate limit must be a non-negative number`);
}

/**
 * Quota offsets as AWS defines them: 0 for DAY, 0-6 for WEEK (Sunday to Saturday), 0-27 for MONTH
 * (the same bounds the Terraform AWS provider checks before calling AWS, in these words).
 */
function checkQuota(q: QuotaRecord): void {
  if (!Number.isInteger(q.limit) || q.limit < 0) throw badRequest('Usage Plan quota limit must be a non-negative integer');
  if (!q.period) throw badRequest('Usage Plan quota period must be one of [DAY, WEEK, MONTH]');
  if (q.period === 'DAY' && q.offset !== 0) throw badRequest('Usage Plan quota offset must be zero in the DAY period');
  if (q.period === 'WEEK' && !(q.offset >= 0 && q.offset <= 6)) throw badRequest('Usage Plan quota offset must be between 0 and 6 inclusive in the WEEK period');
  if (q.period === 'MONTH' && !(q.offset >= 0 && q.offset <= 27)) throw badRequest('Usage Plan quota offset must be between 0 and 27 inclusive in the MONTH period');
}

/** A per-method throttle key: "{resourcePath}/{httpMethod}", the resource "*" or a path from "/". */
function checkMethodThrottleKey(key: string): void {
  const i = key.lastIndexOf('/');
  const resource = key.slice(0, i);
  const method = key.slice(i + 1);
  if (i < 1 || !(resource === '*' || resource.startsWith('/')) || !HTTP_METHODS.has(method)) {
    throw badRequest(`Invalid method throttle key '${key}': expected {resourcePath}/{httpMethod}, e.g. /pets/GET or */*`);
  }
}

/** Every rule a stored plan keeps, checked after a create or after all of an update's operations. */
export function validateUsagePlan(plan: UsagePlanRecord): void {
  if (!plan.name) throw badRequest('Usage Plan name must be non-empty');
  if (plan.throttle) checkThrottle(plan.throttle, 'Usage Plan throttle');
  if (plan.quota) checkQuota(plan.quota);
  const seen = new Set<string>();
  for (const s of plan.apiStages) {
    if (!s.apiId || !s.stage) throw badRequest('Invalid API Stage specified');
    if (seen.has(stageLabel(s))) throw conflict(`API Stage ${stageLabel(s)} is already in Usage Plan ${plan.id}`);
    seen.add(stageLabel(s));
    for (const [key, t] of Object.entries(s.throttle ?? {})) {
      checkMethodThrottleKey(key);
      checkThrottle(t, `Method throttle ${key}`);
      // AWS's refusal of method throttles without plan-wide ones (aws/aws-cdk#6411).
      if (!plan.throttle) throw badRequest('Can not define fine grain throttling if usage plan throttle is not defined.');
    }
  }
}

/** The keys of a plan, in the order they were added. */
export async function planKeys(tx: StoreTx, usagePlanId: string): Promise<UsagePlanKeyRecord[]> {
  return (await tx.list<UsagePlanKeyRecord>(KIND.usagePlanKey, `${usagePlanId}/`)).map((e) => e.value);
}

/** The ids of the plans holding an API key. */
export async function plansOfKey(tx: StoreTx, keyId: string): Promise<string[]> {
  const suffix = `/${keyId}`;
  return (await tx.list<UsagePlanKeyRecord>(KIND.usagePlanKey)).filter((e) => e.key.endsWith(suffix)).map((e) => e.key.slice(0, -suffix.length));
}

/**
 * "A given API key can only be associated with one usage plan for each stage of your API": refuses
 * `keyId` in `plan` when another plan holding the key shares one of `plan`'s stages.
 */
export async function checkKeyStages(tx: StoreTx, keyId: string, plan: UsagePlanRecord): Promise<void> {
  const stages = new Set(plan.apiStages.map(stageLabel));
  if (!stages.size) return;
  for (const otherId of await plansOfKey(tx, keyId)) {
    if (otherId === plan.id) continue;
    const other = await tx.get<UsagePlanRecord>(KIND.usagePlan, otherId);
    const shared = other && (await withLiveStages(tx, other)).apiStages.find((s) => stages.has(stageLabel(s)));
    if (shared) {
      throw conflict(`Usage Plan ${plan.id} cannot be added because API Key ${keyId} cannot reference multiple Usage Plans with the same API Stage: ${stageLabel(shared)}`);
    }
  }
}

/** Adds an API key to a plan; false when it is already there. */
export async function addPlanKey(tx: StoreTx, plan: UsagePlanRecord, keyId: string): Promise<boolean> {
  await checkKeyStages(tx, keyId, plan);
  const record: UsagePlanKeyRecord = { id: keyId, type: 'API_KEY' };
  return tx.insert(KIND.usagePlanKey, usagePlanKeyKey(plan.id, keyId), record);
}

/** Takes an API key out of a plan, with its usage counters. */
export async function removePlanKey(tx: StoreTx, usagePlanId: string, keyId: string): Promise<void> {
  await tx.delete(KIND.usagePlanKey, usagePlanKeyKey(usagePlanId, keyId));
  await tx.deletePrefix(KIND.usageCounter, usageCounterPrefix(usagePlanId, keyId));
}

/** The UsagePlan shape: `apiStages` always (`[]` when none), the rest only when set. */
export function renderUsagePlan(plan: UsagePlanRecord): Record<string, unknown> {
  const { tags, ...rest } = plan;
  const out: Record<string, unknown> = structuredClone(rest);
  if (tags && Object.keys(tags).length) out.tags = { ...tags };
  return out;
}

/**
 * API keys, usage plans and their usage counters: the documents the control plane writes
 * (src/control/apigateway/api-keys.ts, usage-plans.ts) and the data plane reads to check a
 * request's API key, apply the plan's throttle and count it against the plan's quota.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html
 *
 * Store kinds (src/definitions/apigateway.ts KIND), all region-level:
 *   apiKey        `{apiKeyId}`                          ApiKeyRecord
 *   usagePlan     `{usagePlanId}`                       UsagePlanRecord
 *   usagePlanKey  `{usagePlanId}/{apiKeyId}`            UsagePlanKeyRecord
 *   usageCounter  `{usagePlanId}/{apiKeyId}/{yyyy-MM-dd}` UsageCounterRecord (one per UTC day)
 *
 * A usage plan may name API stages that were deleted since; those entries are dangling and apply
 * to nothing (the control plane drops them from what it answers, as AWS does). An API key value
 * is unique in its (account, region): a request's `x-api-key` names at most one ApiKeyRecord.
 */
import type { Tags } from './apigateway.js';

export interface ApiKeyRecord {
  id: string;
  /** The secret clients send in `x-api-key` (or an authorizer returns as usageIdentifierKey); unique per region. */
  value: string;
  name?: string;
  description?: string;
  customerId?: string;
  enabled: boolean;
  createdDate: string;
  lastUpdatedDate: string;
  /** Deprecated stage association, "{restApiId}/{stageName}" (usage plans replaced it). */
  stageKeys: string[];
  tags?: Tags;
}

export interface ThrottleRecord {
  burstLimit?: number;
  rateLimit?: number;
}

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH';

export interface QuotaRecord {
  limit: number;
  /** The day a period starts: WEEK 0 (Sunday) to 6, MONTH 0 (the 1st) to 27, DAY always 0. */
  offset: number;
  period: QuotaPeriod;
}

export interface ApiStageRecord {
  apiId: string;
  stage: string;
  /** Per-method throttles keyed "{resourcePath}/{httpMethod}": "/pets/GET", "//GET" (the root), "*\/*". */
  throttle?: Record<string, ThrottleRecord>;
}

export interface UsagePlanRecord {
  id: string;
  name: string;
  description?: string;
  apiStages: ApiStageRecord[];
  throttle?: ThrottleRecord;
  quota?: QuotaRecord;
  productCode?: string;
  tags?: Tags;
}

/** An API key in a plan. Its name and value are the API key's own, read when answered. */
export interface UsagePlanKeyRecord {
  /** The API key's id. */
  id: string;
  type: 'API_KEY';
}

/** One (plan, key, UTC day): requests counted, and UpdateUsage's change to what remains. */
export interface UsageCounterRecord {
  /** Requests counted against the quota that day (the data plane increments it). */
  used: number;
  /** Added to the remaining quota from that day to the end of its period (UpdateUsage's extension). */
  adjustment?: number;
}

export const usagePlanKeyKey = (usagePlanId: string, keyId: string) => `${usagePlanId}/${keyId}`;
export const usageCounterKey = (usagePlanId: string, keyId: string, day: string) => `${usagePlanId}/${keyId}/${day}`;
export const usageCounterPrefix = (usagePlanId: string, keyId?: string) => (keyId === undefined ? `${usagePlanId}/` : `${usagePlanId}/${keyId}/`);

const DAY_MS = 86_400_000;

/** The UTC day of a date as 'yyyy-MM-dd', the format of counter keys and of GetUsage's dates. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** 'yyyy-MM-dd' -> the Date at 00:00 UTC, or undefined when it is not a real calendar day. */
export function parseUtcDay(day: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || utcDay(d) !== day ? undefined : d;
}

export function addDays(day: string, n: number): string {
  return utcDay(new Date(parseUtcDay(day)!.getTime() + n * DAY_MS));
}

/**
 * The first day of the quota period holding `day`. "The day that a time period starts. For
 * example, with a time period of WEEK, an offset of 0 starts on Sunday, and an offset of 1 starts
 * on Monday" (QuotaSettings.offset, API reference); a MONTH period starts on day offset + 1.
 */
export function quotaPeriodStart(quota: QuotaRecord, day: string): string {
  const d = parseUtcDay(day)!;
  if (quota.period === 'DAY') return day;
  if (quota.period === 'WEEK') return addDays(day, -((d.getUTCDay() - quota.offset + 7) % 7));
  const startDay = quota.offset + 1;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() - (d.getUTCDate() >= startDay ? 0 : 1);
  return utcDay(new Date(Date.UTC(y, m, startDay)));
}

/**
 * What remains of the quota at the end of `day`: the limit, less every request counted from the
 * period's first day through `day`, plus UpdateUsage's adjustments over the same days. Never
 * below zero. `counters` maps 'yyyy-MM-dd' to that day's counter (missing days counted nothing).
 */
export function remainingOn(quota: QuotaRecord, day: string, counters: Map<string, UsageCounterRecord>): number {
  return Math.max(0, quotaBalance(quota, day, counters));
}

/** remainingOn before the floor at zero: negative when more was counted than the quota allowed. */
export function quotaBalance(quota: QuotaRecord, day: string, counters: Map<string, UsageCounterRecord>): number {
  let balance = quota.limit;
  for (let d = quotaPeriodStart(quota, day); d <= day; d = addDays(d, 1)) {
    const c = counters.get(d);
    if (c) balance += (c.adjustment ?? 0) - c.used;
  }
  return balance;
}

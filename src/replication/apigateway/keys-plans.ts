/**
 * API keys (with their values, includeValues=true), usage plans and usage plan keys (v1). Arpio
 * leaves these out ("Arpio Replication Restrictions"); Gatehouse replicates them so recovered
 * clients keep their keys and quotas. A usage plan's API stages and a key's stage keys name the
 * replicated APIs; a usage plan key names the replicated key.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_GetApiKeys.html
 */
import {
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  DeleteApiKeyCommand,
  DeleteUsagePlanCommand,
  DeleteUsagePlanKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  GetUsagePlansCommand,
  UpdateApiKeyCommand,
  UpdateUsagePlanCommand,
  type ApiKey,
  type PatchOperation,
  type UsagePlan,
  type UsagePlanKey,
} from '@aws-sdk/client-api-gateway';
import { pages, send } from '../clients.js';
import { makeKey } from '../keys.js';
import { ref } from '../neutral.js';
import { ENV_TAG, SOURCE_TAG, type ApplyContext, type Node, type ResourceType, type Side } from '../model.js';
import { clean, listOps, pick, replaceOps, syncTags, userTags } from './common.js';
import { restApiKey } from './rest-apis.js';

export const API_KEY = 'apigateway:ApiKey';
export const USAGE_PLAN = 'apigateway:UsagePlan';
export const USAGE_PLAN_KEY = 'apigateway:UsagePlanKey';

export const apiKeyKey = (id: string) => makeKey(undefined, API_KEY, id);

/** `{restApiId}/{stage}` with the API as a reference. */
const stageKeyRef = (s: string) => {
  const at = s.indexOf('/');
  return `${ref(restApiKey(s.slice(0, at)))}${s.slice(at)}`;
};

const owned = (tags: Record<string, string> | undefined, ctx: ApplyContext, source: Node) => {
  const m = ctx.marker(source);
  return tags?.[SOURCE_TAG] === m[SOURCE_TAG] && tags?.[ENV_TAG] === m[ENV_TAG];
};

async function listKeys(side: Side): Promise<ApiKey[]> {
  return pages((position) => send(side.apigateway, new GetApiKeysCommand({ position, limit: 500, includeValues: true })));
}

export const apiKeyType: ResourceType = {
  type: API_KEY,
  order: 70,
  idKeyed: true,
  async list(side) {
    return (await listKeys(side)).map((k) => ({
      type: API_KEY,
      key: apiKeyKey(k.id!),
      id: k.id!,
      label: `API key ${k.name ?? k.id}`,
      props: clean({
        ...pick(k, ['name', 'description', 'customerId', 'value']),
        enabled: Boolean(k.enabled),
        stageKeys: k.stageKeys?.map(stageKeyRef).sort(),
        tags: userTags(k.tags),
      }),
    }));
  },
  // A failover test's keys hold prefixed values too: key values are unique in a region and
  // account, and the test must not take a real (or a recovered) key's value.
  translate(node, hooks) {
    node.props.name = hooks.name(node.props.name as string);
    if (typeof node.props.value === 'string') node.props.value = hooks.name(node.props.value);
  },
  async create(ctx, d) {
    const p = d.props as { name: string; description?: string; customerId?: string; value?: string; enabled: boolean; stageKeys?: string[]; tags?: Record<string, string> };
    const stageKeys = p.stageKeys?.map((s) => ({ restApiId: s.slice(0, s.indexOf('/')), stageName: s.slice(s.indexOf('/') + 1) }));
    const k = await send<ApiKey>(
      ctx.target.apigateway,
      new CreateApiKeyCommand({ name: p.name, description: p.description, customerId: p.customerId, value: p.value, enabled: p.enabled, stageKeys, tags: { ...(p.tags ?? {}), ...ctx.marker(d) } }),
    );
    return k.id!;
  },
  async update(ctx, d, a) {
    // A key's value cannot be patched: the key is made again with the source's value.
    if (d.props.value !== a.props.value) return 'replace';
    const ops: PatchOperation[] = replaceOps(['name', 'description', 'customerId'], d.props, a.props);
    if (d.props.enabled !== a.props.enabled) ops.push({ op: 'replace', path: '/enabled', value: String(d.props.enabled) });
    ops.push(...listOps('stages', d.props.stageKeys as string[], a.props.stageKeys as string[], false));
    if (ops.length) await send(ctx.target.apigateway, new UpdateApiKeyCommand({ apiKey: a.id, patchOperations: ops }));
    if (JSON.stringify(d.props.tags ?? {}) !== JSON.stringify(a.props.tags ?? {})) await syncTags(ctx.target, `/apikeys/${a.id}`, d.props.tags as Record<string, string>);
  },
  async delete(ctx, a) {
    await send(ctx.target.apigateway, new DeleteApiKeyCommand({ apiKey: a.id }));
  },
  async adopt(ctx, source) {
    return (await listKeys(ctx.target)).find((k) => owned(k.tags, ctx, source))?.id;
  },
};

interface PlanProps {
  name: string;
  description?: string;
  apiStages?: { apiId: string; stage: string; throttle?: Record<string, unknown> }[];
  throttle?: { burstLimit?: number; rateLimit?: number };
  quota?: { limit?: number; offset?: number; period?: string };
  productCode?: string;
  tags?: Record<string, string>;
}

async function listPlans(side: Side): Promise<UsagePlan[]> {
  return pages((position) => send(side.apigateway, new GetUsagePlansCommand({ position, limit: 500 })));
}

export const usagePlanType: ResourceType = {
  type: USAGE_PLAN,
  order: 71,
  idKeyed: true,
  async list(side) {
    return (await listPlans(side)).map((p) => ({
      type: USAGE_PLAN,
      key: makeKey(undefined, USAGE_PLAN, p.id!),
      id: p.id!,
      label: `usage plan ${p.name ?? p.id}`,
      props: clean({
        ...pick(p, ['name', 'description', 'throttle', 'quota', 'productCode']),
        apiStages: (p.apiStages ?? [])
          .map((s) => ({ apiId: ref(restApiKey(s.apiId!)), stage: s.stage!, throttle: s.throttle }))
          .sort((a, b) => `${a.apiId}/${a.stage}`.localeCompare(`${b.apiId}/${b.stage}`)),
        tags: userTags(p.tags),
      }),
    }));
  },
  translate(node, hooks) {
    node.props.name = hooks.name(node.props.name as string);
  },
  async create(ctx, d) {
    const p = d.props as unknown as PlanProps;
    const plan = await send<UsagePlan>(
      ctx.target.apigateway,
      new CreateUsagePlanCommand({ name: p.name, description: p.description, apiStages: p.apiStages as never, throttle: p.throttle, quota: p.quota as never, tags: { ...(p.tags ?? {}), ...ctx.marker(d) } }),
    );
    return plan.id!;
  },
  async update(ctx, d, a) {
    const dp = d.props as unknown as PlanProps;
    const ap = a.props as unknown as PlanProps;
    const ops: PatchOperation[] = replaceOps(['name', 'description', 'productCode'], d.props, a.props);
    for (const f of ['burstLimit', 'rateLimit'] as const) if (dp.throttle?.[f] !== ap.throttle?.[f]) ops.push({ op: dp.throttle?.[f] === undefined ? 'remove' : 'replace', path: `/throttle/${f}`, value: dp.throttle?.[f] === undefined ? undefined : String(dp.throttle[f]) });
    for (const f of ['limit', 'offset', 'period'] as const) if (dp.quota?.[f] !== ap.quota?.[f]) ops.push({ op: dp.quota?.[f] === undefined ? 'remove' : 'replace', path: `/quota/${f}`, value: dp.quota?.[f] === undefined ? undefined : String(dp.quota[f]) });
    const stages = (p?: PlanProps) => (p?.apiStages ?? []).map((s) => `${s.apiId}:${s.stage}`);
    ops.push(...listOps('apiStages', stages(dp), stages(ap), false));
    if (ops.length) await send(ctx.target.apigateway, new UpdateUsagePlanCommand({ usagePlanId: a.id, patchOperations: ops }));
    if (JSON.stringify(dp.tags ?? {}) !== JSON.stringify(ap.tags ?? {})) await syncTags(ctx.target, `/usageplans/${a.id}`, dp.tags);
  },
  async delete(ctx, a) {
    const stages = ((a.props as unknown as PlanProps).apiStages ?? []).map((s) => ({ op: 'remove' as const, path: '/apiStages', value: `${s.apiId}:${s.stage}` }));
    if (stages.length) await send(ctx.target.apigateway, new UpdateUsagePlanCommand({ usagePlanId: a.id, patchOperations: stages }));
    await send(ctx.target.apigateway, new DeleteUsagePlanCommand({ usagePlanId: a.id }));
  },
  async adopt(ctx, source) {
    return (await listPlans(ctx.target)).find((p) => owned(p.tags, ctx, source))?.id;
  },
};

export const usagePlanKeyType: ResourceType = {
  type: USAGE_PLAN_KEY,
  parentType: USAGE_PLAN,
  order: 72,
  idKeyed: true,
  async list(side, plan) {
    const keys = await pages<UsagePlanKey>((position) => send(side.apigateway, new GetUsagePlanKeysCommand({ usagePlanId: plan!.id, position, limit: 500 })));
    return keys.map((k) => ({
      type: USAGE_PLAN_KEY,
      key: makeKey(plan!.key, USAGE_PLAN_KEY, k.id!),
      id: k.id!,
      parent: plan!.key,
      label: `key ${k.name ?? k.id} in ${plan!.label}`,
      props: { keyType: k.type ?? 'API_KEY', keyId: ref(apiKeyKey(k.id!)) },
    }));
  },
  async create(ctx, d, planId) {
    const k = await send<UsagePlanKey>(ctx.target.apigateway, new CreateUsagePlanKeyCommand({ usagePlanId: planId!, keyId: d.props.keyId as string, keyType: d.props.keyType as string }));
    return k.id!;
  },
  async delete(ctx, a, planId) {
    await send(ctx.target.apigateway, new DeleteUsagePlanKeyCommand({ usagePlanId: planId!, keyId: a.id }));
  },
  async adopt(ctx, source, planId) {
    const keys = await pages<UsagePlanKey>((position) => send(ctx.target.apigateway, new GetUsagePlanKeysCommand({ usagePlanId: planId!, position, limit: 500 })));
    const keyId = source.props.keyId as string;
    return keys.find((k) => k.id === keyId)?.id;
  },
};

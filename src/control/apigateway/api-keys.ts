/**
 * ApiKey: CreateApiKey, GetApiKey(s), UpdateApiKey, DeleteApiKey (ImportApiKeys is in
 * api-key-import.ts). https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-setup-api-key-with-restapi.html
 *
 * Recorded from AWS (test_apigateway_extended.snapshot.json, TestApigatewayApiKeysCrud::*): an
 * empty name or value counts as none given (a value is then generated); keys are listed newest
 * first; `name` (nameQuery) is a case-sensitive prefix; an out-of-range limit is not an error;
 * UpdateApiKey reads any /enabled value other than "true" as false, as Java's parseBoolean does.
 */
import { shortId } from '../../aws/ids.js';
import { notFound } from '../../aws/errors.js';
import type {
  S_CreateApiKeyRequest,
  S_DeleteApiKeyRequest,
  S_GetApiKeyRequest,
  S_GetApiKeysRequest,
  S_UpdateApiKeyRequest,
} from '../../aws/generated/apigateway.js';
import type { Handlers, RequestContext } from '../types.js';
import {
  generateApiKeyValue,
  renderApiKey,
  requireApiKey,
  requireUniqueValue,
  validateDescription,
  validateName,
  validateValue,
  type ApiKeyRecord,
} from './api-key-record.js';
import { handlers as importHandlers } from './api-key-import.js';
import { applyPatch, type PatchRule } from './patch/index.js';
import { KIND, paginate } from './records.js';
import { plansOfKey, removePlanKey } from './usage-plan-record.js';

/** The "{restApiId}/{stageName}" of every stage in the region: the store keys of KIND.stage. */
async function stageKeysInRegion(ctx: RequestContext): Promise<Set<string>> {
  return new Set((await ctx.tx.list(KIND.stage)).map((e) => e.key));
}

async function createApiKey(input: S_CreateApiKeyRequest, ctx: RequestContext) {
  const name = input.name || undefined;
  validateName(name);
  const given = input.value || undefined;
  if (given !== undefined) validateValue(given);
  validateDescription(input.description);
  const value = given ?? generateApiKeyValue();
  await requireUniqueValue(ctx.tx, value);
  const stageKeys = (input.stageKeys ?? []).map((s) => `${s.restApiId ?? ''}/${s.stageName ?? ''}`);
  if (stageKeys.length) {
    const stages = await stageKeysInRegion(ctx);
    for (const s of stageKeys) if (!stages.has(s)) throw notFound('Invalid Stage identifier specified');
  }
  const now = ctx.now.toISOString();
  const key: ApiKeyRecord = { id: shortId(10), value, enabled: input.enabled ?? false, createdDate: now, lastUpdatedDate: now, stageKeys: [...new Set(stageKeys)] };
  if (name !== undefined) key.name = name;
  if (input.description !== undefined) key.description = input.description;
  if (input.customerId !== undefined) key.customerId = input.customerId;
  if (input.tags && Object.keys(input.tags).length) key.tags = { ...input.tags };
  await ctx.tx.put(KIND.apiKey, key.id, key);
  return renderApiKey(key, { includeValue: true });
}

async function getApiKey(input: S_GetApiKeyRequest, ctx: RequestContext) {
  return renderApiKey(await requireApiKey(ctx.tx, input.apiKey), { includeValue: input.includeValue === true });
}

/** AWS answers a limit outside 1-500 without complaint (recorded: get-api-keys-invalid-limit). */
const lenientLimit = (limit: number | undefined) => (limit === undefined || !Number.isInteger(limit) || limit < 1 ? undefined : Math.min(limit, 500));

async function getApiKeys(input: S_GetApiKeysRequest, ctx: RequestContext) {
  let keys = (await ctx.tx.list<ApiKeyRecord>(KIND.apiKey)).map((e) => e.value).reverse();
  if (input.nameQuery) keys = keys.filter((k) => k.name?.startsWith(input.nameQuery!));
  if (input.customerId !== undefined) keys = keys.filter((k) => k.customerId === input.customerId);
  const page = paginate(keys, input.position, lenientLimit(input.limit));
  return { ...page, items: page.items.map((k) => renderApiKey(k, { includeValue: input.includeValues === true })) };
}

function apiKeyRules(stages: Set<string>): PatchRule<ApiKeyRecord>[] {
  return [
    {
      path: '/description',
      ops: ['replace'],
      apply(key, ctx) {
        validateDescription(ctx.value);
        if (ctx.value) key.description = ctx.value;
        else delete key.description;
      },
    },
    { path: '/enabled', ops: ['replace'], apply: (key, ctx) => void (key.enabled = ctx.value?.toLowerCase() === 'true') },
    {
      path: '/name',
      ops: ['replace'],
      apply(key, ctx) {
        validateName(ctx.value);
        if (ctx.value) key.name = ctx.value;
        else delete key.name;
      },
    },
    {
      path: '/customerId',
      ops: ['replace'],
      apply(key, ctx) {
        if (ctx.value) key.customerId = ctx.value;
        else delete key.customerId;
      },
    },
    {
      path: '/stages',
      ops: ['add', 'remove'],
      apply(key, ctx) {
        const stage = ctx.value ?? '';
        if (ctx.op === 'remove') {
          key.stageKeys = key.stageKeys.filter((s) => s !== stage);
          return;
        }
        if (!stages.has(stage)) throw notFound('Invalid Stage identifier specified');
        if (!key.stageKeys.includes(stage)) key.stageKeys.push(stage);
      },
    },
  ];
}

async function updateApiKey(input: S_UpdateApiKeyRequest, ctx: RequestContext) {
  const key = await requireApiKey(ctx.tx, input.apiKey);
  const addsStages = input.patchOperations?.some((o) => o.op === 'add' && o.path === '/stages');
  const updated = applyPatch(key, input.patchOperations, apiKeyRules(addsStages ? await stageKeysInRegion(ctx) : new Set()));
  updated.lastUpdatedDate = ctx.now.toISOString();
  await ctx.tx.put(KIND.apiKey, updated.id, updated);
  return renderApiKey(updated, { alwaysTags: true });
}

/** Deleting a key takes it out of every usage plan (recorded: get-up-keys-after-delete). */
async function deleteApiKey(input: S_DeleteApiKeyRequest, ctx: RequestContext): Promise<void> {
  await requireApiKey(ctx.tx, input.apiKey);
  for (const planId of await plansOfKey(ctx.tx, input.apiKey)) await removePlanKey(ctx.tx, planId, input.apiKey);
  await ctx.tx.delete(KIND.apiKey, input.apiKey);
}

export const handlers: Handlers = {
  CreateApiKey: createApiKey,
  GetApiKey: getApiKey,
  GetApiKeys: getApiKeys,
  UpdateApiKey: updateApiKey,
  DeleteApiKey: deleteApiKey,
  ...importHandlers,
};

/**
 * The ApiKey document and the rules its writers share (CreateApiKey, UpdateApiKey, ImportApiKeys):
 * generated values, AWS's limits on names, values and descriptions, and how a key is answered.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_ApiKey.html
 *
 * Quoted messages were recorded from AWS (test_apigateway_extended.snapshot.json,
 * TestApigatewayApiKeysCrud::*).
 */
import { randomBytes } from 'node:crypto';
import { badRequest, conflict } from '../../aws/errors.js';
import type { StoreTx } from '../../store/types.js';
import type { ApiKeyRecord } from '../../definitions/usage-plans.js';
import { KIND, requireDoc } from './records.js';

export type { ApiKeyRecord } from '../../definitions/usage-plans.js';

const VALUE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAX_NAME = 1024;
const MIN_VALUE = 20;
const MAX_VALUE = 128;
const MAX_DESCRIPTION = 125_000;

/** A value as AWS generates them: 40 mixed-case alphanumerics, from the OS CSPRNG. */
export function generateApiKeyValue(): string {
  const bytes = randomBytes(40);
  let out = '';
  // 248 = 4 * 62: rejecting higher bytes keeps every character equally likely.
  for (let i = 0; out.length < 40; i++) {
    const b = i < bytes.length ? bytes[i] : randomBytes(1)[0];
    if (b < 248) out += VALUE_ALPHABET[b % VALUE_ALPHABET.length];
  }
  return out;
}

export function requireApiKey(tx: StoreTx, id: string): Promise<ApiKeyRecord> {
  return requireDoc(tx, KIND.apiKey, id, 'Invalid API Key identifier specified');
}

export function validateName(name: string | undefined): void {
  if (name !== undefined && name.length > MAX_NAME) throw badRequest('Invalid API Key name, can be at most 1024 characters.');
}

/** A given value: at least 20 characters ("API Key value should be at least 20 characters"), at most 128. */
export function validateValue(value: string): void {
  if (value.length < MIN_VALUE) throw badRequest('API Key value should be at least 20 characters');
  if (value.length > MAX_VALUE) throw badRequest('API Key value exceeds maximum size of 128 characters');
}

export function validateDescription(description: string | undefined): void {
  if (description !== undefined && description.length > MAX_DESCRIPTION) throw badRequest('Invalid API Key description specified.');
}

/** The key holding `value`, if any: "API key values must be unique" (developer guide, api-gateway-api-usage-plans). */
export async function findByValue(tx: StoreTx, value: string): Promise<ApiKeyRecord | undefined> {
  return (await tx.list<ApiKeyRecord>(KIND.apiKey)).map((e) => e.value).find((k) => k.value === value);
}

export async function requireUniqueValue(tx: StoreTx, value: string, exceptId?: string): Promise<void> {
  const holder = await findByValue(tx, value);
  if (holder && holder.id !== exceptId) throw conflict('API Key already exists');
}

/**
 * How AWS answers a key: the value only when asked for (CreateApiKey always, GetApiKey with
 * includeValue, GetApiKeys with includeValues); `tags` only when there are some, except that
 * UpdateApiKey always answers them (`{}` when none, recorded as update-api-key-name).
 */
export function renderApiKey(key: ApiKeyRecord, options: { includeValue?: boolean; alwaysTags?: boolean } = {}): Record<string, unknown> {
  const { value, tags, ...rest } = key;
  const out: Record<string, unknown> = { ...rest, stageKeys: [...key.stageKeys] };
  if (options.includeValue) out.value = value;
  if (tags && Object.keys(tags).length) out.tags = { ...tags };
  else if (options.alwaysTags) out.tags = {};
  return out;
}

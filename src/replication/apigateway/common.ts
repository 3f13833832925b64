/**
 * Shared by the apigateway type modules: normalising what a Get answers into comparable props,
 * JSON Patch paths (`~1` escapes), and the tags the engine leaves on what it creates.
 * https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
 */
import { GetTagsCommand, TagResourceCommand, UntagResourceCommand, type PatchOperation } from '@aws-sdk/client-api-gateway';
import { send } from '../clients.js';
import { ENV_TAG, SOURCE_TAG, type Side } from '../model.js';

/** Drops undefined, null, empty objects and empty arrays, recursively, so absent == empty. */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map(clean) as T;
  if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v);
      if (c === undefined || c === null) continue;
      if (typeof c === 'object' && !Array.isArray(c) && Object.keys(c).length === 0) continue;
      if (Array.isArray(c) && c.length === 0) continue;
      out[k] = c;
    }
    return out as T;
  }
  return value;
}

/** Picks the named fields. */
export function pick(source: object | undefined, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!source) return out;
  for (const f of fields) {
    const v = (source as Record<string, unknown>)[f];
    if (v !== undefined) out[f] = v;
  }
  return out;
}

/** A patch path segment (`/` -> `~1`, `~` -> `~0`). */
export const esc = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** Replace operations for top-level scalar fields that differ. */
export function replaceOps(fields: readonly string[], desired: Record<string, unknown>, actual: Record<string, unknown>): PatchOperation[] {
  const ops: PatchOperation[] = [];
  for (const f of fields) {
    const d = desired[f];
    if (JSON.stringify(d) === JSON.stringify(actual[f])) continue;
    ops.push({ op: 'replace', path: `/${f}`, value: d === undefined ? '' : String(d) });
  }
  return ops;
}

/** Operations on a string map at `/{prefix}/{key}`. */
export function mapOps(prefix: string, desired: Record<string, string> | undefined, actual: Record<string, string> | undefined): PatchOperation[] {
  const d = desired ?? {};
  const a = actual ?? {};
  const ops: PatchOperation[] = [];
  for (const [k, v] of Object.entries(d)) if (a[k] !== v) ops.push({ op: 'replace', path: `/${prefix}/${esc(k)}`, value: v });
  for (const k of Object.keys(a)) if (!(k in d)) ops.push({ op: 'remove', path: `/${prefix}/${esc(k)}` });
  return ops;
}

/** Add/remove operations turning one list of strings into another. */
export function listOps(prefix: string, desired: string[] | undefined, actual: string[] | undefined, asPath = true): PatchOperation[] {
  const d = new Set(desired ?? []);
  const a = new Set(actual ?? []);
  const ops: PatchOperation[] = [];
  for (const v of a) if (!d.has(v)) ops.push(asPath ? { op: 'remove', path: `/${prefix}/${esc(v)}` } : { op: 'remove', path: `/${prefix}`, value: v });
  for (const v of d) if (!a.has(v)) ops.push(asPath ? { op: 'add', path: `/${prefix}/${esc(v)}` } : { op: 'add', path: `/${prefix}`, value: v });
  return ops;
}

/** The user's tags: the engine's own markers are not part of what is replicated or compared. */
export function userTags(tags: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!tags) return undefined;
  const out = Object.fromEntries(Object.entries(tags).filter(([k]) => !k.startsWith('gatehouse-dr:')));
  return Object.keys(out).length ? out : undefined;
}

export const isOwnedBy = (tags: Record<string, string> | undefined, sourceKey: string, env: string) =>
  tags?.[SOURCE_TAG] === sourceKey && tags?.[ENV_TAG] === env;

/** A resource ARN for TagResource on apigateway (region-scoped, no account). */
export const tagArn = (side: Side, path: string) => `arn:aws:apigateway:${side.config.region}::${path}`;

/** Brings the user tags of a resource to `desired` (the engine's markers stay). */
export async function syncTags(side: Side, path: string, desired: Record<string, string> | undefined): Promise<void> {
  const resourceArn = tagArn(side, path);
  const current = userTags((await send<{ tags?: Record<string, string> }>(side.apigateway, new GetTagsCommand({ resourceArn }))).tags) ?? {};
  const want = desired ?? {};
  const add = Object.fromEntries(Object.entries(want).filter(([k, v]) => current[k] !== v));
  const remove = Object.keys(current).filter((k) => !(k in want));
  if (Object.keys(add).length) await send(side.apigateway, new TagResourceCommand({ resourceArn, tags: add }));
  if (remove.length) await send(side.apigateway, new UntagResourceCommand({ resourceArn, tagKeys: remove }));
}

/** Parses a JSON policy string (REST API policies come back escaped); unparsable text stays text. */
export function parsePolicy(policy: string | undefined): unknown {
  if (!policy) return undefined;
  try {
    return JSON.parse(policy);
  } catch {
    try {
      return JSON.parse(policy.replace(/\\"/g, '"'));
    } catch {
      return policy;
    }
  }
}

/**
 * The one patch engine behind every apigateway Update* operation. API Gateway v1 updates take
 * `patchOperations`: a list of {op, path, value, from} in the spirit of RFC 6902, where `path`
 * names a property with JSON-Pointer escapes (`~1` is `/`, `~0` is `~`) and `value` is always a
 * string. https://docs.aws.amazon.com/apigateway/latest/api/patch-operations.html
 *
 * Each resource declares which paths accept which ops (its PatchRule list); the engine matches,
 * unescapes and calls the rule, and throws AWS's BadRequestException for anything else. It works
 * on a deep copy, so a failing operation list changes nothing.
 */
import { AwsError, badRequest } from '../../../aws/errors.js';

export type PatchOpName = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: string;
  from?: string;
}

export interface PatchContext {
  op: PatchOpName;
  /** The raw path as sent. */
  path: string;
  value: string | undefined;
  from: string | undefined;
  /** Values of `{name}` / `{name+}` segments in the rule's path, unescaped. */
  params: Record<string, string>;
}

export interface PatchRule<D> {
  /** '/name', '/binaryMediaTypes/{type}', '/{resourcePath}/{httpMethod}/caching/enabled', '/variables/{name+}'. */
  path: string;
  ops: PatchOpName[];
  apply(doc: D, ctx: PatchContext): void;
  /** Listed in "Must be one of: [...]" messages (default: the path itself). Hidden if false. */
  listed?: string | false;
}

export interface PatchOptions {
  /** The message for a path no rule accepts under this op (AWS words these per resource). */
  invalidPath?(op: PatchOpName, path: string, allowedForOp: string[]): AwsError;
  /** The message for an op no rule supports at all. */
  invalidOp?(op: PatchOpName, supported: PatchOpName[]): AwsError;
}

/** AWS's usual wording: "Invalid patch path  '/x' specified for op 'replace'. Must be one of: [/a, /b]". */
export function defaultInvalidPath(op: PatchOpName, path: string, allowed: string[]): AwsError {
  return allowed.length
    ? badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Must be one of: [${allowed.join(', ')}]`)
    : badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Please choose supported operations`);
}

export function applyPatch<D>(doc: D, operations: PatchOperation[] | undefined, rules: PatchRule<D>[], options: PatchOptions = {}): D {
  const copy = structuredClone(doc);
  const compiled = rules.map((r) => ({ rule: r, segments: r.path.split('/').slice(1) }));
  const supportedOps = [...new Set(rules.flatMap((r) => r.ops))];
  for (const operation of operations ?? []) {
    const op = operation.op as PatchOpName;
    if (!op) throw badRequest('Invalid patch operation specified. Must be one of: [add, remove, replace, move, copy]');
    if (!supportedOps.includes(op)) {
      throw options.invalidOp?.(op, supportedOps) ?? badRequest(`Invalid patch operation specified. Must be one of: [${supportedOps.join(', ')}]`);
    }
    const path = operation.path;
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw badRequest(`Invalid patch path ${path === undefined ? 'null' : path}`);
    }
    const rawSegments = path.split('/').slice(1);
    let matched = false;
    for (const { rule, segments } of compiled) {
      if (!rule.ops.includes(op)) continue;
      const params = matchPath(segments, rawSegments);
      if (!params) continue;
      rule.apply(copy, { op, path, value: operation.value, from: operation.from, params });
      matched = true;
      break;
    }
    if (!matched) {
      const allowed = compiled
        .filter(({ rule }) => rule.ops.includes(op) && rule.listed !== false)
        .map(({ rule }) => (typeof rule.listed === 'string' ? rule.listed : rule.path));
      throw (options.invalidPath ?? defaultInvalidPath)(op, path, [...new Set(allowed)]);
    }
  }
  return copy;
}

/** Unescapes one JSON-Pointer segment: `~1` -> `/`, `~0` -> `~`. */
export function unescapeSegment(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function matchPath(pattern: string[], raw: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    const greedy = /^\{(.+)\+\}$/.exec(p);
    if (greedy) {
      if (i >= raw.length) return undefined;
      params[greedy[1]] = raw.slice(i).map(unescapeSegment).join('/');
      return params;
    }
    if (i >= raw.length) return undefined;
    const label = /^\{(.+)\}$/.exec(p);
    if (label) {
      if (raw[i] === '') return undefined;
      params[label[1]] = unescapeSegment(raw[i]);
    } else if (p !== raw[i]) return undefined;
  }
  return pattern.length === raw.length ? params : undefined;
}

// --- Value conversions: patch values arrive as strings -----------------------------------------

export function patchBoolean(ctx: PatchContext, field = ctx.path): boolean {
  const v = ctx.value?.toLowerCase();
  if (v !== 'true' && v !== 'false') throw badRequest(`Invalid boolean value '${ctx.value ?? 'null'}' for ${field}; expected true or false.`);
  return v === 'true';
}

export function patchInteger(ctx: PatchContext, field = ctx.path): number {
  const v = ctx.value?.trim();
  if (v === undefined || !/^-?\d+$/.test(v)) throw badRequest(`Invalid integer value '${ctx.value ?? 'null'}' for ${field}.`);
  return Number(v);
}

export function patchNumber(ctx: PatchContext, field = ctx.path): number {
  const n = Number(ctx.value);
  if (ctx.value === undefined || ctx.value.trim() === '' || Number.isNaN(n)) throw badRequest(`Invalid number value '${ctx.value ?? 'null'}' for ${field}.`);
  return n;
}

/**
 * A rule that sets or clears one top-level string/boolean/integer field: `replace`/`add` set it
 * from the value (a missing value clears it), `remove` clears it.
 */
export function fieldRule<D>(
  path: string,
  field: string,
  type: 'string' | 'boolean' | 'integer' = 'string',
  ops: PatchOpName[] = ['replace'],
): PatchRule<D> {
  return {
    path,
    ops,
    apply(doc, ctx) {
      const d = doc as Record<string, unknown>;
      if (ctx.op === 'remove' || ctx.value === undefined) {
        delete d[field];
        return;
      }
      d[field] = type === 'boolean' ? patchBoolean(ctx) : type === 'integer' ? patchInteger(ctx) : ctx.value;
    },
  };
}

/**
 * A rule for a string-to-string map property addressed by key, such as
 * `/requestParameters/method.request.header.x` or `/variables/{name}`.
 */
export function mapEntryRule<D>(prefix: string, field: string, ops: PatchOpName[] = ['add', 'replace', 'remove']): PatchRule<D> {
  return {
    path: `${prefix}/{key+}`,
    ops,
    apply(doc, ctx) {
      const d = doc as Record<string, Record<string, unknown> | undefined>;
      const map = (d[field] ??= {});
      if (ctx.op === 'remove') delete map[ctx.params.key];
      // Defined, not assigned: a key named "__proto__" (a valid stage variable name) would set the prototype.
      else Object.defineProperty(map, ctx.params.key, { value: ctx.value, enumerable: true, writable: true, configurable: true });
    },
  };
}

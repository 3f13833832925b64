/**
 * Reading typed values out of an untrusted OpenAPI document for the HTTP API importer: each
 * reader answers the value or undefined, and records an error naming the member when the value
 * is there but of the wrong type (AWS refuses such a definition rather than guessing).
 */
import { isObject, type Json, type JsonObject } from '../../apigateway/openapi-import/json.js';

export class Problems {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  error(line: string): undefined {
    this.errors.push(line);
    return undefined;
  }
  warn(line: string): void {
    this.warnings.push(line);
  }
}

const shown = (v: unknown) => JSON.stringify(v) ?? String(v);
const bad = (p: Problems, where: string, v: unknown, expected: string) => p.error(`Invalid value ${shown(v)} for ${where}: expected ${expected}`);

export function text(p: Problems, o: JsonObject, member: string, where: string): string | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return bad(p, `${where}.${member}`, v, 'a string');
}

/** A string, or a number standing for one (YAML and JSON let `1.0` be a number: "1.0"). */
export function version(p: Problems, o: JsonObject, member: string, where: string): string | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return Number.isInteger(v) ? v.toFixed(1) : String(v);
  return bad(p, `${where}.${member}`, v, 'a string');
}

export function flag(p: Problems, o: JsonObject, member: string, where: string): boolean | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  return bad(p, `${where}.${member}`, v, 'a boolean');
}

export function integer(p: Problems, o: JsonObject, member: string, where: string): number | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  return bad(p, `${where}.${member}`, v, 'an integer');
}

export function textList(p: Problems, o: JsonObject, member: string, where: string): string[] | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return bad(p, `${where}.${member}`, v, 'a list of strings');
}

/** A map of strings (numbers and booleans written for them are read as their text). */
export function textMap(p: Problems, v: Json | undefined, where: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) return bad(p, where, v, 'a map of strings');
  const out: [string, string][] = [];
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out.push([k, x]);
    else if (typeof x === 'number' || typeof x === 'boolean') out.push([k, String(x)]);
    else return bad(p, `${where}.${k}`, x, 'a string');
  }
  // fromEntries defines own members: a key named "__proto__" stays a key.
  return Object.fromEntries(out);
}

export function object(p: Problems, o: JsonObject, member: string, where: string): JsonObject | undefined {
  const v = o[member];
  if (v === undefined || v === null) return undefined;
  if (isObject(v)) return v;
  return bad(p, `${where}.${member}`, v, 'an object');
}

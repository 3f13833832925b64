/** Canonical JSON (object keys sorted) for content hashes and comparisons. */
import { createHash } from 'node:crypto';

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const sameValue = (a: unknown, b: unknown) => canonical(a ?? null) === canonical(b ?? null);

/**
 * Equal as API Gateway compares them: a list of objects (a usage plan's apiStages...) is a set,
 * in whatever order each side lists it - the source and the target sort by their own ids, so a
 * plan with several stages would otherwise differ forever and never converge.
 */
export function sameSetOrValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every(isObject) && b.every(isObject)) {
    const sorted = (list: unknown[]) => list.map((v) => canonical(v)).sort();
    const [x, y] = [sorted(a), sorted(b)];
    return x.every((v, i) => v === y[i]);
  }
  return sameValue(a, b);
}

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Canonical JSON (object keys sorted) for content hashes and comparisons. */
import { createHash } from 'node:crypto';

export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const sameValue = (a: unknown, b: unknown) => canonical(a ?? null) === canonical(b ?? null);

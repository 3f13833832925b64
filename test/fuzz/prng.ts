/**
 * A small seeded PRNG (mulberry32) and pickers, so every fuzz run generates the same cases and a
 * failure names a seed and case number that reproduce it.
 */
export interface Rng {
  (): number;
  int(max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (() => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Rng;
  next.int = (max) => Math.floor(next() * max);
  next.pick = (items) => items[next.int(items.length)];
  next.chance = (p) => next() < p;
  return next;
}

/** Strings that break naive parsers: escapes, separators, unicode, control-ish, huge. */
export function nastyString(rng: Rng): string {
  switch (rng.int(12)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(rng.pick([256, 4096, 70000]));
    case 2:
      return '😀é€\u{10FFFF}中文';
    case 3:
      return rng.pick(['%', '%zz', '%E0%A4%A', '%00', '%2F', '%252F', '..', '.', '~1', '~0', '//', '\\']);
    case 4:
      return rng.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty']);
    case 5:
      return rng.pick(['null', 'undefined', 'NaN', 'true', '-0', '1e400', '99999999999999999999999', '-1', '0x10']);
    case 6:
      return rng.pick(['{', '}', '[', ']', '"', "'", '<script>', '${x}', '$input.body', '#set($a=1)']);
    case 7:
      return Array.from({ length: 1 + rng.int(20) }, () => String.fromCharCode(0x20 + rng.int(0x5f))).join('');
    case 8:
      return Array.from({ length: 1 + rng.int(8) }, () => String.fromCodePoint(0x80 + rng.int(0x2000))).join('');
    case 9:
      return rng.pick(['GET', 'ANY', '*', 'EDGE', 'REGIONAL', 'PRIVATE', 'HEADER', 'AUTHORIZER', 'TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']);
    case 10:
      return rng.pick(['200', '404', '5\\d{2}', '.*', '(', 'application/json', 'arn:aws:lambda:us-east-1:123456789012:function:f']);
    default:
      return `v${rng.int(1000)}`;
  }
}

/** A random JSON value of bounded depth (wrong types for whatever member it lands in). */
export function randomJson(rng: Rng, depth = 0): unknown {
  const kind = depth > 3 ? rng.int(5) : rng.int(8);
  switch (kind) {
    case 0:
      return nastyString(rng);
    case 1:
      return rng.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 31), 1e308, Number.MAX_SAFE_INTEGER, 7]);
    case 2:
      return rng.chance(0.5);
    case 3:
      return null;
    case 4:
      return rng.int(100);
    case 5:
      return Array.from({ length: rng.int(4) }, () => randomJson(rng, depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(4); i > 0; i--) out[nastyString(rng)] = randomJson(rng, depth + 1);
      return out;
    }
  }
}

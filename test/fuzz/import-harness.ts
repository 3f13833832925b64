/**
 * What the OpenAPI import fuzz tests (REST: openapi-import.test.ts, HTTP APIs:
 * http-api-import.test.ts) share: a raw call that keeps any answer, the account's stored
 * documents of some kinds (to prove a refused import changed nothing), and every slot of a parsed
 * document to break.
 */
import type { TestGatehouse } from '../helpers/gatehouse.js';

export interface RawAnswer {
  status: number;
  json: Record<string, unknown>;
  text: string;
}

/** An unsigned JSON request (permissive mode): the answer whatever it is, body parsed if it parses. */
export async function rawCall(g: TestGatehouse, method: string, path: string, body: string): Promise<RawAnswer> {
  const res = await fetch(`${g.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    /* checked by the caller */
  }
  return { status: res.status, json, text };
}

/** Every document of these kinds in the default account's us-east-1, as one string to compare. */
export function accountState(g: TestGatehouse, kinds: readonly string[]): Promise<string> {
  return g.store.transaction({ account: '000000000000', region: 'us-east-1' }, async (tx) => {
    const out: Record<string, unknown> = {};
    for (const kind of kinds) out[kind] = await tx.list(kind);
    return JSON.stringify(out);
  });
}

/** Every [container, key] inside a parsed document, to pick one to break. */
export function slots(doc: unknown, out: [Record<string, unknown> | unknown[], string | number][] = [], depth = 0): typeof out {
  if (depth > 12 || !doc || typeof doc !== 'object') return out;
  if (Array.isArray(doc)) doc.forEach((v, i) => (out.push([doc, i]), slots(v, out, depth + 1)));
  else for (const [k, v] of Object.entries(doc)) out.push([doc as Record<string, unknown>, k]), slots(v, out, depth + 1);
  return out;
}

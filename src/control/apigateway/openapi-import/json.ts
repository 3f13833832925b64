/**
 * Reading an untrusted OpenAPI document: every value may be of any JSON type, so the converter
 * reads it through these narrow accessors and never assumes a shape. `$ref`s are resolved as
 * local JSON pointers ("#/components/schemas/Pet"), which is all API Gateway's import follows.
 * https://swagger.io/docs/specification/using-ref/
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value as an object, or an empty one. */
export const obj = (v: unknown): JsonObject => (isObject(v) ? v : {});

/** Own entries only (a document may name a key "__proto__"). */
export const entries = (v: unknown): [string, Json][] => (isObject(v) ? Object.entries(v) : []);

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A scalar written where AWS expects a string: YAML and JSON let numbers stand for status codes and versions. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** How AWS prints an unexpected value in its warnings ('true', '5'). */
export const shown = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v) ?? String(v));

/** The target of a local `$ref` ("#/a/b~1c"), or undefined when it points nowhere. */
export function pointer(doc: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#')) return undefined;
  const parts = ref.slice(1).split('/').slice(1);
  let at: Json | undefined = doc;
  for (const raw of parts) {
    let part: string;
    try {
      part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (Array.isArray(at)) at = /^\d+$/.test(part) ? at[Number(part)] : undefined;
    else if (isObject(at) && Object.prototype.hasOwnProperty.call(at, part)) at = at[part];
    else return undefined;
  }
  return at;
}

/** An object that may be `{"$ref": ...}`: followed (a few hops at most, refs may chain or loop). */
export function deref(doc: Json, v: unknown): JsonObject {
  let at: unknown = v;
  for (let hops = 0; hops < 16 && isObject(at) && typeof at.$ref === 'string'; hops++) at = pointer(doc, at.$ref);
  return obj(at);
}

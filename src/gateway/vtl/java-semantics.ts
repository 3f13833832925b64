/**
 * How API Gateway's (Java) Velocity engine prints, compares and tests values, for the JavaScript
 * values our templates handle. Templates see Java objects on AWS: `java.lang.String`, Integer and
 * Double, `LinkedHashMap` (JSON objects), json-smart `JSONArray` (JSON arrays, from Jayway JsonPath)
 * and Velocity's own `ArrayList` (list literals). Each prints differently, and the recordings show it:
 * test_apigateway_common.snapshot.json, TestApiGatewayCommon::test_input_path_template_formatting
 * has a map printed `{foo=bar}` but a list printed `[{"foo":"bar"}]`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 */

/**
 * Marks arrays that are Java collections (`[1, 2]` literals, `keySet()`, `values()`, `split()`)
 * rather than JSON arrays: they print `[a, b]`. Every other array came from JSON and prints as JSON.
 * A symbol-keyed property rather than a WeakSet: adding short-lived objects to a WeakSet costs
 * about half a microsecond each in V8, this costs nothing measurable.
 */
const JAVA_LIST: unique symbol = Symbol('javaList');

type Marked = unknown[] & { [JAVA_LIST]?: true };

/** Marks an array as a Java collection and returns it. */
export function javaList<T>(items: T[]): T[] {
  (items as Marked)[JAVA_LIST] = true;
  return items;
}

function isJavaList(items: unknown[]): boolean {
  return (items as Marked)[JAVA_LIST] === true;
}

/** A `Map.Entry` from `entrySet()`: prints `key=value`, answers getKey()/getValue() and .key/.value. */
export class MapEntry {
  constructor(
    readonly key: string,
    readonly value: unknown,
  ) {}
}

/** True for the values templates treat as a Java Map: plain objects (JSON objects, `{}` literals, $context). */
export function isMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * What a reference prints as in the template output. AWS prints null and undefined references as
 * nothing (not as `$name`, which plain Java Velocity does): recorded in test_input_path_template_formatting
 * ("empty-body": `{"body": , "nested": , ...}` for `$result` and `$result.nested` of a missing path)
 * and test_input_body_formatting ("response-body-attr-access": `#set($result = $input.body.testAccess)$result` printed nothing).
 */
export function toOutput(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return javaToString(value);
}

/** `String.valueOf(value)` as Java would answer it for the object AWS would hold. */
export function javaToString(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return javaNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'undefined':
      return 'null';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return isJavaList(value) ? javaListString(value) : toJsonSmart(value, true);
      if (value instanceof MapEntry) return `${value.key}=${javaToString(value.value)}`;
      if (isMap(value)) return javaMapString(value);
      return '';
    default:
      return '';
  }
}

/** `AbstractMap.toString()`: `{a=1, b=[...]}`; nested JSON arrays stay JSON, as recorded ("dict-with-nested-list"). */
function javaMapString(map: Record<string, unknown>): string {
  let out = '{';
  let first = true;
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    out += (first ? '' : ', ') + key + '=' + javaToString(map[key]);
    first = false;
  }
  return out + '}';
}

/** `AbstractCollection.toString()`: `[a, b]`. */
function javaListString(list: unknown[]): string {
  let out = '[';
  for (let i = 0; i < list.length; i++) out += (i ? ', ' : '') + javaToString(list[i]);
  return out + ']';
}

/**
 * How Java prints the number. Integers print without a fraction; other values follow
 * `Double.toString` (plain between 10^-3 and 10^7, else `1.0E10` style). JSON `1.0` parses to
 * the JavaScript number 1 and so prints `1` here where AWS (holding a Double) prints `1.0`.
 */
export function javaNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n); // no exponent below 1e21, and -0 prints as 0
  return javaDouble(n);
}

function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n);
    return s.includes('.') ? s : s + '.0';
  }
  const [mantissa, exponent] = n.toExponential().split('e');
  return (mantissa.includes('.') ? mantissa : mantissa + '.0') + 'E' + Number(exponent);
}

/**
 * JSON text as json-smart writes it, which is what Jayway JsonPath hands AWS: compact, every
 * string quoted. `web` is json-smart's default style (a JSONArray printed by `toString()`), which
 * also escapes `/`; `$input.json()` uses the compressed style without that.
 */
export function toJsonSmart(value: unknown, web: boolean): string {
  switch (typeof value) {
    case 'string':
      return jsonSmartString(value, web);
    case 'number':
      return Number.isFinite(value) ? javaNumber(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + toJsonSmart(value[i], web);
        return out + ']';
      }
      if (value instanceof MapEntry) return jsonSmartString(javaToString(value), web);
      if (isMap(value)) {
        let out = '{';
        let first = true;
        for (const key in value) {
          if (!Object.hasOwn(value, key)) continue;
          out += (first ? '' : ',') + jsonSmartString(key, web) + ':' + toJsonSmart(value[key], web);
          first = false;
        }
        return out + '}';
      }
      return 'null';
    }
    default:
      return 'null';
  }
}

const HEX = '0123456789ABCDEF';

/** json-smart's string escaping: quotes, backslash, the short escapes, and C0/C1/U+2000–U+20FF as \uXXXX. */
function jsonSmartString(s: string, web: boolean): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c === 0x2f) esc = web ? '\\/' : undefined;
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x2000 && c <= 0x20ff)) {
      if (c === 0x08) esc = '\\b';
      else if (c === 0x0c) esc = '\\f';
      else if (c === 0x0a) esc = '\\n';
      else if (c === 0x0d) esc = '\\r';
      else if (c === 0x09) esc = '\\t';
      else esc = '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}

/** Velocity 1.7 `#if` / `&&` / `!`: only null and `false` are false (an empty string is true). */
export function truthy(value: unknown): boolean {
  return value !== null && value !== undefined && value !== false;
}

/**
 * `==` as AWS evaluates it. Velocity compares numbers by value, same-class objects with
 * `equals()`, anything else by `toString()`. AWS also holds a missing value equal to "" — recorded in
 * test_input_path_template_formatting ("empty-body": both `$result == $null` and `$result == ""`
 * were true for a path that does not exist).
 */
export function javaEquals(left: unknown, right: unknown): boolean {
  const l = left ?? '';
  const r = right ?? '';
  if (typeof l === 'number' && typeof r === 'number') return l === r;
  if (typeof l === typeof r && (typeof l === 'string' || typeof l === 'boolean')) return l === r;
  if (typeof l === 'object' && typeof r === 'object') {
    if (Array.isArray(l) && Array.isArray(r)) return listEquals(l, r);
    if (isMap(l) && isMap(r)) return mapEquals(l, r);
  }
  return javaToString(l) === javaToString(r);
}

/** `Object.equals` for collections and values, without the "" ≡ null rule of `==`. */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) && Array.isArray(b)) return listEquals(a, b);
  if (isMap(a) && isMap(b)) return mapEquals(a, b);
  if (a instanceof MapEntry && b instanceof MapEntry) return a.key === b.key && valueEquals(a.value, b.value);
  return false;
}

function listEquals(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!valueEquals(a[i], b[i])) return false;
  return true;
}

function mapEquals(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k) || !valueEquals(a[k], b[k])) return false;
  return true;
}

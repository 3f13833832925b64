/**
 * Method calls, properties and `[index]` lookups on template values, answered the way Velocity
 * answers them for the Java object AWS would hold: `java.lang.String`, `Map`, `List`, numbers,
 * booleans, `Map.Entry`. A method the Java class does not have answers null (printed as nothing),
 * as Velocity does; a method that throws in Java (`substring` out of range, `get` past the end of
 * a list) throws `JavaException`, which the renderer turns into a TemplateRenderError.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 * (templates use "the Java methods of the object", e.g. `$inputRoot.toString().contains("error")` on
 * apigateway-override-request-response-parameters.html).
 */
import { javaReplace, javaSplit, type RegexCache } from './java-regex.js';
import { isMap, javaEquals, javaList, javaToString, MapEntry, valueEquals } from './java-semantics.js';

/** What method calls need from the render: the compiled template's regular-expression cache. */
export interface CallState {
  readonly regex: RegexCache;
}

/** An exception a Java method would throw (NullPointerException, IndexOutOfBoundsException...). */
export class JavaException extends Error {}

/** Template objects with their own methods and properties ($input, $util, $foreach). */
export abstract class TemplateObject {
  abstract property(name: string): unknown;
  abstract call(name: string, args: unknown[], state: CallState): unknown;
}

/** `$base.name` */
export function getProperty(base: unknown, name: string): unknown {
  if (base === null || base === undefined) return null;
  if (typeof base === 'object') {
    if (Array.isArray(base)) return name === 'empty' ? base.length === 0 : null;
    if (base instanceof TemplateObject) return base.property(name);
    if (base instanceof MapEntry) return name === 'key' ? base.key : name === 'value' ? base.value : null;
    if (isMap(base)) return mapGet(base, name);
    return null;
  }
  // Velocity resolves `$s.empty` through the getter isEmpty(); String has no other bean properties of use.
  if (typeof base === 'string') return name === 'empty' ? base.length === 0 : null;
  return null;
}

/** `$base[key]` (Velocity 1.7 index notation: lists by position, maps by key). */
export function getIndex(base: unknown, key: unknown): unknown {
  if (Array.isArray(base)) {
    if (typeof key !== 'number' || !Number.isInteger(key)) return null;
    const i = key < 0 ? base.length + key : key;
    return i >= 0 && i < base.length ? base[i] : null;
  }
  if (base instanceof TemplateObject) return typeof key === 'string' ? base.property(key) : null;
  if (isMap(base)) return typeof key === 'string' ? mapGet(base, key) : null;
  return null;
}

function mapGet(map: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(map, key) ? map[key] : null;
}

/** `$base.name(args)` */
export function callMethod(base: unknown, name: string, args: unknown[], state: CallState): unknown {
  switch (typeof base) {
    case 'string':
      return stringMethod(base, name, args, state);
    case 'number':
      return numberMethod(base, name, args);
    case 'boolean':
      if (name === 'toString') return base ? 'true' : 'false';
      if (name === 'booleanValue') return base;
      if (name === 'equals') return args[0] === base;
      return null;
    case 'object':
      if (base === null) return null;
      if (Array.isArray(base)) return listMethod(base, name, args);
      if (base instanceof TemplateObject) return base.call(name, args, state);
      if (base instanceof MapEntry) {
        if (name === 'getKey') return base.key;
        if (name === 'getValue') return base.value;
        if (name === 'toString') return javaToString(base);
        return null;
      }
      if (isMap(base)) return mapMethod(base, name, args);
      return null;
    default:
      return null;
  }
}

function npe(): never {
  throw new JavaException('java.lang.NullPointerException');
}

/** A String argument; null throws (as Java would), any other type means Velocity finds no such method. */
function strArg(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) npe();
  return undefined;
}

function intArg(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined;
}

/** `String.trim()`: strips every char <= U+0020, not Unicode whitespace. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function javaCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function stringMethod(s: string, name: string, args: unknown[], state: CallState): unknown {
  const n = args.length;
  switch (name) {
    case 'length':
      return n === 0 ? s.length : null;
    case 'isEmpty':
      return n === 0 ? s.length === 0 : null;
    case 'toString':
    case 'intern':
      return s;
    case 'trim':
      return javaTrim(s);
    case 'toLowerCase':
      return s.toLowerCase();
    case 'toUpperCase':
      return s.toUpperCase();
    case 'substring': {
      const begin = intArg(args[0]);
      const end = n > 1 ? intArg(args[1]) : s.length;
      if (begin === undefined || end === undefined) return null;
      if (begin < 0 || end > s.length || begin > end) throw new JavaException(`java.lang.StringIndexOutOfBoundsException: begin ${begin}, end ${end}, length ${s.length}`);
      return s.slice(begin, end);
    }
    case 'charAt': {
      const i = intArg(args[0]);
      if (i === undefined) return null;
      if (i < 0 || i >= s.length) throw new JavaException(`java.lang.StringIndexOutOfBoundsException: index ${i}, length ${s.length}`);
      return s[i];
    }
    case 'indexOf':
    case 'lastIndexOf': {
      const what = typeof args[0] === 'number' ? String.fromCharCode(args[0]) : strArg(args[0]);
      if (what === undefined) return null;
      const from = n > 1 ? intArg(args[1]) : undefined;
      if (name === 'indexOf') return s.indexOf(what, from === undefined ? 0 : Math.max(from, 0));
      return from === undefined ? s.lastIndexOf(what) : from < 0 ? -1 : s.lastIndexOf(what, from);
    }
    case 'contains': {
      const what = strArg(args[0]);
      return what === undefined ? null : s.includes(what);
    }
    case 'startsWith': {
      const what = strArg(args[0]);
      if (what === undefined) return null;
      const offset = n > 1 ? intArg(args[1]) : 0;
      if (offset === undefined) return null;
      return offset >= 0 && s.startsWith(what, offset);
    }
    case 'endsWith': {
      const what = strArg(args[0]);
      return what === undefined ? null : s.endsWith(what);
    }
    case 'equals':
      return typeof args[0] === 'string' && args[0] === s;
    case 'equalsIgnoreCase':
      return typeof args[0] === 'string' && args[0].length === s.length && args[0].toUpperCase() === s.toUpperCase();
    case 'compareTo':
    case 'compareToIgnoreCase': {
      const other = strArg(args[0]);
      if (other === undefined) return null;
      return name === 'compareTo' ? javaCompare(s, other) : javaCompare(s.toLowerCase(), other.toLowerCase());
    }
    case 'concat': {
      const other = strArg(args[0]);
      return other === undefined ? null : s + other;
    }
    case 'replace': {
      // replace(CharSequence, CharSequence) replaces every occurrence, literally.
      const target = strArg(args[0]);
      const replacement = strArg(args[1]);
      if (target === undefined || replacement === undefined) return null;
      return s.replaceAll(target, () => replacement);
    }
    case 'replaceAll':
    case 'replaceFirst': {
      const regex = strArg(args[0]);
      const replacement = strArg(args[1]);
      if (regex === undefined || replacement === undefined) return null;
      return javaReplace(s, state.regex.get(regex, name === 'replaceAll' ? 'g' : 'first'), replacement);
    }
    case 'matches': {
      const regex = strArg(args[0]);
      return regex === undefined ? null : state.regex.get(regex, 'full').test(s);
    }
    case 'split': {
      const regex = strArg(args[0]);
      const limit = n > 1 ? intArg(args[1]) : 0;
      if (regex === undefined || limit === undefined) return null;
      return javaList(javaSplit(s, state.regex.get(regex, 'g'), limit));
    }
    case 'hashCode': {
      let h = 0;
      for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
      return h;
    }
    default:
      return null;
  }
}

function numberMethod(x: number, name: string, args: unknown[]): unknown {
  switch (name) {
    case 'toString':
      return javaToString(x);
    case 'intValue':
    case 'longValue':
    case 'shortValue':
    case 'byteValue':
      return Math.trunc(x);
    case 'doubleValue':
    case 'floatValue':
      return x;
    case 'equals':
      return typeof args[0] === 'number' && args[0] === x;
    case 'compareTo':
      return typeof args[0] === 'number' ? Math.sign(x - args[0]) : null;
    case 'isNaN':
      return Number.isNaN(x);
    default:
      return null;
  }
}

function listMethod(list: unknown[], name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    // The reference page shows `$input.path('$.pets').count()` answering the list's size.
    case 'size':
    case 'count':
      return list.length;
    case 'isEmpty':
      return list.length === 0;
    case 'get': {
      const i = intArg(args[0]);
      if (i === undefined) return null;
      if (i < 0 || i >= list.length) throw new JavaException(`java.lang.IndexOutOfBoundsException: Index: ${i}, Size: ${list.length}`);
      return list[i];
    }
    case 'contains':
      return list.some((v) => valueEquals(v, args[0]));
    case 'indexOf':
      return list.findIndex((v) => valueEquals(v, args[0]));
    case 'lastIndexOf':
      for (let i = list.length - 1; i >= 0; i--) if (valueEquals(list[i], args[0])) return i;
      return -1;
    case 'add':
      if (n === 2) {
        const i = intArg(args[0]);
        if (i === undefined) return null;
        if (i < 0 || i > list.length) throw new JavaException(`java.lang.IndexOutOfBoundsException: Index: ${i}, Size: ${list.length}`);
        list.splice(i, 0, args[1]);
        return null;
      }
      list.push(args[0]);
      return true;
    case 'addAll':
      if (!Array.isArray(args[0])) return null;
      list.push(...args[0]);
      return args[0].length > 0;
    case 'set': {
      const i = intArg(args[0]);
      if (i === undefined) return null;
      if (i < 0 || i >= list.length) throw new JavaException(`java.lang.IndexOutOfBoundsException: Index: ${i}, Size: ${list.length}`);
      const old = list[i];
      list[i] = args[1];
      return old;
    }
    case 'remove': {
      if (typeof args[0] === 'number' && Number.isInteger(args[0])) {
        const i = args[0];
        if (i < 0 || i >= list.length) throw new JavaException(`java.lang.IndexOutOfBoundsException: Index: ${i}, Size: ${list.length}`);
        return list.splice(i, 1)[0];
      }
      const at = list.findIndex((v) => valueEquals(v, args[0]));
      if (at >= 0) list.splice(at, 1);
      return at >= 0;
    }
    case 'clear':
      list.length = 0;
      return null;
    case 'subList': {
      const from = intArg(args[0]);
      const to = intArg(args[1]);
      if (from === undefined || to === undefined) return null;
      if (from < 0 || to > list.length || from > to) throw new JavaException(`java.lang.IndexOutOfBoundsException: fromIndex ${from}, toIndex ${to}, size ${list.length}`);
      return javaList(list.slice(from, to));
    }
    case 'toString':
      return javaToString(list);
    case 'equals':
      return Array.isArray(args[0]) && valueEquals(list, args[0]);
    default:
      return null;
  }
}

function mapMethod(map: Record<string, unknown>, name: string, args: unknown[]): unknown {
  switch (name) {
    case 'get':
      return typeof args[0] === 'string' ? mapGet(map, args[0]) : null;
    case 'getOrDefault':
      return typeof args[0] === 'string' && Object.hasOwn(map, args[0]) ? map[args[0]] : args[1];
    case 'containsKey':
      return typeof args[0] === 'string' && Object.hasOwn(map, args[0]);
    case 'containsValue':
      return Object.values(map).some((v) => valueEquals(v, args[0]));
    case 'put': {
      const key = args[0];
      if (typeof key !== 'string') return null;
      const old = Object.hasOwn(map, key) ? map[key] : null;
      map[key] = args[1];
      return old;
    }
    case 'putAll':
      if (isMap(args[0])) Object.assign(map, args[0]);
      return null;
    case 'remove': {
      const key = args[0];
      if (typeof key !== 'string' || !Object.hasOwn(map, key)) return null;
      const old = map[key];
      delete map[key];
      return old;
    }
    case 'clear':
      for (const key of Object.keys(map)) delete map[key];
      return null;
    case 'keySet':
      return javaList(Object.keys(map));
    case 'values':
      return javaList(Object.values(map));
    case 'entrySet':
      return javaList(Object.keys(map).map((k) => new MapEntry(k, map[k])));
    case 'size':
      return Object.keys(map).length;
    case 'isEmpty':
      for (const key in map) if (Object.hasOwn(map, key)) return false;
      return true;
    case 'toString':
      return javaToString(map);
    case 'equals':
      return javaEquals(map, args[0]) && isMap(args[0]);
    default:
      return null;
  }
}

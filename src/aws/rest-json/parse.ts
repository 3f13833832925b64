/**
 * rest-json request parsing driven by the operation's input shape: each member is read from
 * where the model binds it (uri label, query string, header, header-prefix map, payload or JSON
 * body under its `locationName`) and typed as its shape says.
 * https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html
 */
import { AwsError, badRequest } from '../errors.js';
import type { MemberRef, ServiceModel, Shape } from '../model.js';

export interface WireRequest {
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const serialization = (message: string) => new AwsError('SerializationException', message, 400);

/**
 * Map keys are the caller's (tag keys, stage variables, query names): `map[k] = v` would drop a
 * key named "__proto__" (it sets the prototype instead), so entries are defined, not assigned.
 */
export function setEntry(map: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The query parameter names an input shape's own (non-map) querystring members bind: a query-bound
 * map takes every other parameter. Worked out once per shape, not per request.
 */
const claimedQueryByShape = new WeakMap<Shape, Set<string>>();
function claimedQuery(model: ServiceModel, shape: Shape): Set<string> {
  let claimed = claimedQueryByShape.get(shape);
  if (!claimed) {
    claimed = new Set<string>();
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      if (ref.location === 'querystring' && model.shapes[ref.shape].type !== 'map') claimed.add(ref.locationName ?? name);
    }
    claimedQueryByShape.set(shape, claimed);
  }
  return claimed;
}

export function parseInput(model: ServiceModel, inputShapeName: string | undefined, req: WireRequest): Record<string, unknown> {
  if (!inputShapeName) return {};
  const shape = model.shapes[inputShapeName];
  const input: Record<string, unknown> = {};
  const members = shape.members ?? {};
  let bodyMembers = false;
  for (const [name, ref] of Object.entries(members)) {
    const target = model.shapes[ref.shape];
    switch (ref.location) {
      case 'uri': {
        const v = req.labels[ref.locationName ?? name];
        if (v !== undefined) input[name] = fromString(target, v, name);
        break;
      }
      case 'querystring': {
        if (target.type === 'map') {
          // A map bound to the query string takes every parameter no other member claims.
          const claimed = claimedQuery(model, shape);
          const map: Record<string, string> = {};
          for (const [k, v] of req.query) if (!claimed.has(k)) setEntry(map, k, v);
          if (Object.keys(map).length) input[name] = map;
        } else if (target.type === 'list') {
          const all = req.query.getAll(ref.locationName ?? name);
          if (all.length) input[name] = all.map((v) => fromString(model.shapes[target.member!.shape], v, name));
        } else {
          const v = req.query.get(ref.locationName ?? name);
          if (v !== null) input[name] = fromString(target, v, name);
        }
        break;
      }
      case 'header': {
        const raw = req.headers[(ref.locationName ?? name).toLowerCase()];
        const v = Array.isArray(raw) ? raw.join(',') : raw;
        if (v !== undefined) input[name] = target.type === 'list' ? v.split(',').map((s) => s.trim()) : fromString(target, v, name);
        break;
      }
      case 'headers': {
        const prefix = (ref.locationName ?? '').toLowerCase();
        const map: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) {
          if (k.startsWith(prefix) && v !== undefined) setEntry(map, k.slice(prefix.length), Array.isArray(v) ? v.join(',') : v);
        }
        if (Object.keys(map).length) input[name] = map;
        break;
      }
      default:
        if (shape.payload !== name) bodyMembers = true;
    }
  }
  if (shape.payload) {
    const ref = members[shape.payload];
    const target = model.shapes[ref.shape];
    if (target.type === 'blob') input[shape.payload] = req.body;
    else if (target.type === 'string') input[shape.payload] = req.body.toString('utf8');
    else if (req.body.length) input[shape.payload] = fromJson(model, ref, parseJson(req.body), shape.payload);
  } else if (bodyMembers && req.body.length) {
    const json = parseJson(req.body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw serialization('The request body must be a JSON object.');
    for (const [name, ref] of Object.entries(members)) {
      if (ref.location) continue;
      const v = (json as Record<string, unknown>)[ref.locationName ?? name];
      if (v !== undefined && v !== null) input[name] = fromJson(model, ref, v, name);
    }
  }
  return input;
}

/**
 * API Gateway (v1) words a JSON boolean or number where a string belongs in its Java types, and
 * SDK-level parity means saying the same (both recorded from AWS, e.g. requestParameters values).
 */
function notAString(model: ServiceModel, v: unknown): AwsError | undefined {
  if (model.metadata.endpointPrefix !== 'apigateway' || model.metadata.apiVersion !== '2015-07-09') return undefined;
  if (typeof v === 'boolean') return serialization('class java.lang.Boolean can not be converted to an String');
  if (typeof v === 'number') return serialization('class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String');
  return undefined;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw serialization('The request body is not valid JSON.');
  }
}

function fromString(shape: Shape, v: string, name: string): unknown {
  switch (shape.type) {
    case 'integer':
    case 'long': {
      if (!/^-?\d+$/.test(v.trim())) throw badRequest(`Invalid value '${v}' for ${name}: expected an integer.`);
      return Number(v);
    }
    case 'double':
    case 'float': {
      const n = Number(v);
      if (v.trim() === '' || Number.isNaN(n)) throw badRequest(`Invalid value '${v}' for ${name}: expected a number.`);
      return n;
    }
    case 'boolean':
      if (v !== 'true' && v !== 'false') throw badRequest(`Invalid value '${v}' for ${name}: expected true or false.`);
      return v === 'true';
    case 'timestamp': {
      const d = /^\d+(\.\d+)?$/.test(v) ? new Date(Number(v) * 1000) : new Date(v);
      if (Number.isNaN(d.getTime())) throw badRequest(`Invalid timestamp '${v}' for ${name}.`);
      return d;
    }
    default:
      return v;
  }
}

function fromJson(model: ServiceModel, ref: MemberRef, v: unknown, path: string): unknown {
  const shape = model.shapes[ref.shape];
  if (ref.jsonvalue) return v;
  const wrong = (expected: string) => serialization(`Expected ${expected} for '${path}'.`);
  switch (shape.type) {
    case 'structure': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw wrong('an object');
      if (!shape.members) return v;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const x = (v as Record<string, unknown>)[member.locationName ?? name];
        if (x !== undefined && x !== null) out[name] = fromJson(model, member, x, `${path}.${name}`);
      }
      return out;
    }
    case 'list':
      if (!Array.isArray(v)) throw wrong('a list');
      return v.filter((x) => x !== null).map((x, i) => fromJson(model, shape.member!, x, `${path}.${i + 1}`));
    case 'map': {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw wrong('a map');
      const out: Record<string, unknown> = {};
      // A null value stays null: AWS keeps it (recorded: responseTemplates {"application/json": null}).
      for (const [k, x] of Object.entries(v)) setEntry(out, k, x === null ? null : fromJson(model, shape.value!, x, `${path}.${k}`));
      return out;
    }
    case 'string':
      if (typeof v !== 'string') throw notAString(model, v) ?? wrong('a string');
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw wrong('a boolean');
      return v;
    case 'integer':
    case 'long':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw wrong('an integer');
      return v;
    case 'double':
    case 'float':
      if (typeof v !== 'number') throw wrong('a number');
      return v;
    case 'timestamp': {
      const d = typeof v === 'number' ? new Date(v * 1000) : typeof v === 'string' ? new Date(v) : undefined;
      if (!d || Number.isNaN(d.getTime())) throw wrong('a timestamp');
      return d;
    }
    case 'blob':
      if (typeof v !== 'string') throw wrong('base64 data');
      return Buffer.from(v, 'base64');
    default:
      return v;
  }
}

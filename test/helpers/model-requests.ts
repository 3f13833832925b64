/**
 * Builds, for any modelled operation, the smallest request the model accepts: labels, required
 * query parameters, headers and body members filled with type-correct dummy values (enums take
 * their first value; patterned strings the first candidate that matches). Used to walk every
 * operation of every service and as the seed of the wire fuzzer.
 */
import { loadModel, type MemberRef, type Operation, type ServiceName } from '../../src/aws/model.js';

/** The SigV4 service name each model is signed for. */
export const SIGNING_NAME: Record<ServiceName, string> = {
  apigateway: 'apigateway',
  apigatewayv2: 'apigateway',
  apigatewaymanagementapi: 'execute-api',
  lambda: 'lambda',
};

/** Strings tried in order against a member's pattern (the models' patterns, as of the vendored versions). */
const CANDIDATES = [
  'x1',
  '200',
  'lambda:GetLayerVersion',
  'lambda:InvokeFunction',
  '123456789012',
  'arn:aws:lambda:us-east-1:123456789012:function:f1',
  'arn:aws:lambda:us-east-1:123456789012:layer:l1:1',
  'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-abcdefghijklmnopq',
  'arn:aws:lambda:us-east-1:123456789012:function:f1:1/durable-execution/e1/e2',
  'arn:aws:iam::123456789012:role/r1',
];

export interface ModelRequest {
  method: string;
  /** Path and query, URL-encoded. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

/** A SigV4-looking Authorization header (permissive mode reads it, never verifies it). */
export function fakeAuthorization(service: ServiceName, accessKeyId = 'test', region = 'us-east-1'): string {
  return `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20240101/${region}/${SIGNING_NAME[service]}/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef`;
}

/** `labels` overrides dummy label values by label name (e.g. a real restapi_id). */
export function modelRequest(service: ServiceName, op: Operation, overrides: { labels?: Record<string, string> } = {}): ModelRequest {
  const model = loadModel(service);
  const fullMatch = (pattern: string, v: string) => {
    try {
      return new RegExp(`^(?:${pattern})$`, 'u').test(v);
    } catch {
      return true;
    }
  };
  const stringFor = (shapeName: string): string => {
    const shape = model.shapes[shapeName];
    if (shape.enum) return shape.enum[0];
    if (!shape.pattern) return 'x1';
    const found = CANDIDATES.find((c) => fullMatch(shape.pattern!, c));
    if (!found) throw new Error(`No dummy value matches ${shapeName}'s pattern ${shape.pattern}: add one to CANDIDATES`);
    return found;
  };
  const value = (ref: MemberRef, depth = 0): unknown => {
    const shape = model.shapes[ref.shape];
    switch (shape.type) {
      case 'string':
        return stringFor(ref.shape);
      case 'integer':
      case 'long':
        return 1;
      case 'double':
      case 'float':
        return 1.5;
      case 'boolean':
        return true;
      case 'timestamp':
        return 1700000000;
      case 'blob':
        return Buffer.from('hi').toString('base64');
      case 'list':
        return [value(shape.member!, depth + 1)];
      case 'map':
        return { k1: value(shape.value!, depth + 1) };
      case 'structure': {
        const out: Record<string, unknown> = {};
        if (depth > 8) return out;
        for (const name of shape.required ?? []) {
          const member = shape.members![name];
          out[member.locationName ?? name] = value(member, depth + 1);
        }
        return out;
      }
    }
  };

  const input = op.input ? model.shapes[op.input.shape] : undefined;
  const members = input?.members ?? {};
  const labels: Record<string, string> = {};
  const query = new URLSearchParams();
  const headers: Record<string, string> = { authorization: fakeAuthorization(service), 'x-amz-date': '20240101T000000Z' };
  const body: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(members)) {
    const where = ref.locationName ?? name;
    if (ref.location === 'uri') labels[where] = overrides.labels?.[where] ?? String(value(ref));
    else if (!input!.required?.includes(name)) continue;
    else if (ref.location === 'querystring') for (const v of ([] as unknown[]).concat(value(ref))) query.append(where, String(v));
    else if (ref.location === 'header') headers[where.toLowerCase()] = String(value(ref));
    else if (!ref.location && input!.payload !== name) body[where] = value(ref);
  }
  const [path, fixedQuery] = op.http.requestUri.split('?');
  const filled = path.replace(/\{([^}]+?)\+?\}/g, (_, name: string) => encodeURIComponent(labels[name] ?? 'x1'));
  const qs = [fixedQuery, query.toString()].filter(Boolean).join('&');
  const req: ModelRequest = { method: op.http.method, target: qs ? `${filled}?${qs}` : filled, headers };
  if (op.http.method === 'GET' || op.http.method === 'HEAD') return req;
  if (input?.payload) {
    const target = model.shapes[members[input.payload].shape];
    req.body = target.type === 'blob' || target.type === 'string' ? 'hi' : JSON.stringify(value(members[input.payload]));
  } else {
    req.body = JSON.stringify(body);
    req.headers['content-type'] = 'application/json';
  }
  return req;
}

export function operations(service: ServiceName): Operation[] {
  return Object.values(loadModel(service).operations);
}

/**
 * rest-json response serialisation driven by the operation's output shape: members bound to
 * headers and the status code go there, a payload member is the whole body, everything else is
 * a JSON body under each member's `locationName`. Timestamps are epoch seconds unless the shape
 * says iso8601 (apigatewayv2 does); unknown keys a handler returns are dropped, so only what the
 * model declares ever reaches the wire.
 */
import type { MemberRef, ServiceModel } from '../model.js';
import { setEntry } from './parse.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
}

export function serializeOutput(
  model: ServiceModel,
  outputShapeName: string | undefined,
  responseCode: number,
  output: Record<string, unknown> | undefined,
): WireResponse {
  const res: WireResponse = { status: responseCode, headers: {}, body: undefined };
  if (!outputShapeName || !output) {
    return res;
  }
  const shape = model.shapes[outputShapeName];
  const json: Record<string, unknown> = {};
  let hasBody = false;
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const value = output[name];
    if (value === undefined || value === null) continue;
    if (ref.location === 'header') res.headers[(ref.locationName ?? name).toLowerCase()] = headerValue(value);
    else if (ref.location === 'headers') {
      for (const [k, v] of Object.entries(value as Record<string, string>)) res.headers[`${ref.locationName ?? ''}${k}`.toLowerCase()] = String(v);
    } else if (ref.location === 'statusCode') res.status = Number(value);
    else if (shape.payload === name) {
      const target = model.shapes[ref.shape];
      if (target.type === 'blob' || target.type === 'string') res.body = typeof value === 'string' ? value : Buffer.from(value as Uint8Array);
      else {
        res.body = JSON.stringify(toJson(model, ref, value));
        res.headers['content-type'] = 'application/json';
      }
    } else {
      json[ref.locationName ?? name] = toJson(model, ref, value);
      hasBody = true;
    }
  }
  if (!shape.payload) {
    res.body = JSON.stringify(hasBody ? json : {});
    res.headers['content-type'] = 'application/json';
  }
  return res;
}

function headerValue(v: unknown): string {
  if (v instanceof Date) return v.toUTCString();
  if (Array.isArray(v)) return v.join(',');
  return String(v);
}

function toJson(model: ServiceModel, ref: MemberRef, v: unknown): unknown {
  const shape = model.shapes[ref.shape];
  if (ref.jsonvalue) return v;
  switch (shape.type) {
    case 'structure': {
      if (typeof v !== 'object' || v === null) return undefined;
      const out: Record<string, unknown> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const x = (v as Record<string, unknown>)[name];
        if (x !== undefined && x !== null) out[member.locationName ?? name] = toJson(model, member, x);
      }
      return out;
    }
    case 'list':
      return Array.isArray(v) ? v.map((x) => toJson(model, shape.member!, x)) : undefined;
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) setEntry(out, k, x === null ? null : toJson(model, shape.value!, x));
      return out;
    }
    case 'timestamp': {
      const d = v instanceof Date ? v : new Date(typeof v === 'number' ? v * 1000 : String(v));
      const format = ref.timestampFormat ?? shape.timestampFormat ?? 'unixTimestamp';
      return format === 'iso8601' ? d.toISOString() : Math.floor(d.getTime() / 1000);
    }
    case 'blob':
      return Buffer.from(v as Uint8Array).toString('base64');
    default:
      return v;
  }
}

/**
 * Finds the modelled operation for a method and path, the way the SDKs build them from each
 * operation's `http.requestUri`: static segments, `{label}` segments (one URL-encoded segment)
 * and `{label+}` greedy labels, plus literal query parameters such as `/restapis?mode=import`.
 * Compiled once per service model at start-up.
 */
import type { Operation, ServiceModel } from '../model.js';

interface Segment {
  literal?: string;
  label?: string;
  greedy?: boolean;
}

interface CompiledRoute {
  operation: Operation;
  segments: Segment[];
  /** Query parameters the requestUri fixes, e.g. mode=import; a value of '' only requires presence. */
  query: [string, string][];
  /** Higher wins: literal segments count most, then literal query parameters. */
  score: number;
}

export interface RouteMatch {
  operation: Operation;
  labels: Record<string, string>;
}

export class OperationRouter {
  private readonly byMethod = new Map<string, CompiledRoute[]>();

  constructor(model: ServiceModel) {
    for (const operation of Object.values(model.operations)) {
      const [path, qs] = operation.http.requestUri.split('?');
      const segments = path
        .split('/')
        .filter((s) => s !== '')
        .map((s): Segment => {
          const m = /^\{([^}]+?)(\+)?\}$/.exec(s);
          return m ? { label: m[1], greedy: !!m[2] } : { literal: s };
        });
      const query = qs
        ? qs.split('&').map((kv): [string, string] => {
            const [k, v = ''] = kv.split('=');
            return [k, v];
          })
        : [];
      const literals = segments.filter((s) => s.literal !== undefined).length;
      const route: CompiledRoute = { operation, segments, query, score: literals * 10 + query.length };
      const list = this.byMethod.get(operation.http.method) ?? [];
      list.push(route);
      this.byMethod.set(operation.http.method, list);
    }
    for (const list of this.byMethod.values()) list.sort((a, b) => b.score - a.score);
  }

  /** `rawSegments` are the path's segments still URL-encoded; `query` is the parsed query. */
  match(method: string, rawSegments: string[], query: URLSearchParams): RouteMatch | undefined {
    const routes = this.byMethod.get(method);
    if (!routes) return undefined;
    for (const route of routes) {
      const labels = matchSegments(route.segments, rawSegments);
      if (!labels) continue;
      if (!route.query.every(([k, v]) => query.has(k) && (v === '' || query.get(k) === v))) continue;
      return { operation: route.operation, labels };
    }
    return undefined;
  }

  /** Whether any operation of this service has this path under another method (for 405-style answers). */
  hasPath(rawSegments: string[]): boolean {
    for (const routes of this.byMethod.values())
      for (const route of routes) if (matchSegments(route.segments, rawSegments)) return true;
    return false;
  }
}

function matchSegments(segments: Segment[], raw: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    if (seg.greedy) {
      const rest = raw.slice(i).map(safeDecode);
      if (rest.length === 0 || rest.includes(undefined)) return undefined;
      labels[seg.label!] = rest.join('/');
      return s === segments.length - 1 ? labels : undefined;
    }
    if (i >= raw.length) return undefined;
    const value = safeDecode(raw[i]);
    if (value === undefined) return undefined;
    if (seg.literal !== undefined) {
      if (seg.literal !== value) return undefined;
    } else {
      if (value === '') return undefined;
      labels[seg.label!] = value;
    }
    i++;
  }
  return i === raw.length ? labels : undefined;
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * Route keys. HTTP APIs: `$default` or `METHOD /path` (METHOD one of the HTTP methods or ANY),
 * path variables `{name}` as whole segments, a greedy `{name+}` only as the last segment.
 * WebSocket APIs: `$connect`, `$disconnect`, `$default` or a custom key matched against the
 * route selection expression's value.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html
 *
 * AWS's conflict wording, as users met it: "Route with key ANY /{proxy+} already exists for this
 * API" and 'The provided route key "GET /a/{id}" has a conflicting variable on the same
 * hierarchical level as "GET /a/{name}"' (both ConflictException).
 */
import { badRequest, conflict } from '../../aws/errors.js';

const METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const WEBSOCKET_SPECIAL = new Set(['$connect', '$disconnect', '$default']);

const badHttpKey = () =>
  badRequest('The provided route key is not formatted properly for HTTP protocol. Format should be "<HTTP METHOD> /<path>" or "$default"');

/** A path segment that is a variable: `{name}` or greedy `{name+}`. */
const VARIABLE = /^\{([A-Za-z0-9._-]+)(\+)?\}$/;

export interface ParsedKey {
  method?: string;
  segments: string[];
}

/** Checks an HTTP API route key's form; `$default` has no method. */
export function parseHttpRouteKey(key: string): ParsedKey {
  if (key === '$default') return { segments: [] };
  const m = /^([A-Z]+) (\/\S*)$/.exec(key);
  if (!m || !METHODS.has(m[1])) throw badHttpKey();
  const path = m[2];
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const names = new Set<string>();
  segments.forEach((segment, i) => {
    if (segment === '') throw badHttpKey();
    if (segment.includes('{') || segment.includes('}')) {
      const v = VARIABLE.exec(segment);
      if (!v) throw badHttpKey();
      if (v[2] && i !== segments.length - 1) throw badRequest(`The provided route key "${key}" is invalid: a greedy path variable must be the last path segment`);
      if (names.has(v[1])) throw badRequest(`The provided route key "${key}" is invalid: duplicate path variable {${v[1]}}`);
      names.add(v[1]);
    }
  });
  return { method: m[1], segments };
}

export function checkWebSocketRouteKey(key: string): void {
  if (key.trim() === '') throw badRequest('Route key must not be empty');
  if (key.startsWith('$') && !WEBSOCKET_SPECIAL.has(key)) {
    throw badRequest(`Invalid route key: ${key}. Route keys starting with '$' are reserved; use $connect, $disconnect or $default`);
  }
}

/**
 * Refuses a key another route of the API already has, or a path variable named differently from
 * the one another route has at the same place of the same path (the router could not tell them apart).
 */
export function checkRouteKeyConflicts(protocol: string, key: string, others: string[]): void {
  if (others.includes(key)) throw conflict(`Route with key ${key} already exists for this API`);
  if (protocol !== 'HTTP' || key === '$default') return;
  const mine = parseHttpRouteKey(key).segments;
  for (const other of others) {
    if (other === '$default') continue;
    const theirs = parseHttpRouteKey(other).segments;
    for (let i = 0; i < Math.min(mine.length, theirs.length); i++) {
      const a = VARIABLE.exec(mine[i]);
      const b = VARIABLE.exec(theirs[i]);
      if (a && b && !a[2] && !b[2] && a[1] !== b[1]) {
        throw conflict(`The provided route key "${key}" has a conflicting variable on the same hierarchical level as "${other}"`);
      }
      // Past the first segment that differs, the paths are in different subtrees.
      if (!(a && b && !a[2] && !b[2]) && mine[i] !== theirs[i]) break;
    }
  }
}

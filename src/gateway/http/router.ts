/**
 * Route selection for HTTP APIs, as the guide's "Routing API requests" orders it: a full match of
 * the path wins over a greedy `{proxy+}` match, which wins over the `$default` route. Among full
 * matches the most specific path wins (a static segment before a `{param}`, segment by segment
 * from the left), and on the matched path the request's own method before `ANY`; among greedy
 * matches the one with the longest matched prefix. A trailing slash is not part of the match
 * (`/pets/` is routed as `/pets`; the event's rawPath keeps it). Built once per deployment.
 * Path parameters are named by the matched route's own key: two routes may name the variable at
 * the same place differently (an imported definition can), and each gets its own names.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */

export interface RouteTarget {
  routeKey: string;
}

/** A route and its variables' names by path segment index (undefined for static segments). */
interface Entry<R> {
  route: R;
  names: (string | undefined)[];
}

type Methods<R> = Map<string, Entry<R>>;

interface Node<R> {
  static: Map<string, Node<R>>;
  param?: Node<R>;
  greedy?: Methods<R>;
  methods?: Methods<R>;
}

const newNode = <R>(): Node<R> => ({ static: new Map() });

export interface RouteMatch<R> {
  route: R;
  pathParameters: Record<string, string>;
}

export class RouteTable<R extends RouteTarget> {
  private readonly root: Node<R> = newNode();
  private defaultRoute?: R;

  /** Adds a route by its key (`$default` or `METHOD /path`); keys the control plane refused never get here. */
  add(route: R): void {
    const key = route.routeKey;
    if (key === '$default') {
      this.defaultRoute = route;
      return;
    }
    const space = key.indexOf(' ');
    if (space < 0) return;
    const method = key.slice(0, space);
    const path = key.slice(space + 1);
    const segments = path === '/' ? [] : path.slice(1).split('/');
    const names: (string | undefined)[] = [];
    let node = this.root;
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i];
      if (s.startsWith('{') && s.endsWith('+}') && i === segments.length - 1) {
        names[i] = s.slice(1, -2);
        (node.greedy ??= new Map()).set(method, { route, names });
        return;
      }
      if (s.startsWith('{') && s.endsWith('}')) {
        names[i] = s.slice(1, -1);
        node = node.param ??= newNode();
      } else {
        let next = node.static.get(s);
        if (!next) node.static.set(s, (next = newNode()));
        node = next;
      }
    }
    (node.methods ??= new Map()).set(method, { route, names });
  }

  /** The route for `method` and the URL-encoded `rawPath` (no stage), or undefined (404). */
  match(method: string, rawPath: string): RouteMatch<R> | undefined {
    let path = rawPath;
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const segments = path === '/' || path === '' ? [] : path.slice(1).split('/').map(decode);
    const params: [number, string][] = [];
    const full = matchFull(this.root, segments, 0, method, params);
    if (full) return { route: full.route, pathParameters: toRecord(full, params) };
    params.length = 0;
    const greedy = matchGreedy(this.root, segments, 0, method, params);
    if (greedy) return { route: greedy.route, pathParameters: toRecord(greedy, params) };
    return this.defaultRoute ? { route: this.defaultRoute, pathParameters: {} } : undefined;
  }
}

function pick<R>(methods: Methods<R> | undefined, method: string): Entry<R> | undefined {
  return methods ? (methods.get(method) ?? methods.get('ANY')) : undefined;
}

/** Variable values are collected by segment index; the matched route names them. */
function matchFull<R>(node: Node<R>, segments: string[], i: number, method: string, params: [number, string][]): Entry<R> | undefined {
  if (i === segments.length) return pick(node.methods, method);
  const s = segments[i];
  const child = node.static.get(s);
  if (child) {
    const found = matchFull(child, segments, i + 1, method, params);
    if (found) return found;
  }
  if (node.param && s !== '') {
    params.push([i, s]);
    const found = matchFull(node.param, segments, i + 1, method, params);
    if (found) return found;
    params.pop();
  }
  return undefined;
}

/** The deepest greedy variable that takes the rest of the path (one segment or more). */
function matchGreedy<R>(node: Node<R>, segments: string[], i: number, method: string, params: [number, string][]): Entry<R> | undefined {
  if (i >= segments.length) return undefined;
  const s = segments[i];
  const child = node.static.get(s);
  if (child) {
    const found = matchGreedy(child, segments, i + 1, method, params);
    if (found) return found;
  }
  if (node.param && s !== '') {
    params.push([i, s]);
    const found = matchGreedy(node.param, segments, i + 1, method, params);
    if (found) return found;
    params.pop();
  }
  const entry = pick(node.greedy, method);
  if (entry) {
    params.push([i, segments.slice(i).join('/')]);
    return entry;
  }
  return undefined;
}

function toRecord<R>(entry: Entry<R>, params: [number, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, v] of params) {
    const name = entry.names[i];
    if (name !== undefined) out[name] = v;
  }
  return out;
}

function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The REST API resource router, built once per deployment (compile.ts). API Gateway resolves the
 * path and the method as one step: a request goes to the most specific resource that has its
 * method (or ANY). Segment by segment a static path part beats a `{param}`, which beats a greedy
 * `{proxy+}`; when a more specific branch dead-ends, or ends on a resource without the method,
 * the next one is tried. Measured on AWS: with `/{proxy+}` ANY and `/jobs/{op}` GET, `POST
 * /jobs/reboot` and `GET /jobs` (a resource without methods) are both served by the proxy.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-set-up-simple-proxy.html
 *
 * Paths are matched as sent (still URL-encoded) and case-sensitively, and path parameter values
 * are the raw segments: AWS hands `{proxy}` = "a/test%2Balias@x.com" to the integration, not a
 * decoded value, so an encoded '/' (%2F) stays inside its segment.
 */
export interface RouteMatch<R> {
  resource: R;
  pathParameters: Record<string, string>;
}

/** What the router needs to know of a resource: which methods it has. */
export interface Routable {
  methods: ReadonlyMap<string, unknown>;
}

interface Node<R> {
  statics: Map<string, Node<R>>;
  param?: { name: string; node: Node<R> };
  greedy?: { name: string; resource: R };
  resource?: R;
}

const newNode = <R>(): Node<R> => ({ statics: new Map() });
const GREEDY = /^\{(.+)\+\}$/;
const PARAM = /^\{(.+)\}$/;

export class ResourceRouter<R extends Routable> {
  private readonly root: Node<R> = newNode();
  /** Every resource added, in the order added (TestInvokeMethod finds a resource by id here). */
  readonly resources: R[] = [];

  /** `path` is the resource's full path as API Gateway shows it: '/', '/pets/{petId}', '/{proxy+}'. */
  add(path: string, resource: R): void {
    this.resources.push(resource);
    let node = this.root;
    const parts = path.split('/').filter((p) => p !== '');
    for (const part of parts) {
      const greedy = GREEDY.exec(part);
      if (greedy) {
        // AWS allows a greedy part only as the last one ("cannot have children"): nothing follows.
        node.greedy = { name: greedy[1], resource };
        return;
      }
      const param = PARAM.exec(part);
      if (param) {
        node.param ??= { name: param[1], node: newNode() };
        node = node.param.node;
      } else {
        let next = node.statics.get(part);
        if (!next) {
          next = newNode();
          node.statics.set(part, next);
        }
        node = next;
      }
    }
    node.resource = resource;
  }

  /**
   * `rawPath` is the resource path after the stage, as sent ('/pets/42', '//pets/', '/a%2Fb').
   * Leading and trailing slashes are ignored ('/stage//pets/' routes as '/pets', as on AWS); an
   * empty segment inside the path matches only a greedy `{proxy+}`, which keeps it ('a//b').
   * With `httpMethod`, only a resource that has that method or ANY can match; without it, any
   * resource can (TestInvokeMethod reading path parameters for a given resource).
   */
  match(rawPath: string, httpMethod?: string): RouteMatch<R> | undefined {
    let start = 0;
    let end = rawPath.length;
    while (start < end && rawPath.charCodeAt(start) === 47 /* / */) start++;
    while (end > start && rawPath.charCodeAt(end - 1) === 47) end--;
    const parts = start === end ? [] : rawPath.slice(start, end).split('/');
    return this.walk(this.root, parts, 0, undefined, httpMethod);
  }

  private walk(node: Node<R>, parts: string[], i: number, params: Record<string, string> | undefined, method: string | undefined): RouteMatch<R> | undefined {
    if (i === parts.length) {
      const r = node.resource;
      return r && serves(r, method) ? { resource: r, pathParameters: params ?? {} } : undefined;
    }
    const part = parts[i];
    if (part !== '') {
      const next = node.statics.get(part) ?? (part.includes('%') ? node.statics.get(decodeUnreserved(part)) : undefined);
      if (next) {
        const found = this.walk(next, parts, i + 1, params, method);
        if (found) return found;
      }
      if (node.param) {
        const found = this.walk(node.param.node, parts, i + 1, { ...params, [node.param.name]: part }, method);
        if (found) return found;
      }
    }
    const greedy = node.greedy;
    if (greedy && serves(greedy.resource, method)) {
      return { resource: greedy.resource, pathParameters: { ...params, [greedy.name]: i === 0 ? parts.join('/') : parts.slice(i).join('/') } };
    }
    return undefined;
  }
}

function serves(resource: Routable, method: string | undefined): boolean {
  return method === undefined || resource.methods.has(method) || resource.methods.has('ANY');
}

/**
 * A static path part holds only a-zA-Z0-9._- (CreateResource refuses anything else), all of them
 * unreserved characters, which a client may send percent-encoded (RFC 3986 section 2.3): '%2D' is
 * '-'. Only those are decoded here; an encoded '/' or space can never name a static part.
 */
function decodeUnreserved(part: string): string {
  return part.replace(/%([0-9A-Fa-f]{2})/g, (whole, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9._~-]/.test(c) ? c : whole;
  });
}

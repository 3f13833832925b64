/**
 * The REST API resource router, built once per deployment. API Gateway matches a request path
 * against the resource tree segment by segment: a static path part beats a `{param}`, which beats
 * a greedy `{proxy+}`; when a more specific branch dead-ends, the next one is tried.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html
 */
export interface RouteMatch<R> {
  resource: R;
  pathParameters: Record<string, string>;
}

interface Node<R> {
  statics: Map<string, Node<R>>;
  param?: { name: string; node: Node<R> };
  greedy?: { name: string; resource: R };
  resource?: R;
}

const newNode = <R>(): Node<R> => ({ statics: new Map() });

export class ResourceRouter<R> {
  private readonly root: Node<R> = newNode();

  /** `path` is the resource's full path as API Gateway shows it: '/', '/pets/{petId}', '/{proxy+}'. */
  add(path: string, resource: R): void {
    let node = this.root;
    const parts = path.split('/').filter((p) => p !== '');
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      const greedy = /^\{(.+)\+\}$/.exec(part);
      if (greedy) {
        node.greedy = { name: greedy[1], resource };
        return;
      }
      const param = /^\{(.+)\}$/.exec(part);
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
   * `segments` are the request path's segments, already URL-decoded; an empty trailing segment
   * (a trailing slash) is ignored, as API Gateway ignores it.
   */
  match(segments: string[]): RouteMatch<R> | undefined {
    const parts = segments.length && segments[segments.length - 1] === '' ? segments.slice(0, -1) : segments;
    return this.walk(this.root, parts, 0, {});
  }

  private walk(node: Node<R>, parts: string[], i: number, params: Record<string, string>): RouteMatch<R> | undefined {
    if (i === parts.length) {
      if (node.resource) return { resource: node.resource, pathParameters: params };
      return undefined;
    }
    const part = parts[i];
    if (part !== '') {
      const next = node.statics.get(part);
      if (next) {
        const found = this.walk(next, parts, i + 1, params);
        if (found) return found;
      }
      if (node.param) {
        const found = this.walk(node.param.node, parts, i + 1, { ...params, [node.param.name]: part });
        if (found) return found;
      }
    }
    if (node.greedy) {
      return { resource: node.greedy.resource, pathParameters: { ...params, [node.greedy.name]: parts.slice(i).join('/') } };
    }
    return undefined;
  }
}

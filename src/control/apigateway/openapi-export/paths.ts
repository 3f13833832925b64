/**
 * The parts of an export both formats share: which paths and operations there are, and each
 * method's parameters, read from the deployed snapshot.
 *
 * - Only resources with methods appear (the guide's exported samples list no method-less path).
 * - `ANY` is written as `x-amazon-apigateway-any-method` (api-gateway-swagger-extensions-any-method).
 * - Parameters come from the method's requestParameters (`method.request.{path|querystring|header}.X`);
 *   a path parameter of the resource path the method did not declare is added, required, so the
 *   document stays valid OpenAPI (every templated path segment must be declared).
 */
import type { S_Method } from '../../../aws/generated/apigateway.js';
import type { DeploymentSnapshot } from '../../../definitions/apigateway.js';

export interface ExportedOperation {
  /** The OpenAPI operation key: "get", "post", ... or "x-amazon-apigateway-any-method". */
  key: string;
  httpMethod: string;
  resourceId: string;
  path: string;
  method: S_Method;
}

export interface ExportedPath {
  path: string;
  operations: ExportedOperation[];
}

export function exportedPaths(snapshot: DeploymentSnapshot): ExportedPath[] {
  return snapshot.resources
    .filter((r) => Object.keys(r.resourceMethods).length > 0)
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((r) => ({
      path: r.path,
      operations: Object.entries(r.resourceMethods).map(([httpMethod, method]) => ({
        key: httpMethod === 'ANY' ? 'x-amazon-apigateway-any-method' : httpMethod.toLowerCase(),
        httpMethod,
        resourceId: r.id,
        path: r.path,
        method,
      })),
    }));
}

export interface ExportedParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
}

const LOCATIONS: Record<string, ExportedParameter['in']> = { path: 'path', querystring: 'query', header: 'header' };

export function methodParameters(op: ExportedOperation): ExportedParameter[] {
  const params: ExportedParameter[] = [];
  for (const [expression, required] of Object.entries(op.method.requestParameters ?? {})) {
    const m = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(expression);
    if (!m) continue;
    const where = LOCATIONS[m[1]];
    params.push({ name: m[2], in: where, required: where === 'path' ? true : Boolean(required) });
  }
  for (const m of op.path.matchAll(/\{([^}+]+)\+?\}/g)) {
    if (!params.some((p) => p.in === 'path' && p.name === m[1])) params.push({ name: m[1], in: 'path', required: true });
  }
  return params;
}

/** The response header names a method response declares (`method.response.header.X`). */
export function responseHeaders(responseParameters: Record<string, boolean> | undefined): string[] {
  return Object.keys(responseParameters ?? {})
    .map((k) => /^method\.response\.header\.(.+)$/.exec(k)?.[1])
    .filter((h): h is string => h !== undefined);
}

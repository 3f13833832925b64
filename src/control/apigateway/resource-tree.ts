/**
 * The rules of a REST API's resource tree, shared by CreateResource and UpdateResource.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-settings-method-request.html#api-gateway-proxy-resource
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-known-issues.html
 *
 * Quoted messages were recorded from AWS (test_apigateway_api.snapshot.json,
 * TestApiGatewayApiResource::*).
 */
import { badRequest, conflict, limitExceeded } from '../../aws/errors.js';
import type { ResourceRecord } from './records.js';

/** "Resources per API: 300" (developer guide, limits.md), the root resource included. */
export const RESOURCES_PER_API = 300;

/**
 * "Path segments can only contain alphanumeric characters, underscores, hyphens, periods, commas,
 * colons, and curly braces. Path parameters must be separate path segments" (known issues):
 * a static part, `{name}` or the greedy `{name+}`.
 */
const STATIC_PART = /^[A-Za-z0-9._\-:,]+$/;
const VARIABLE_PART = /^\{[A-Za-z0-9._\-]+\+?\}$/;

export const isVariable = (pathPart: string | undefined) => pathPart?.startsWith('{') === true;
export const isGreedy = (pathPart: string | undefined) => pathPart?.startsWith('{') === true && pathPart.endsWith('+}');

export function checkPathPart(pathPart: string | undefined): asserts pathPart is string {
  if (pathPart === undefined || !(STATIC_PART.test(pathPart) || VARIABLE_PART.test(pathPart))) {
    throw badRequest(
      "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
    );
  }
}

export function checkResourceLimit(count: number): void {
  if (count >= RESOURCES_PER_API) {
    throw limitExceeded(
      `Cannot create more resources: this API already has ${count} resources, and API Gateway allows ${RESOURCES_PER_API} resources per API.`,
    );
  }
}

/**
 * Whether `resource` may sit under `parent` with its pathPart, among the parent's other children:
 * no child under a greedy `{x+}`, no two children with one name, at most one variable child.
 */
export function checkPlacement(resource: ResourceRecord, parent: ResourceRecord, all: Iterable<ResourceRecord>): void {
  if (isGreedy(parent.pathPart)) throw badRequest(`Cannot create a child of a resource with a greedy path variable: ${parent.pathPart}`);
  const siblings = [...all].filter((r) => r.parentId === parent.id && r.id !== resource.id);
  if (siblings.some((s) => s.pathPart === resource.pathPart)) {
    throw conflict(`Another resource with the same parent already has this name: ${resource.pathPart}`);
  }
  const variable = isVariable(resource.pathPart) && siblings.find((s) => isVariable(s.pathPart));
  if (variable) throw badRequest(`A sibling (${variable.pathPart}) of this resource already has a variable path part -- only one is allowed`);
}

/** A greedy `{x+}` resource cannot keep children (it stands for everything below it). */
export function checkGreedyHasNoChildren(resource: ResourceRecord, all: Iterable<ResourceRecord>): void {
  if (isGreedy(resource.pathPart) && [...all].some((r) => r.parentId === resource.id)) {
    throw badRequest(`A resource with a greedy path variable cannot have child resources: ${resource.pathPart}`);
  }
}

/** The ids of `rootId` and every resource below it. */
export function subtreeIds(rootId: string, all: Iterable<ResourceRecord>): Set<string> {
  const children = new Map<string, string[]>();
  for (const r of all) if (r.parentId !== undefined) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const ids = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return ids;
}

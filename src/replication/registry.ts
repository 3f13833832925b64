/**
 * The resource-type registry: one module per AWS resource type, registered by the service's
 * index (apigateway/index.ts, apigatewayv2/index.ts, lambda/index.ts). Inventory, the dependency
 * graph, plan, apply and verify only ever reach a type through this table; HTTP and WebSocket
 * APIs plugged in as apigatewayv2/index.ts (imported from types.ts) with no change to the engine
 * beyond the v2 client on `Side` and the v2 rules:
 *  - `apigatewayv2:Api` with `root: true` (selected by id/tags; execute-api ARNs naming it are
 *    tokenised like a REST API's), children Model, Authorizer, Integration (> IntegrationResponse),
 *    Route (> RouteResponse), Deployment (ExportApi of a stage for HTTP APIs), Stage, each with
 *    its `order`, `idKeyed` (authorizers and integrations are named by id: idKeyed + adopt;
 *    routes, models, stages by natural keys) and `list/create/update/delete`;
 *  - `apigatewayv2:VpcLink` top-level, pulled in by the integrations naming it;
 *  - `apigatewayv2:ApiMapping` as a child type of the shared domain name (pooled top-level
 *    trees that name an included API are pulled in: the seed's "API Mappings that use this API");
 *  - `lambda:Version` (id-keyed: the target numbers versions itself) and `lambda:Alias` as child
 *    types of `lambda:Function`, listed under each function the inventory reads by id;
 *  - the v2 rules (JWT issuers, audiences, subnet and security-group ids) in rules.ts, applied by
 *    the types' `translate` hooks (TranslateHooks.mapped/target).
 */
import type { ResourceType } from './model.js';

const types = new Map<string, ResourceType>();

export function registerType(t: ResourceType): void {
  if (types.has(t.type)) throw new Error(`resource type ${t.type} is registered twice`);
  types.set(t.type, t);
}

export function resourceType(type: string): ResourceType {
  const t = types.get(type);
  if (!t) throw new Error(`no resource type ${type} is registered`);
  return t;
}

export const isIdKeyed = (type: string): boolean => types.get(type)?.idKeyed ?? true;

/** Every type, in apply order. */
export function allTypes(): ResourceType[] {
  return [...types.values()].sort((a, b) => a.order - b.order);
}

export function childTypes(parentType: string | undefined): ResourceType[] {
  return allTypes().filter((t) => t.parentType === parentType);
}

/**
 * Builds the frozen copy of a REST API that a deployment serves (its shape and the reasons are
 * documented with DeploymentSnapshot in src/definitions/apigateway.ts).
 */
import { badRequest } from '../../aws/errors.js';
import type {
  S_Authorizer,
  S_GatewayResponse,
  S_MapOfMethodSnapshot,
  S_Method,
  S_Model,
  S_RequestValidator,
} from '../../aws/generated/apigateway.js';
import type { StoreTx } from '../../store/types.js';
import type { DeploymentSnapshot, SnapshotResource } from '../../definitions/apigateway.js';
export type { DeploymentSnapshot, SnapshotResource } from '../../definitions/apigateway.js';
import { effectiveGatewayResponses } from './gateway-responses.js';
import { apiPrefix, KIND, resourcePath, type ResourceRecord, type RestApiRecord } from './records.js';


/**
 * Reads the whole API (each kind listed once by the API's prefix, never per resource) and
 * refuses what AWS refuses to deploy: an API without methods, or a method without integration.
 * With `asIs` (TestInvokeMethod, which runs the current definition without deploying it) nothing
 * is refused: a method without integration answers its configuration error when invoked.
 */
export async function buildSnapshot(tx: StoreTx, api: RestApiRecord, deploymentId: string, createdDate: string, asIs = false): Promise<DeploymentSnapshot> {
  const prefix = apiPrefix(api.id);
  const [resources, methods, models, validators, authorizers] = await Promise.all([
    tx.list<ResourceRecord>(KIND.resource, prefix),
    tx.list<S_Method>(KIND.method, prefix),
    tx.list<S_Model>(KIND.model, prefix),
    tx.list<S_RequestValidator>(KIND.requestValidator, prefix),
    tx.list<S_Authorizer>(KIND.authorizer, prefix),
  ]);
  if (methods.length === 0 && !asIs) throw badRequest("The REST API doesn't contain any methods");

  const byId = new Map(resources.map((e) => [e.value.id, e.value]));
  const snapshotResources = new Map<string, SnapshotResource>();
  for (const { value: r } of resources) {
    snapshotResources.set(r.id, { id: r.id, parentId: r.parentId, pathPart: r.pathPart, path: resourcePath(byId, r), resourceMethods: {} });
  }
  for (const { key, value: method } of methods) {
    // key: {apiId}/{resourceId}/{HTTP_METHOD}
    const [, resourceId, httpMethod] = key.split('/');
    const resource = snapshotResources.get(resourceId);
    if (!resource) continue; // a method left behind by a deleted resource is not part of the API
    if (!method.methodIntegration && !asIs) throw badRequest('No integration defined for method');
    resource.resourceMethods[httpMethod] = method;
  }

  const gatewayResponses: Record<string, S_GatewayResponse> = {};
  for (const response of await effectiveGatewayResponses(tx, api.id)) {
    if (response.responseType) gatewayResponses[response.responseType] = response;
  }

  return {
    version: 1,
    restApiId: api.id,
    deploymentId,
    createdDate,
    api: {
      id: api.id,
      name: api.name,
      description: api.description,
      version: api.version,
      apiKeySource: api.apiKeySource,
      binaryMediaTypes: api.binaryMediaTypes ?? [],
      minimumCompressionSize: api.minimumCompressionSize,
      policy: api.policy,
      endpointConfiguration: api.endpointConfiguration,
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
      rootResourceId: api.rootResourceId,
    },
    resources: [...snapshotResources.values()],
    models: Object.fromEntries(models.map((e) => [e.value.name!, e.value])),
    requestValidators: Object.fromEntries(validators.map((e) => [e.value.id!, e.value])),
    authorizers: Object.fromEntries(authorizers.map((e) => [e.value.id!, e.value])),
    gatewayResponses,
  };
}

/**
 * Deployment.apiSummary (GetDeployment with embed=apisummary): for each resource path with
 * methods, each method's authorizationType and apiKeyRequired.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_Deployment.html
 */
export function apiSummary(snapshot: DeploymentSnapshot): Record<string, S_MapOfMethodSnapshot> {
  const summary: Record<string, S_MapOfMethodSnapshot> = {};
  for (const resource of snapshot.resources) {
    const methods = Object.entries(resource.resourceMethods);
    if (!methods.length) continue;
    summary[resource.path] = Object.fromEntries(
      methods.map(([httpMethod, m]) => [httpMethod, { authorizationType: m.authorizationType ?? 'NONE', apiKeyRequired: m.apiKeyRequired ?? false }]),
    );
  }
  return summary;
}
